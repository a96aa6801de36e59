"""名寄せ across organisations: a job change is card history, a namesake stays apart or is suggested."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session

from handover.models import ConnectionSource, Staff, SuggestionStatus
from handover.services.contacts import connect_contact
from handover.services.dedup import resolve_contact
from handover.services.dedup_moves import GIVEN_NAME_SHARE, POPULATION, RARE_SURNAME, name_share

APRIL = dt.date(2025, 4, 1)
LATER = APRIL + dt.timedelta(days=500)


def _officials(session: Session, n: int) -> list[Staff]:
    """`n` officials, each already holding the card of one person of their own."""
    officials = [Staff(employee_no=f"E{i:04d}", name=f"職員 {i}") for i in range(n)]
    session.add_all(officials)
    session.flush()
    for i, official in enumerate(officials):
        card = {"name": f"相川 {chr(0x4E00 + i)}", "organization": f"架空{i}商事", "email": None}
        contact = resolve_contact(session, card, exchanged_on=APRIL, holder_id=official.id).contact
        connect_contact(session, contact, official, since=APRIL, source=ConnectionSource.CARD)
    return officials


def _card(name: str, kana: str, org: str) -> dict[str, str | None]:
    return {"name": name, "name_kana": kana, "organization": org, "title": "課長", "email": None}


def _known(session: Session, official: Staff, name: str, kana: str) -> int:
    """A person met at their first organisation, their card held by `official`."""
    contact = resolve_contact(
        session, _card(name, kana, "株式会社みどり工業"), exchanged_on=APRIL, holder_id=official.id
    ).contact
    connect_contact(session, contact, official, since=APRIL, source=ConnectionSource.CARD)
    return contact.id


def test_name_share_takes_the_commonest_surname_the_name_may_start_with() -> None:
    assert name_share("佐藤健") == pytest.approx(1_887_000 / POPULATION * GIVEN_NAME_SHARE)
    assert name_share("嵯峨直樹") == pytest.approx(RARE_SURNAME / POPULATION * GIVEN_NAME_SHARE)
    assert name_share("鬼頭直樹") > name_share("嵯峨直樹")  # 鬼頭 is borne by 20,200 people
    assert name_share("ザビエル") == name_share("嵯峨直樹")  # unknown surnames count as rare


def test_a_rare_name_handed_to_the_same_official_at_a_new_organisation_is_a_job_change(
    session: Session,
) -> None:
    officials = _officials(session, 40)
    known = _known(session, officials[3], "嵯峨 直樹", "サガ ナオキ")
    moved = resolve_contact(
        session,
        _card("嵯峨 直樹", "サガ ナオキ", "(株)あおば商事"),
        exchanged_on=LATER,
        holder_id=officials[3].id,
    )
    assert not moved.created and moved.contact.id == known and moved.history
    assert moved.matched_by == "same name, another organisation, held by the same official"
    assert moved.contact.organization is not None
    assert moved.contact.organization.normalized_name == "あおば商事"


def test_the_same_rare_name_without_the_official_is_only_suggested(session: Session) -> None:
    officials = _officials(session, 40)
    known = _known(session, officials[3], "嵯峨 直樹", "サガ ナオキ")
    for holder in (officials[5].id, None):
        other = resolve_contact(
            session, _card("嵯峨 直樹", "サガ ナオキ", f"{holder}建設"), exchanged_on=LATER, holder_id=holder
        )
        assert other.created and known in {s.candidate_id for s in other.suggestions}
        assert all(0.5 < s.score < 0.99 for s in other.suggestions)


def test_a_common_name_at_the_same_official_is_only_suggested(session: Session) -> None:
    officials = _officials(session, 40)
    known = _known(session, officials[3], "佐藤 健", "サトウ ケン")
    other = resolve_contact(
        session,
        _card("佐藤 健", "サトウ ケン", "(株)あおば商事"),
        exchanged_on=LATER,
        holder_id=officials[3].id,
    )
    assert other.created and [s.candidate_id for s in other.suggestions] == [known]
    assert other.suggestions[0].reason == "same name, another organisation, held by the same official"


def test_an_official_who_holds_most_cards_proves_little(session: Session) -> None:
    officials = _officials(session, 3)
    known = _known(session, officials[0], "嵯峨 直樹", "サガ ナオキ")
    other = resolve_contact(
        session,
        _card("嵯峨 直樹", "サガ ナオキ", "(株)あおば商事"),
        exchanged_on=LATER,
        holder_id=officials[0].id,
    )
    assert other.created and [s.candidate_id for s in other.suggestions] == [known]


def test_two_known_people_of_the_name_leave_the_choice_to_a_person(session: Session) -> None:
    officials = _officials(session, 40)
    first = _known(session, officials[3], "嵯峨 直樹", "サガ ナオキ")
    second = resolve_contact(
        session,
        _card("嵯峨 直樹", "サガ ナオキ", "架空市役所"),
        exchanged_on=APRIL,
        holder_id=officials[9].id,
    ).contact.id
    third = resolve_contact(
        session,
        _card("嵯峨 直樹", "サガ ナオキ", "(株)あおば商事"),
        exchanged_on=LATER,
        holder_id=officials[3].id,
    )
    assert third.created and {s.candidate_id for s in third.suggestions} == {first, second}


def test_a_different_reading_is_never_a_job_change(session: Session) -> None:
    officials = _officials(session, 40)
    _known(session, officials[3], "嵯峨 直樹", "サガ ナオキ")
    other = resolve_contact(
        session,
        _card("嵯峨 直樹", "サガ ナオシゲ", "(株)あおば商事"),
        exchanged_on=LATER,
        holder_id=officials[3].id,
    )
    assert other.created and other.suggestions == []


def test_a_pair_a_person_kept_apart_is_never_joined_by_a_later_card(session: Session) -> None:
    officials = _officials(session, 40)
    known = _known(session, officials[3], "嵯峨 直樹", "サガ ナオキ")
    at_aoba = resolve_contact(
        session,
        _card("嵯峨 直樹", "サガ ナオキ", "(株)あおば商事"),
        exchanged_on=LATER,
        holder_id=officials[5].id,
    )
    assert at_aoba.created and [s.candidate_id for s in at_aoba.suggestions] == [known]
    at_aoba.suggestions[0].status = SuggestionStatus.REJECTED  # "two different people"
    again = resolve_contact(
        session,
        _card("嵯峨 直樹", "サガ ナオキ", "(株)あおば商事"),
        exchanged_on=LATER,
        holder_id=officials[3].id,
    )
    assert again.contact.id == at_aoba.contact.id and again.merges == []
    # Without the decision, the same card would have joined the two (as the job change it looks like).
    at_aoba.suggestions[0].status = SuggestionStatus.OPEN
    third = resolve_contact(
        session,
        _card("嵯峨 直樹", "サガ ナオキ", "(株)あおば商事"),
        exchanged_on=LATER,
        holder_id=officials[3].id,
    )
    assert [m.other_id for m in third.merges] == [at_aoba.contact.id] and third.contact.id == known
