"""A keyring that keeps secrets in the clear is never used to store one (keyrings.alt installed)."""

from __future__ import annotations

from pathlib import Path

import keyring
import pytest
from keyrings.alt.file import PlaintextKeyring  # type: ignore[import-untyped]

from camtui.config import secrets


def test_a_plaintext_file_keyring_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    store = PlaintextKeyring()
    store.file_path = str(tmp_path / "keyring_pass.cfg")
    previous = keyring.get_keyring()
    keyring.set_keyring(store)
    try:
        with pytest.raises(secrets.SecretError, match=r"PlaintextKeyring keeps secrets unencrypted") as info:
            secrets.store_secret("prod", "password", "s3cr3t-value")
        assert "CAMTUI_PROD_PASSWORD" in str(info.value)
        assert "s3cr3t-value" not in str(info.value)
    finally:
        keyring.set_keyring(previous)
    written = list(tmp_path.iterdir())
    assert not any("s3cr3t" in p.read_text(errors="replace") for p in written)
    assert not any("czNjcjN0" in p.read_text(errors="replace") for p in written), "not even base64"
