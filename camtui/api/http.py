"""One httpx.AsyncClient per profile: auth, timeouts, retries, read-only guard, error mapping.

Everything an engine implementation sends goes through `HttpSession.request`, so this is the one
place that turns transport failures and non-2xx answers into `camtui.api.errors`. An answer of the
wrong shape (valid JSON, but not what the engine's API answers) becomes `MalformedResponse` in the
area classes, through `parsed_answers`.
"""

from __future__ import annotations

import functools
import html
import inspect
import json
import logging
import random
import re
import socket
import ssl
import time
from collections.abc import Callable, Coroutine, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, ParamSpec, TypeVar

import httpx
from pydantic import SecretStr

from camtui.api import blocking, errors, events
from camtui.api.connection import AuthKind, Connection
from camtui.api.plan import PlannedRequest, json_safe
from camtui.api.redact import redact_url

log = logging.getLogger("camtui.http")

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
RETRY_STATUSES = frozenset({502, 503, 504})
# the longest `Retry-After` a read waits for before its retry; a longer one ends the retries at once
RETRY_AFTER_CAP = 10.0
# how much of the engine's answer a MalformedResponse shows
ANSWER_HEAD = 120

# (status, parsed body or None, raw text) -> the error to raise
ErrorMapper = Callable[[int, Any, str], errors.EngineError]


def default_error(status: int, body: Any, text: str) -> errors.EngineError:
    """Map a non-2xx answer by status; the message is the engine's own where it gave one.

    Understands C7 (`{type, message, code}`), RFC 9457 problem details (C8) and anything else a
    gateway may answer (plain text, HTML): then the start of the text is the message.
    """
    message, engine_type, details = "", None, {}
    if isinstance(body, dict):
        message = str(body.get("message") or body.get("detail") or body.get("title") or "")
        engine_type = body.get("type") if isinstance(body.get("type"), str) else None
        details = {k: v for k, v in body.items() if k not in ("message", "detail", "title", "type")}
        if isinstance(body.get("details"), dict):
            details = body["details"]
        if "missingAuthorizations" in body:
            details["missingAuthorizations"] = body["missingAuthorizations"]
    elif text.strip():
        message = _plain_text(text)[:500]
    cls: type[errors.EngineError]
    if status == 400:
        cls = errors.BadRequest
    elif status == 401:
        cls = errors.Unauthorized
        message = message or "The engine refused the credentials (401 Unauthorized)."
    elif status == 403:
        cls = errors.Forbidden
    elif status == 404:
        cls = errors.NotFound
    elif status in (409, 412):
        cls = errors.Conflict
    elif status in (429, 503, 502, 504):
        cls = errors.Unavailable
    elif status >= 500:
        cls = errors.ServerError
    else:
        cls = errors.BadRequest
    if not message:
        message = f"HTTP {status} {httpx.codes.get_reason_phrase(status)}".strip()
    return cls(message, status=status, engine_type=engine_type, details=details)


@dataclass(frozen=True)
class RequestSpec:
    """A request before it is sent: previewed in plans, then sent unchanged by `HttpSession.send`."""

    method: str
    path: str
    params: Mapping[str, Any] | None = None
    json_body: Any = None
    data: Mapping[str, Any] | None = None
    # multipart parts: (field, (file name, bytes, content type))
    files: list[tuple[str, tuple[str, bytes, str]]] | None = None


class HttpSession:
    """Sends requests for one connection. Not thread-safe; one per event loop."""

    # the answers a read is tried again after (an engine family may add its own, e.g. Camunda 8's 429)
    retry_statuses: frozenset[int] = RETRY_STATUSES

    def __init__(
        self,
        connection: Connection,
        *,
        auth: httpx.Auth | None = None,
        error_mapper: ErrorMapper = default_error,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.connection = connection
        self.base_url = connection.base_url.rstrip("/")
        self._error_mapper = error_mapper
        creds = connection.credentials
        if auth is None:
            if creds.kind is AuthKind.BASIC:
                auth = httpx.BasicAuth(
                    creds.username or "", creds.password.get_secret_value() if creds.password else ""
                )
            elif creds.kind is AuthKind.BEARER and creds.token is not None:
                auth = _BearerAuth(creds.token.get_secret_value())
            elif creds.kind is AuthKind.OAUTH2:
                auth = _oauth2(connection)
        t = connection.timeouts
        verify = _verify(connection, connection.base_url, connection.deployment_create_url)
        if transport is None and connection.blocking:
            # issue 15: sent with httpx's sync transport, for `blocking.run` (no event loop)
            transport = BlockingTransport(verify=verify, cert=connection.client_cert)
        self._client = httpx.AsyncClient(
            auth=auth,
            timeout=httpx.Timeout(connect=t.connect, read=t.read, write=t.write, pool=t.connect),
            verify=verify,
            cert=connection.client_cert,
            transport=transport,
            headers={"Accept": "application/json"},
            follow_redirects=False,
        )

    @property
    def read_only(self) -> bool:
        return self.connection.read_only

    async def aclose(self) -> None:
        await self._client.aclose()

    def url(self, path: str) -> str:
        return path if path.startswith(("http://", "https://")) else f"{self.base_url}{path}"

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json_body: Any = None,
        files: Any = None,
        data: Mapping[str, Any] | None = None,
        mutating: bool | None = None,
        accept: str | None = None,
        error_mapper: ErrorMapper | None = None,
    ) -> httpx.Response:
        """Send one request and return a 2xx response, or raise an EngineError.

        `mutating` defaults to "not GET/HEAD/OPTIONS"; queries sent as POST pass False. A mutating
        request on a read-only profile raises before anything is sent, and is never retried.
        """
        method = method.upper()
        if mutating is None:
            mutating = method not in SAFE_METHODS
        if mutating and self.read_only:
            raise errors.ReadOnlyProfile(f"Refused {method} {path}: the profile is read-only, nothing was sent.")
        url = self.url(path)
        headers = {"Accept": accept} if accept else None
        attempts = 1 if mutating else 1 + max(0, self.connection.retries)
        t = self.connection.timeouts
        timeout = httpx.Timeout(connect=t.connect, read=t.read, write=t.write, pool=t.connect)
        # One deadline for a read and all its retries: connect + 1.5 x read timeout after the first
        # attempt starts. The first attempt has the connection's timeouts in full (as a request without
        # retries would); each retry only what is left of the deadline, and a retry whose wait (back-off
        # or Retry-After) would leave less than a quarter of the read timeout is not made: the last error
        # is raised. `retries` bounds the number of attempts, the deadline their time (never
        # timeout x retries).
        deadline = time.monotonic() + t.connect + 1.5 * t.read
        for attempt in range(1, attempts + 1):
            started = time.perf_counter()
            wait_asked: float | None = None
            try:
                response = await self._client.request(
                    method,
                    url,
                    params=_clean_params(params),
                    json=reveal(json_body),
                    files=files,
                    data=data,
                    headers=headers,
                    timeout=timeout,
                )
            except (httpx.ReadTimeout, httpx.ReadError, httpx.RemoteProtocolError, httpx.WriteError) as exc:
                if not mutating:
                    # the engine was reached; its answer did not come whole
                    error: errors.EngineError = (
                        errors.TimedOut(f"{method} {redact_url(url)} timed out ({type(exc).__name__}).")
                        if isinstance(exc, httpx.TimeoutException)
                        else errors.ConnectionFailed(
                            f"{method} {redact_url(url)}: the connection dropped before the whole answer "
                            f"came ({type(exc).__name__}).",
                            hint="The engine or a proxy in between closed it; reading again is safe.",
                        )
                    )
                else:
                    # the change left (or started to): never say "not sent", never retry; say so, and log it
                    log.warning("%s %s sent, its answer lost (%s): outcome unknown", method, redact_url(url), exc)
                    raise errors.OutcomeUnknown(
                        f"{method} {redact_url(url)} was sent, but its answer was lost ({type(exc).__name__}): "
                        "the change may or may not have happened."
                    ) from None
            except httpx.TimeoutException as exc:
                error = errors.TimedOut(f"{method} {redact_url(url)} timed out ({type(exc).__name__}).")
            except (httpx.ConnectError, httpx.NetworkError) as exc:
                error = _connection_error(url, exc)
            except httpx.HTTPError as exc:
                error = errors.ConnectionFailed(f"{method} {redact_url(url)} failed: {exc}")
            else:
                elapsed = (time.perf_counter() - started) * 1000
                # changes and failures at INFO: the log is the record of what camtui did; never a body
                level = logging.INFO if mutating or not response.is_success else logging.DEBUG
                log.log(level, "%s %s -> %s in %.0f ms", method, redact_url(url), response.status_code, elapsed)
                if response.is_success:
                    return response
                mapper = error_mapper or self._error_mapper
                error = mapper(response.status_code, _body(response), response.text)
                # back-pressure the mapper recognised in the body (Camunda 8's 500 RESOURCE_EXHAUSTED)
                # is retried like the statuses that always mean it
                pressure = response.status_code in self.retry_statuses or isinstance(error, errors.Unavailable)
                wait_asked = retry_after(response.headers.get("Retry-After"))
                if wait_asked is not None and (response.status_code in (429, 503) or pressure):
                    error.hint = f"The engine asks to try again in {wait_asked:.0f} s."
                if not pressure:
                    raise error
            if attempt < attempts and (wait_asked is None or wait_asked <= RETRY_AFTER_CAP):
                if wait_asked is not None:
                    delay = wait_asked
                else:
                    # capped exponential back-off with jitter
                    delay = min(2.0, 0.2 * 2 ** (attempt - 1)) * (0.5 + random.random())
                left = deadline - time.monotonic() - delay
                if left >= t.read / 4:
                    log.debug("retrying %s %s in %.1f s: %s", method, redact_url(url), delay, error.message)
                    events.retrying(
                        events.Retrying(method, redact_url(url), attempt + 1, attempts, delay, error.message)
                    )
                    if blocking.active():
                        time.sleep(delay)  # noqa: ASYNC251  # no event loop to wait on (camtui.api.blocking)
                    else:
                        import asyncio

                        await asyncio.sleep(delay)
                    timeout = httpx.Timeout(
                        connect=min(t.connect, left),
                        read=min(t.read, left),
                        write=min(t.write, left),
                        pool=min(t.connect, left),
                    )
                    continue
            raise error
        raise AssertionError("unreachable")

    def preview(self, spec: RequestSpec) -> PlannedRequest:
        """The request as it will go on the wire, without credentials (for plans and curl)."""
        params = _clean_params(spec.params) or {}
        return PlannedRequest(
            method=spec.method.upper(),
            url=redact_url(self.url(spec.path)),
            query=tuple((k, str(v)) for k, v in params.items()),
            json_body=json_safe(spec.json_body) if spec.json_body is not None else None,
            form=tuple((k, str(v)) for k, v in (spec.data or {}).items()),
            files=tuple((field, part[0]) for field, part in spec.files or ()),
            auth=_curl_auth(self.connection),
        )

    async def send(self, spec: RequestSpec) -> httpx.Response:
        return await self.request(
            spec.method, spec.path, params=spec.params, json_body=spec.json_body, data=spec.data, files=spec.files
        )

    async def send_json(self, spec: RequestSpec) -> Any:
        return await self.json(
            spec.method, spec.path, params=spec.params, json_body=spec.json_body, data=spec.data, files=spec.files
        )

    async def json(self, method: str, path: str, **kwargs: Any) -> Any:
        """Send a request and return its JSON body (None for an empty 2xx).

        Inside an area method wrapped by `parsed_answers`, the answer is remembered, so a body of the
        wrong shape can be reported as what it was.
        """
        response = await self.request(method, path, **kwargs)
        answer = Answer.of(method, self.url(path), response)
        answers = _answers.get()
        if answers is not None:
            answers.append(answer)
        if not response.content:
            return None
        try:
            return response.json()
        except ValueError as exc:
            raise errors.MalformedResponse(f"{answer.describe()}, a body that is not JSON.") from exc

    async def get(self, path: str, **params: Any) -> Any:
        return await self.json("GET", path, params=params)


class BlockingTransport(httpx.AsyncBaseTransport):
    """An async transport that sends with httpx's sync one, blocking the caller until the whole
    answer is in. Made with the TLS settings the AsyncClient would have given its own transport."""

    def __init__(self, *, verify: Any, cert: Any = None, trust_env: bool = True) -> None:
        self._sync = httpx.HTTPTransport(verify=verify, cert=cert, trust_env=trust_env)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        # httpx's request streams (bytes, JSON, forms, multipart) are sync and async alike
        response = self._sync.handle_request(request)
        try:
            raw = b"".join(response.stream)  # type: ignore[arg-type]  # a sync stream from the sync transport
        finally:
            response.close()
        # the body as it came (still encoded): the AsyncClient decodes it as it would its own
        return httpx.Response(
            response.status_code,
            headers=response.headers,
            stream=httpx.ByteStream(raw),
            extensions=response.extensions,
            request=request,
        )

    async def aclose(self) -> None:
        self._sync.close()


def reveal(value: Any) -> Any:
    """A body with its SecretStr values (a new user's password) in clear, for the wire only; previews,
    plans and logs keep the asterisks."""
    if isinstance(value, SecretStr):
        return value.get_secret_value()
    if isinstance(value, dict):
        return {k: reveal(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [reveal(v) for v in value]
    return value


def retry_after(value: str | None) -> float | None:
    """Seconds a `Retry-After` header asks to wait (delta-seconds or an HTTP date); None if absent or unreadable."""
    if value is None or not value.strip():
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


@dataclass(frozen=True)
class Answer:
    """What the engine answered to one request, as much of it as an error message may show."""

    method: str
    url: str  # redacted
    status: int
    content_type: str
    size: int
    head: bytes  # the first ANSWER_HEAD bytes of the body

    @classmethod
    def of(cls, method: str, url: str, response: httpx.Response) -> Answer:
        content = response.content
        return cls(
            method=method.upper(),
            url=redact_url(url),
            status=response.status_code,
            content_type=response.headers.get("Content-Type", "no content type"),
            size=len(content),
            head=content[:ANSWER_HEAD],
        )

    def describe(self) -> str:
        """`GET https://.../x answered 200 (application/json, 6 bytes): '[1, 2]'`, with control
        characters shown escaped (repr), so an answer can not move the cursor or retitle the terminal."""
        where = f"{self.method} {shown(self.url, 200, quoted=False)} answered {self.status}"
        kind = shown(self.content_type, 60, quoted=False)
        if not self.size:
            return f"{where} with an empty body ({kind})"
        text = shown(self.head.decode("utf-8", errors="replace"), ANSWER_HEAD)
        more = "…" if self.size > len(self.head) else ""
        return f"{where} ({kind}, {self.size} bytes): {text}{more}"


def shown(value: object, limit: int = 60, *, quoted: bool = True) -> str:
    """A value from outside (an id, a body, a header) as it is safe to print: its repr, so control
    characters are escaped (`\\x1b`) and a terminal never receives them raw, cut to `limit`
    characters. `quoted=False` leaves printable text without the quotes."""
    if not isinstance(value, str):
        return repr(value)
    cut = value[:limit]
    text = cut if not quoted and cut.isprintable() else repr(cut)
    return text + ("…" if len(value) > limit else "")


# the answers the current area call received, in order (None outside an area method)
_answers: ContextVar[list[Answer] | None] = ContextVar("camtui_http_answers", default=None)

# what turning a body of the wrong shape into models raises (pydantic's ValidationError is a ValueError)
SHAPE_ERRORS: tuple[type[Exception], ...] = (LookupError, TypeError, ValueError, AttributeError, ArithmeticError)

P = ParamSpec("P")
R = TypeVar("R")
C = TypeVar("C", bound=type)


def parsed_answers(engine: str, *, hint: str | None = None) -> Callable[[C], C]:
    """Class decorator for an engine's area classes: every public async method reports a body of the
    wrong shape as `MalformedResponse`.

    Valid JSON of an unexpected shape (a list for an object, an object without `id`, a string,
    `null`, an empty body) makes the parsing raise KeyError, TypeError, AttributeError or a
    ValueError (pydantic's ValidationError). Such an exception, raised after the call received at
    least one answer, becomes a MalformedResponse naming what the engine answered (method, redacted
    URL, status, content type, the first bytes, escaped). Before any answer (a caller's bug, such as
    a page token of another engine) it stays what it was; EngineErrors pass untouched.
    """

    def decorate(cls: C) -> C:
        for name, member in list(vars(cls).items()):
            if not name.startswith("_") and inspect.iscoroutinefunction(member):
                setattr(cls, name, _parsing(member, engine, hint))
        return cls

    return decorate


def _parsing(
    fn: Callable[P, Coroutine[Any, Any, R]], engine: str, hint: str | None
) -> Callable[P, Coroutine[Any, Any, R]]:
    @functools.wraps(fn)
    async def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        answers: list[Answer] = []
        token = _answers.set(answers)
        try:
            return await fn(*args, **kwargs)
        except errors.EngineError:
            raise
        except SHAPE_ERRORS as exc:
            if not answers:
                raise
            told = "; ".join(a.describe() for a in answers[-3:])
            raise errors.MalformedResponse(
                f"{told}. That is not what a {engine} engine answers ({type(exc).__name__}: {shown(str(exc))}).",
                hint=hint,
            ) from exc
        finally:
            _answers.reset(token)

    return wrapper


class _BearerAuth(httpx.Auth):
    def __init__(self, token: str) -> None:
        self._token = token

    def __repr__(self) -> str:
        return "_BearerAuth(token='**********')"

    def auth_flow(self, request: httpx.Request):  # type: ignore[no-untyped-def]
        request.headers["Authorization"] = f"Bearer {self._token}"
        yield request


def _oauth2(connection: Connection) -> httpx.Auth:
    from camtui.api.oauth import OAuth2ClientCredentials

    creds = connection.credentials
    if not creds.token_url or not creds.client_id or creds.client_secret is None:
        raise errors.Unauthorized(
            "OAuth2 needs a token URL, a client id and a client secret; this profile lacks one of them.",
            hint="Set them with `camtui profile edit NAME --token-url ... --client-id ... --client-secret-stdin`.",
        )
    return OAuth2ClientCredentials(
        token_url=creds.token_url,
        client_id=creds.client_id,
        client_secret=creds.client_secret,
        audience=creds.audience,
        scope=creds.scope,
        verify=_verify(connection, creds.token_url),
        timeout=connection.timeouts.connect + connection.timeouts.read,
    )


def _curl_auth(connection: Connection) -> str:
    """curl's auth option with a shell variable where the secret goes."""
    import shlex

    creds = connection.credentials
    if creds.kind is AuthKind.BASIC:
        return f'-u {shlex.quote((creds.username or "") + ":")}"$PASSWORD"'
    if creds.kind in (AuthKind.BEARER, AuthKind.OAUTH2):
        return '-H "Authorization: Bearer $TOKEN"'
    return ""


def _verify(connection: Connection, *urls: str | None) -> ssl.SSLContext | bool:
    """How the client checks TLS peers on `urls`, the only ones it is sent to."""
    if not connection.ca_bundle and not any(url and url.lower().startswith("https:") for url in urls):
        # nothing goes over TLS: loading the CA store would cost every start 30 ms for nothing; this
        # context trusts no certificate, so a TLS peer it somehow met would be refused, not believed
        return ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    if not connection.verify_tls:
        return False
    if connection.ca_bundle:
        return ssl.create_default_context(cafile=connection.ca_bundle)
    return True


def _clean_params(params: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """Drop None, and spell booleans the way Java's query parsers read them."""
    if not params:
        return None
    out: dict[str, Any] = {}
    for key, value in params.items():
        if value is None:
            continue
        out[key] = ("true" if value else "false") if isinstance(value, bool) else value
    return out


def _body(response: httpx.Response) -> Any:
    if not response.content:
        return None
    try:
        return response.json()
    except (ValueError, json.JSONDecodeError):
        return None


def _plain_text(text: str) -> str:
    """A gateway's or servlet container's HTML error page, as one line a user can read."""
    if "<" not in text or not re.search(r"<(html|body|h1|title)\b", text, re.IGNORECASE):
        return " ".join(text.split())
    title = re.search(r"<(?:title|h1)[^>]*>(.*?)</", text, re.IGNORECASE | re.DOTALL)
    body = title.group(1) if title else re.sub(r"<style.*?</style>|<[^>]+>", " ", text, flags=re.DOTALL)
    return html.unescape(" ".join(body.split()))


def _causes(exc: BaseException) -> list[BaseException]:
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


def _connection_error(url: str, exc: Exception) -> errors.EngineError:
    """Name the real cause: httpx often says only "All connection attempts failed"."""
    chain = _causes(exc)
    text = "; ".join(dict.fromkeys(str(e) for e in chain if str(e))) or type(exc).__name__
    safe = redact_url(url)
    lowered = text.lower()
    if any(isinstance(e, socket.gaierror) for e in chain) or "name or service not known" in lowered:
        return errors.ConnectionFailed(
            f"Cannot resolve the host of {safe}: {text}",
            hint="Check the host name in the profile's URL (DNS).",
        )
    if any(isinstance(e, ConnectionRefusedError) for e in chain) or "refused" in lowered:
        return errors.ConnectionFailed(
            f"Connection refused by {safe}.",
            hint="Nothing listens there: check host and port, and that the engine is running.",
        )
    if any(isinstance(e, ssl.SSLError) for e in chain) or "certificate" in lowered:
        return errors.ConnectionFailed(
            f"TLS failed for {safe}: {text}",
            hint="Set the profile's CA bundle, or (only for testing) turn TLS verification off.",
        )
    return errors.ConnectionFailed(f"Could not reach {safe}: {text}")
