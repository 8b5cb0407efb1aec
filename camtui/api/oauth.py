"""OAuth2 client credentials: fetch a token, keep it in memory until shortly before it expires,
refresh it, and explain failures in words (a wrong audience is the usual one).

A token endpoint that fails (429, 5xx, unreachable, a refusal) is not asked again at once: every
request of a busy console would hammer it. After a failure camtui cools off (the endpoint's
Retry-After, else 1 s doubling to a minute) and, meanwhile, answers with the last failure and when
it will ask again, sending nothing."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncGenerator
from typing import Any

import httpx
from pydantic import SecretStr

from camtui.api import errors
from camtui.api.http import retry_after
from camtui.api.redact import redact_url

log = logging.getLogger("camtui.oauth")

# refresh this long before the token's stated expiry, so no request goes out with a dying token
EXPIRY_MARGIN = 30.0
DEFAULT_LIFETIME = 300.0
# the cool-off after a failed token request: doubling from the first to the longest, or what the
# endpoint's Retry-After asks (up to RETRY_AFTER_MOST)
COOL_OFF_FIRST = 1.0
COOL_OFF_MOST = 60.0
RETRY_AFTER_MOST = 300.0


class OAuth2ClientCredentials(httpx.Auth):
    def __init__(
        self,
        *,
        token_url: str,
        client_id: str,
        client_secret: SecretStr,
        audience: str | None = None,
        scope: str | None = None,
        verify: Any = True,
        timeout: float = 10.0,
    ) -> None:
        self.token_url = token_url
        self.client_id = client_id
        self._secret = client_secret
        self.audience = audience
        self.scope = scope
        self._verify = verify
        self._timeout = timeout
        self._token: SecretStr | None = None
        self._expires_at = 0.0
        self._lock = asyncio.Lock()
        self.fetches = 0
        # after a failure: the error, and when the endpoint may be asked again
        self._failures = 0
        self._failed: errors.EngineError | None = None
        self._cool_until = 0.0
        self._asked_wait: float | None = None

    def __repr__(self) -> str:
        return f"OAuth2ClientCredentials(token_url={self.token_url!r}, client_id={self.client_id!r})"

    async def async_auth_flow(self, request: httpx.Request) -> AsyncGenerator[httpx.Request, httpx.Response]:
        request.headers["Authorization"] = f"Bearer {await self.token()}"
        response = yield request
        if response.status_code == 401:
            # revoked or expired early: one fresh token, one more try
            request.headers["Authorization"] = f"Bearer {await self.token(force=True)}"
            yield request

    async def token(self, *, force: bool = False) -> str:
        async with self._lock:
            if force or self._token is None or time.monotonic() >= self._expires_at - EXPIRY_MARGIN:
                self._refuse_while_cooling_off()
                try:
                    await self._fetch()
                except errors.EngineError as exc:
                    self._cool_off(exc)
                    raise
                self._failures, self._failed, self._cool_until = 0, None, 0.0
            assert self._token is not None
            return self._token.get_secret_value()

    def _refuse_while_cooling_off(self) -> None:
        left = self._cool_until - time.monotonic()
        if self._failed is None or left <= 0:
            return
        failed = self._failed
        raise type(failed)(
            f"{failed.message} camtui asks it again in {left:.0f} s, not before (nothing was sent).",
            status=failed.status,
            hint=failed.hint,
        )

    def _cool_off(self, exc: errors.EngineError) -> None:
        self._failures += 1
        asked, self._asked_wait = self._asked_wait, None
        if asked is not None:
            wait = min(asked, RETRY_AFTER_MOST)
        else:
            wait = min(COOL_OFF_MOST, COOL_OFF_FIRST * 2 ** (self._failures - 1))
        self._failed = exc
        self._cool_until = time.monotonic() + wait
        log.warning(
            "token endpoint %s failed (%s); not asked again for %.0f s", redact_url(self.token_url), exc.message, wait
        )

    async def _fetch(self) -> None:
        form = {
            "grant_type": "client_credentials",
            "client_id": self.client_id,
            "client_secret": self._secret.get_secret_value(),
        }
        if self.audience:
            form["audience"] = self.audience
        if self.scope:
            form["scope"] = self.scope
        where = redact_url(self.token_url)
        try:
            async with httpx.AsyncClient(verify=self._verify, timeout=self._timeout) as client:
                response = await client.post(self.token_url, data=form, headers={"Accept": "application/json"})
        except httpx.TimeoutException:
            raise errors.TimedOut(f"The token endpoint {where} did not answer in time.") from None
        except httpx.HTTPError as exc:
            raise errors.ConnectionFailed(
                f"Cannot reach the token endpoint {where}: {type(exc).__name__}",
                hint="Check the profile's token URL (CAMUNDA_OAUTH_URL).",
            ) from None
        self.fetches += 1
        try:
            body = response.json()
        except ValueError:
            body = {}
        if response.status_code in (429, 502, 503, 504):
            raise self._busy(response, where)
        if response.status_code != 200 or "access_token" not in body:
            raise self._explain(response.status_code, body, where)
        self._token = SecretStr(str(body["access_token"]))
        lifetime = float(body.get("expires_in") or DEFAULT_LIFETIME)
        self._expires_at = time.monotonic() + lifetime

    def _busy(self, response: httpx.Response, where: str) -> errors.EngineError:
        """Rate-limited or overloaded: nothing wrong with the profile; wait as long as it asks."""
        status = response.status_code
        asked = retry_after(response.headers.get("Retry-After"))
        said = "is rate-limiting token requests" if status == 429 else "is overloaded or restarting"
        error = errors.Unavailable(
            f"The token endpoint {where} {said} (HTTP {status}).",
            status=status,
            hint=(f"It asks to wait {asked:.0f} s." if asked is not None else "camtui waits before asking it again.")
            + " Many consoles or scripts sharing one client id exhaust its limit.",
        )
        self._asked_wait = asked
        return error

    def _explain(self, status: int, body: dict[str, Any], where: str) -> errors.EngineError:
        code = str(body.get("error") or "")
        description = str(body.get("error_description") or body.get("message") or "")
        said = f"{code}: {description}".strip(": ") or f"HTTP {status}"
        text = f"The token endpoint {where} refused to issue a token ({said})."
        lowered = said.lower()
        if "audience" in lowered or "resource" in lowered:
            hint = (
                f"The audience {self.audience!r} is not accepted: "
                "check the profile's audience (CAMUNDA_TOKEN_AUDIENCE)."
            )
        elif code in ("invalid_client", "unauthorized_client") or status == 401:
            hint = "Check the client id and client secret of this profile."
        elif "scope" in lowered:
            hint = f"The scope {self.scope!r} is not allowed for this client."
        else:
            hint = "Check the token URL, client id, secret, audience and scope of this profile."
        return errors.Unauthorized(text, status=status, hint=hint)
