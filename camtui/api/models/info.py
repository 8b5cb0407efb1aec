"""What engine this is and who we are on it."""

from __future__ import annotations

from enum import StrEnum

from camtui.api.models.base import Model


class EngineKind(StrEnum):
    C7 = "c7"
    C8 = "c8"


class EngineInfo(Model):
    kind: EngineKind
    # "Camunda 7", "Operaton", "Camunda 8"
    product: str
    version: str
    engine_name: str | None = None


class CurrentUser(Model):
    id: str | None
    groups: tuple[str, ...] = ()
    tenants: tuple[str, ...] = ()
