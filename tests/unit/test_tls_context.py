"""A client that only speaks plain HTTP loads no CA store, and trusts no TLS peer it might meet."""

from __future__ import annotations

import ssl

from camtui.api.connection import Connection
from camtui.api.http import _verify


def test_plain_http_gets_a_context_that_trusts_nobody() -> None:
    conn = Connection(base_url="http://127.0.0.1:8080/engine-rest")
    context = _verify(conn, conn.base_url, conn.deployment_create_url)
    assert isinstance(context, ssl.SSLContext)
    assert context.verify_mode is ssl.CERT_REQUIRED and context.check_hostname
    assert context.cert_store_stats()["x509_ca"] == 0


def test_https_anywhere_gets_real_verification() -> None:
    conn = Connection(
        base_url="http://127.0.0.1:8080/engine-rest", deployment_create_url="https://gw.example/deployment/create"
    )
    assert _verify(conn, conn.base_url, conn.deployment_create_url) is True
    insecure = Connection(base_url="https://engine.example/engine-rest", verify_tls=False)
    assert _verify(insecure, insecure.base_url) is False
