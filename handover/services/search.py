"""Partial-match search over contacts in Japanese: name, reading, organisation, department, e-mail.

Japanese has no spaces between words, so a word index cannot find 山田 inside 山田太郎; trigram
indexes can (SQLite FTS5 `tokenize='trigram'`, PostgreSQL pg_trgm, both built by migration 0002).
A trigram index cannot answer fewer than three characters, and two-character family names
(田中, 佐藤) are the commonest query of all: those are answered by prefix ranges on the name key,
the reading, the organisation key and the e-mail address, all indexed.
A query in hiragana or katakana finds the reading, because both sides fold kana to katakana.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, and_, literal_column, select, text
from sqlalchemy.orm import QueryableAttribute, Session, selectinload
from sqlalchemy.sql.elements import ColumnElement

from handover.db import is_sqlite
from handover.models import Connection, Contact, ExternalOrganization
from handover.services import normalize as nz
from handover.services.contact_fields import refresh_search_text

TRIGRAM = 3
# Above every other code point: `key < prefix + _TOP` closes a prefix range in code point order.
_TOP = "\U0010ffff"


def _escape_like(text_: str) -> str:
    return text_.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _key(column: QueryableAttribute[Any], sqlite: bool) -> ColumnElement[Any]:
    """The column as the prefix indexes hold it: code point order (PostgreSQL: COLLATE "C")."""
    return column.expression if sqlite else column.collate("C")


def _prefix(column: QueryableAttribute[Any], prefix: str, sqlite: bool) -> ColumnElement[bool]:
    """An index-friendly "starts with": a range on SQLite, LIKE on the COLLATE "C" index on PostgreSQL."""
    if sqlite:
        return and_(column >= prefix, column < prefix + _TOP)
    return _key(column, sqlite).like(_escape_like(prefix) + "%", escape="\\")


def _held_by(staff_id: int) -> ColumnElement[bool]:
    # IN over the holder's open connections (indexed by staff): a few hundred ids, not a scan.
    held = select(Connection.contact_id).where(Connection.staff_id == staff_id, Connection.until.is_(None))
    return Contact.id.in_(held)


def _short_branches(query: str, sqlite: bool) -> list[Select[int]]:
    """One SELECT per key, each in the order of its own index, so LIMIT stops a scan early.

    An OR across the keys, or a UNION sorted by id, would collect every 佐藤 before keeping fifty.
    Family-name matches come first: a two-character query is most often a family name.
    """
    # The keys keep hiragana as typed (names and companies are written in it), so fold the raw query.
    name = nz.name_key(query)
    kana = nz.kana_key(query)
    org = nz.organization_key(query) or nz.fold_text(query)
    org_ids = select(ExternalOrganization.id).where(
        _prefix(ExternalOrganization.normalized_name, org, sqlite)
    )
    branches = []
    if name:
        branches.append(
            select(Contact.id)
            .where(_prefix(Contact.normalized_name, name, sqlite))
            .order_by(_key(Contact.normalized_name, sqlite), Contact.id)
        )
    if kana:
        branches.append(
            select(Contact.id)
            .where(_prefix(Contact.kana_key, kana, sqlite))
            .order_by(_key(Contact.kana_key, sqlite), Contact.id)
        )
    branches.append(
        select(Contact.id)
        .where(Contact.organization_id.in_(org_ids))
        .order_by(Contact.organization_id, Contact.id)
    )
    branches.append(
        select(Contact.id)
        .where(_prefix(Contact.email, nz.fold_text(query), sqlite))
        .order_by(_key(Contact.email, sqlite), Contact.id)
    )
    return branches


def _short_ids(
    session: Session,
    query: str,
    *,
    staff_id: int | None,
    limit: int,
    offset: int,
    where: Sequence[ColumnElement[bool]],
) -> list[int]:
    wanted = limit + offset
    found: dict[int, None] = {}
    for branch in _short_branches(query, is_sqlite(session)):
        stmt = branch.where(Contact.merged_into_id.is_(None), *where)
        if staff_id is not None:
            stmt = stmt.where(_held_by(staff_id))
        for contact_id in session.scalars(stmt.limit(wanted)):
            found.setdefault(contact_id, None)
        if len(found) >= wanted:
            break
    return list(found)[offset:wanted]


def _trigram_query(folded: str, sqlite: bool) -> ColumnElement[bool]:
    if sqlite:
        # A quoted FTS5 string is matched as a substring by the trigram tokenizer.
        phrase = '"' + folded.replace('"', '""') + '"'
        ids = text("SELECT rowid FROM contact_fts WHERE contact_fts MATCH :phrase").bindparams(phrase=phrase)
        return Contact.id.in_(ids.columns(literal_column("rowid")))
    return Contact.search_text.like("%" + _escape_like(folded) + "%", escape="\\")


def search_statement(
    session: Session,
    query: str,
    *,
    staff_id: int | None = None,
    limit: int = 50,
    offset: int = 0,
    where: Sequence[ColumnElement[bool]] = (),
) -> Select[int]:
    """The SELECT of live contact ids containing a query of 3+ characters (or all), oldest first.

    `where` adds conditions on Contact (a user's scope, filters) inside the search itself.
    """
    folded = nz.search_query(query)
    stmt = select(Contact.id).where(Contact.merged_into_id.is_(None), *where)
    if folded:
        stmt = stmt.where(_trigram_query(folded, is_sqlite(session)))
    if staff_id is not None:
        stmt = stmt.where(_held_by(staff_id))
    return stmt.order_by(Contact.id).limit(limit).offset(offset)


def search_contact_ids(
    session: Session,
    query: str,
    *,
    staff_id: int | None = None,
    limit: int = 50,
    offset: int = 0,
    where: Sequence[ColumnElement[bool]] = (),
) -> list[int]:
    """Ids of live contacts whose name, reading, organisation, department or e-mail contain `query`.

    Queries of one or two characters match the start of the name, reading, organisation or e-mail.
    """
    if 0 < len(nz.search_query(query)) < TRIGRAM:
        return _short_ids(session, query, staff_id=staff_id, limit=limit, offset=offset, where=where)
    stmt = search_statement(session, query, staff_id=staff_id, limit=limit, offset=offset, where=where)
    return list(session.scalars(stmt))


def refresh_search_texts(
    session: Session,
    *,
    organization_ids: Sequence[int] | None = None,
    contact_ids: Sequence[int] | None = None,
    batch: int = 500,
) -> int:
    """Recompute the search keys and text of contacts whose indexed values changed elsewhere.

    The text holds the organisation's name, so renaming or merging an organisation must refresh
    its contacts (by `organization_ids`); with neither argument every contact is refreshed (after a
    change of how text is folded). Merged records too: unmerging makes them searchable again.
    Returns how many contacts changed; the SQLite FTS table follows by its trigger.
    """
    query = select(Contact.id).order_by(Contact.id)
    if organization_ids is not None:
        query = query.where(Contact.organization_id.in_(list(organization_ids)))
    if contact_ids is not None:
        query = query.where(Contact.id.in_(list(contact_ids)))
    ids = list(session.scalars(query))
    changed = 0
    for start in range(0, len(ids), batch):
        chunk = ids[start : start + batch]
        contacts = session.scalars(
            select(Contact).where(Contact.id.in_(chunk)).options(selectinload(Contact.organization))
        )
        for contact in contacts:
            before = (contact.search_text, contact.normalized_name, contact.kana_key)
            refresh_search_text(contact)
            changed += before != (contact.search_text, contact.normalized_name, contact.kana_key)
        session.flush()
    return changed
