"""名寄せ: a confirmed card becomes a new contact or joins the person it belongs to, as card history.

Evidence, strongest first: the same e-mail address or mobile number (personal to one person), the
same folded name in the same organisation, a name within OCR noise of it in the same organisation
with the reading (フリガナ) agreeing. Uncertain cases become MergeSuggestions for a person to decide:
nothing is merged silently. Two people of the same name in different organisations stay apart
unless an e-mail address or a mobile number ties them, or the odds of a job change against a
namesake (how rare the name is, whether the official who received the card already holds the
known person's) reach 0.99 (dedup_moves); that is how a job change is recognised.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from rapidfuzz.distance import Levenshtein
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from handover.errors import InvalidState
from handover.models import (
    Contact,
    ContactIdentifier,
    ContactMerge,
    MergeSuggestion,
    SuggestionStatus,
)
from handover.services import normalize as nz
from handover.services.contact_fields import apply_fields, find_organization, organization_for
from handover.services.dedup_candidates import Probe, candidates
from handover.services.dedup_moves import MERGE_ODDS, move_odds
from handover.services.merging import merge_contacts

Fields = Mapping[str, str | None]
STRONG = 0.95  # verdicts at least this sure may join two existing contacts
ACTOR = "dedup"
ELSEWHERE = "(to weigh: same name elsewhere)"


@dataclass
class Resolution:
    """What resolve_contact did with one card's fields."""

    contact: Contact
    created: bool
    history: bool = False  # the card shows a new organisation, department or title
    suggestions: list[MergeSuggestion] = field(default_factory=list)
    merges: list[ContactMerge] = field(default_factory=list)  # contacts this card proved to be one
    matched_by: str | None = None  # "email", "mobile", "name+organization", "fuzzy name" ...


@dataclass(frozen=True)
class _Verdict:
    contact: Contact
    same: bool  # True: the same person; False: only a suggestion
    score: float
    reason: str


def _kana_agrees(a: str, b: str | None) -> bool | None:
    """True/False when both readings are known, None when either is missing."""
    if not a or not b:
        return None
    # Readings are printed small: OCR drops a dakuten (ダ -> タ) or slips on one character.
    a, b = _plain(a), _plain(b)
    return a == b or (min(len(a), len(b)) >= 4 and Levenshtein.distance(a, b) <= 1)


def _plain(kana: str) -> str:
    """A reading without dakuten and handakuten (ガ -> カ, パ -> ハ)."""
    return "".join(ch for ch in unicodedata.normalize("NFD", kana) if ch not in "\u3099\u309a")


def _orgs_agree(a: str, b: str) -> bool:
    """Organisation keys equal, or within one OCR slip for names long enough to tell apart."""
    if not a or not b:
        return False
    if a == b or nz.shape_key(a) == nz.shape_key(b):
        return True
    return min(len(a), len(b)) >= 4 and Levenshtein.distance(nz.shape_key(a), nz.shape_key(b)) <= 1


def _judge(probe: Probe, contact: Contact, *, tie: str | None) -> _Verdict | None:
    """Decide whether `contact` is the probe's person, worth a suggestion, or unrelated."""
    shape = nz.shape_key(contact.normalized_name)
    distance = Levenshtein.distance(probe.shape, shape)
    longest = max(len(probe.shape), len(shape), 1)
    similarity = 1.0 - distance / longest
    kana = _kana_agrees(probe.kana, contact.kana_key)
    org = contact.organization
    same_org = _orgs_agree(probe.org_key, org.normalized_name if org else "")
    if tie:
        # A mailbox or mobile shared by several people (代表アドレス) must not fuse them.
        if distance <= 2 or kana is True or not probe.name:
            return _Verdict(contact, True, 1.0, tie)
        return _Verdict(contact, False, 0.5 + similarity / 2, f"{tie}, different name")
    if same_org:
        if distance == 0:
            if kana is False:
                return _Verdict(contact, False, 0.8, "same name and organisation, different reading")
            return _Verdict(contact, True, 0.95, "name+organization")
        if distance <= 2 and len(probe.shape) >= 3 and similarity >= 0.6:
            # Two slips at once (name and reading) look like another person: 高橋/高梨, タカハシ/タカナシ.
            if kana is True and probe.kana == contact.kana_key:
                return _Verdict(contact, True, 0.85 + similarity / 10, "fuzzy name+reading+organization")
            if kana is True:
                return _Verdict(contact, False, 0.7 + similarity / 10, "similar name and reading")
            if distance == 1 and kana is None:
                # No reading to confirm: the same department, and no other address of their own,
                # is what a person reviewing the pair would look at too.
                other_mail = probe.email and contact.email and probe.email != contact.email
                if (
                    probe.department
                    and probe.department == nz.fold_text(contact.department)
                    and not other_mail
                ):
                    return _Verdict(
                        contact, True, 0.8 + similarity / 10, "fuzzy name+department+organization"
                    )
                return _Verdict(contact, False, 0.7 + similarity / 10, "similar name, same organisation")
        if kana is True and probe.kana == contact.kana_key and similarity >= 0.5:
            return _Verdict(contact, False, 0.7, "same reading, same organisation")
        return None
    if distance == 0 and kana is not False:
        return _Verdict(contact, False, 0.0, ELSEWHERE)  # weighed by _weigh_move
    return None


def _weigh_move(
    session: Session, probe: Probe, contact: Contact, *, holder_id: int | None, rivals: int
) -> _Verdict | None:
    """The same name at another organisation: a job change, a suggestion, or nothing to say."""
    odds = move_odds(session, name_key=probe.name, contact_id=contact.id, holder_id=holder_id)
    # Two known people of the name elsewhere: the card may be either's, so a person decides.
    if odds.odds >= MERGE_ODDS and rivals == 1 and probe.name == contact.normalized_name:
        return _Verdict(contact, True, odds.probability, odds.reason)
    if _kana_agrees(probe.kana, contact.kana_key) or odds.same_official:
        return _Verdict(contact, False, odds.probability, odds.reason)
    return None


def _kept_apart(session: Session, a: int, b: int) -> bool:
    """True when a person has rejected merging the two contacts (or undone their merge)."""
    rejected = select(MergeSuggestion.id).where(
        MergeSuggestion.status == SuggestionStatus.REJECTED,
        or_(
            (MergeSuggestion.contact_id == a) & (MergeSuggestion.candidate_id == b),
            (MergeSuggestion.contact_id == b) & (MergeSuggestion.candidate_id == a),
        ),
    )
    return session.scalar(rejected.limit(1)) is not None


def _open_suggestion(
    session: Session, a: Contact, b: Contact, score: float, reason: str
) -> MergeSuggestion | None:
    """A new open suggestion for the pair, unless one is open or was already decided."""
    existing = session.scalars(
        select(MergeSuggestion).where(
            or_(
                (MergeSuggestion.contact_id == a.id) & (MergeSuggestion.candidate_id == b.id),
                (MergeSuggestion.contact_id == b.id) & (MergeSuggestion.candidate_id == a.id),
            )
        )
    ).first()
    if existing is not None:
        return None
    suggestion = MergeSuggestion(
        contact_id=a.id, candidate_id=b.id, score=round(score, 3), reason=reason[:200]
    )
    session.add(suggestion)
    return suggestion


def resolve_contact(
    session: Session, fields: Fields, *, exchanged_on: dt.date | None, holder_id: int | None = None
) -> Resolution:
    """Find or create the contact a confirmed card belongs to; update it when the card is newest.

    `holder_id` is the official (Staff.id) who received the card, when known: people keep their
    contacts when they change jobs, so it helps tell a job change from a namesake.
    """
    name = (fields.get("name") or "").strip()
    if not name:
        raise InvalidState("a card needs a name before it can become a contact (set name=...)")
    org_name = fields.get("organization")
    number = (
        nz.corporate_number(fields.get("corporate_number") or "") if fields.get("corporate_number") else None
    )
    probe = Probe(
        name=nz.name_key(name),
        kana=nz.kana_key(fields.get("name_kana")),
        org_key=nz.organization_key(org_name),
        email=nz.email_key(fields.get("email")),
        mobile=(nz.format_phone(fields.get("mobile")) or "") if nz.is_mobile(fields.get("mobile")) else "",
        department=nz.fold_text(fields.get("department")),
    )
    org = find_organization(session, org_name, corporate_number=number)
    verdicts: list[_Verdict] = []
    for cid, tie in candidates(session, probe, org).items():
        contact = session.get(Contact, cid)
        if contact is not None and (verdict := _judge(probe, contact, tie=tie)) is not None:
            verdicts.append(verdict)
    moves = [v.contact for v in verdicts if v.reason == ELSEWHERE]
    verdicts = [v for v in verdicts if v.reason != ELSEWHERE]
    for contact in moves:
        weighed = _weigh_move(session, probe, contact, holder_id=holder_id, rivals=len(moves))
        if weighed is None:
            continue
        if weighed.same and any(v.same and _kept_apart(session, v.contact.id, contact.id) for v in verdicts):
            weighed = replace(weighed, same=False)  # a person has said these are two people
        verdicts.append(weighed)
    verdicts.sort(key=lambda v: (v.same, v.score, -v.contact.id), reverse=True)
    best = verdicts[0] if verdicts and verdicts[0].same else None
    merges: list[ContactMerge] = []

    if best is None:
        org = org or organization_for(session, org_name, corporate_number=number, email=probe.email)
        contact = Contact(name=name, normalized_name=probe.name)
        session.add(contact)
        apply_fields(contact, fields, org, replace_all=True)
        contact.card_date = exchanged_on
        session.flush()
        resolution = Resolution(contact=contact, created=True)
        others = verdicts
    else:
        contact = best.contact
        # A card tied to two contacts by strong evidence each (the same address, or the same name in
        # the same organisation) proves them one person: joined, recorded and undoable.
        joined = [
            v
            for v in verdicts[1:]
            if v.same
            and v.score >= STRONG
            and v.contact.id != contact.id
            and not _kept_apart(session, contact.id, v.contact.id)
        ]
        for verdict in joined:
            reason = f"one card matched both ({best.reason}; {verdict.reason})"
            merges.append(merge_contacts(session, contact.id, verdict.contact.id, reason=reason, actor=ACTOR))
        verdicts = [v for v in verdicts if v not in joined]
        current_org = contact.organization
        if (
            org is None
            and current_org is not None
            and _orgs_agree(probe.org_key, current_org.normalized_name)
        ):
            org = current_org  # the same organisation read with OCR noise: no new record for it
        org = org or organization_for(session, org_name, corporate_number=number, email=probe.email)
        newest = exchanged_on is None or contact.card_date is None or exchanged_on >= contact.card_date
        before = (contact.organization_id, nz.fold_text(contact.department), nz.fold_text(contact.title))
        if newest:
            moved = org is not None and org.id != contact.organization_id
            # A name matched only within OCR noise keeps the spelling the earlier cards agree on.
            if best.reason.startswith("fuzzy"):
                fields = {k: v for k, v in fields.items() if k not in ("name", "name_kana")}
            elif probe.name == contact.normalized_name and any(ch in nz.ITAIJI for ch in contact.name):
                # 髙 printed on one card and 高 typed on another: the old form is how the person
                # writes their name (often the koseki form), so it is kept.
                fields = {k: v for k, v in fields.items() if k != "name"}
            apply_fields(contact, fields, org, replace_all=moved)
            contact.card_date = exchanged_on or contact.card_date
        else:
            apply_fields(contact, fields, org if contact.organization_id is None else None, blanks_only=True)
        session.flush()  # contact.organization_id follows contact.organization only once flushed
        after = (contact.organization_id, nz.fold_text(contact.department), nz.fold_text(contact.title))
        history = newest and any(b and b != a for b, a in zip(before, after, strict=True))
        resolution = Resolution(
            contact=contact, created=False, history=history, matched_by=best.reason, merges=merges
        )
        others = verdicts[1:]
    remember_identifiers(session, resolution.contact, email=probe.email, mobile=probe.mobile)
    for verdict in others:
        if verdict.contact.id == resolution.contact.id:
            continue
        suggestion = _open_suggestion(
            session, resolution.contact, verdict.contact, verdict.score, verdict.reason
        )
        if suggestion is not None:
            resolution.suggestions.append(suggestion)
    session.flush()
    return resolution


def remember_identifiers(session: Session, contact: Contact, *, email: str, mobile: str) -> None:
    """Keep the card's e-mail address and mobile number as the contact's, beside earlier ones."""
    wanted = {(kind, value) for kind, value in (("email", email), ("mobile", mobile)) if value}
    if not wanted:
        return
    query = select(ContactIdentifier.kind, ContactIdentifier.value).where(
        ContactIdentifier.contact_id == contact.id
    )
    seen = {(kind, value) for kind, value in session.execute(query)}
    for kind, value in sorted(wanted - seen):
        session.add(ContactIdentifier(contact_id=contact.id, kind=kind, value=value))


def open_suggestions(session: Session, *, limit: int = 100) -> list[MergeSuggestion]:
    """Merge suggestions still waiting for a person, best first."""
    return list(
        session.scalars(
            select(MergeSuggestion)
            .where(MergeSuggestion.status == SuggestionStatus.OPEN)
            .order_by(MergeSuggestion.score.desc(), MergeSuggestion.id)
            .limit(limit)
        )
    )
