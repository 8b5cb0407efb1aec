"""OAuth2 client credentials: fetch a token, keep it in memory until shortly before it expires,
refresh it, and explain failures in words (a wrong audience is the usual one)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncGenerator
from typing import Any

import httpx
from pydantic import SecretStr

from camtui.api import errors
from camtui.api.redact import redact_url

# refresh this long before the token's stated expiry, so no request goes out with a dying token
EXPIRY_MARGIN = 30.0
DEFAULT_LIFETIME = 300.0


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
                await self._fetch()
            assert self._token is not None
            return self._token.get_secret_value()

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
        if response.status_code != 200 or "access_token" not in body:
            raise self._explain(response.status_code, body, where)
        self._token = SecretStr(str(body["access_token"]))
        lifetime = float(body.get("expires_in") or DEFAULT_LIFETIME)
        self._expires_at = time.monotonic() + lifetime

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
