"""Column types shared by the models."""

from __future__ import annotations

import enum

from sqlalchemy import Enum


def enum_type(enum_cls: type[enum.StrEnum], name: str) -> Enum:
    """A portable enum: stored as text, guarded by a named CHECK constraint on every database."""
    return Enum(
        enum_cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=24,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )
