"""Which contacts a card could belong to: those sharing an address, a number, the name or the organisation."""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from handover.models import Contact, ContactIdentifier, ExternalOrganization
from handover.services import normalize as nz


@dataclass(frozen=True)
class Probe:
    """The keys of the incoming card."""

    name: str
    kana: str
    org_key: str
    email: str
    mobile: str
    department: str = ""

    @property
    def shape(self) -> str:
        """The name with OCR look-alikes folded to one shape."""
        return nz.shape_key(self.name)


def candidates(session: Session, probe: Probe, org: ExternalOrganization | None) -> dict[int, str | None]:
    """Ids of contacts worth judging, each with the tie (email/mobile) that brought it, if any."""
    found: dict[int, str | None] = {}
    live = Contact.merged_into_id.is_(None)
    ties = [(kind, value) for kind, value in (("email", probe.email), ("mobile", probe.mobile)) if value]
    if ties:
        # Every address and number seen on any card of the contact, not only the current one.
        known = select(ContactIdentifier.contact_id, ContactIdentifier.kind).where(
            or_(*(and_(ContactIdentifier.kind == k, ContactIdentifier.value == v) for k, v in ties))
        )
        current = [Contact.email == v if k == "email" else Contact.mobile == v for k, v in ties]
        rows: list[tuple[int, str]] = [(cid, kind) for cid, kind in session.execute(known)]
        rows += [
            (cid, "email" if email == probe.email and probe.email else "mobile")
            for cid, email in session.execute(select(Contact.id, Contact.email).where(live, or_(*current)))
        ]
        merged_away = set(
            session.scalars(select(Contact.id).where(Contact.id.in_({r[0] for r in rows}), ~live))
        )
        for cid, kind in sorted(rows, key=lambda r: r[1]):  # "email" before "mobile"
            if cid not in merged_away:
                found.setdefault(cid, kind)
    if probe.name:
        conditions = [Contact.normalized_name == probe.name]
        if probe.kana:
            conditions.append(Contact.kana_key == probe.kana)
        if org is not None:
            conditions.append(Contact.organization_id == org.id)
        named = session.execute(
            select(Contact.id, Contact.normalized_name, Contact.kana_key).where(live, or_(*conditions))
        )
        for cid, name, kana in named:
            near = name == probe.name or Levenshtein.distance(probe.shape, nz.shape_key(name)) <= 2
            if near or (probe.kana and kana == probe.kana):
                found.setdefault(cid, None)
    return found
