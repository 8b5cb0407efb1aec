"""Shared pieces of the engine-neutral models."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict


class Model(BaseModel):
    """Frozen, so a model handed to the UI can never change under it."""

    model_config = ConfigDict(frozen=True, defer_build=True)


class Filter(BaseModel):
    """Typed filter objects; `None` means "do not filter on this"."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class SortOrder(StrEnum):
    ASC = "asc"
    DESC = "desc"
