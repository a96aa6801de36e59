"""One exception tree for the whole product; entry points map it to messages and exit codes."""

from __future__ import annotations

from dataclasses import dataclass


class HandoverError(Exception):
    """Base of every error handover raises on purpose."""


class ConfigError(HandoverError):
    """A setting is missing or invalid."""


class InvalidImage(HandoverError):
    """An uploaded file is not an image or PDF we can read; the message names the file."""


class OcrFailed(HandoverError):
    """Tesseract failed or timed out on an image."""


class NotFound(HandoverError):
    """An object does not exist (or the user may not know that it does)."""


class NotAllowed(HandoverError):
    """The user may not do this."""


class InvalidState(HandoverError):
    """A state machine refused a transition (e.g. applying an undone plan)."""


class PlanConflict(HandoverError):
    """A transfer plan cannot be applied as it stands."""


@dataclass(frozen=True)
class RowError:
    """One problem in an input file, located by spreadsheet row (the header is row 1) and column."""

    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.message}" if where else self.message


class InvalidFile(HandoverError):
    """An input file was rejected whole; every problem is listed with its row and column."""

    def __init__(self, filename: str, errors: list[RowError]) -> None:
        self.filename = filename
        self.errors = errors
        lines = "\n".join(f"  {filename}: {e}" for e in errors)
        super().__init__(f"{filename}: rejected, {len(errors)} error(s), nothing was written\n{lines}")
