"""Pages of query results: fetch one row more than shown to know whether a next page exists."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import Select
from sqlalchemy.orm import Session

T = TypeVar("T")
PER_PAGE = 50
MAX_PAGE = 10_000


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of results (numbered from 1) and whether there are more."""

    items: list[T]
    number: int
    per_page: int
    has_next: bool

    @property
    def has_prev(self) -> bool:
        """True after the first page."""
        return self.number > 1


def page_number(args: Mapping[str, str]) -> int:
    """The requested page number, 1 when missing or nonsense."""
    raw = args.get("page", "1")
    return min(max(int(raw), 1), MAX_PAGE) if raw.isdigit() else 1


def paginate(
    session: Session, stmt: Select[Any], args: Mapping[str, str], per_page: int = PER_PAGE
) -> Page[Any]:
    """Run `stmt` for the page named in the query string (no COUNT: cheap on large tables)."""
    number = page_number(args)
    rows = list(session.scalars(stmt.limit(per_page + 1).offset((number - 1) * per_page)))
    return Page(items=rows[:per_page], number=number, per_page=per_page, has_next=len(rows) > per_page)
