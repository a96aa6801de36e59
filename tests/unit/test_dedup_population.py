"""The 名寄せ benchmark's population: its rates do what they say, and pairs are classed by what they share."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random

from benchmarks.dedup import PAIR_KINDS, false_pairs, pair_kinds
from benchmarks.dedup_population import GeneratedCard, Rates, make_cards, make_people

DAY = dt.date(2020, 4, 1)


def _card(pid: int, org: str, holder: int, **fields: str | None) -> GeneratedCard:
    return GeneratedCard(pid, org, DAY, holder, {"email": None, "mobile": None, **fields})


def test_job_changers_in_the_same_field_stay_with_the_section_and_its_officials() -> None:
    rates = dataclasses.replace(Rates(), job_change=1.0, same_field=1.0, anywhere=0.0, sections=10)
    people = make_people(random.Random(1), 1300, rates)
    assert all(p.jobs[-1].org != p.jobs[0].org and p.jobs[-1].section == p.jobs[0].section for p in people)
    cards = make_cards(random.Random(2), people, 1300, rates)
    k = rates.officials_per_section
    sections = {(p.pid, j.org): j.section for p in people for j in p.jobs}
    assert all(c.holder // k == sections[(c.pid, c.org)] for c in cards)


def test_namesakes_happen_at_the_stated_rate() -> None:
    people = make_people(random.Random(3), 13000, dataclasses.replace(Rates(), namesakes=0.1))
    names = [p.family + p.given for p in people]
    shared = len(names) - len(set(names))
    assert 0.07 < shared / len(people) < 0.13


def test_pairs_are_classed_by_what_their_cards_share() -> None:
    cards = [
        _card(1, "A", 1, mobile="090-1111-2222"),
        _card(1, "A", 2),
        _card(1, "B", 3, mobile="090-1111-2222"),
        _card(2, "A", 1),
        _card(2, "C", 1),
        _card(3, "A", 1),
        _card(3, "D", 9),
    ]
    kinds = pair_kinds(cards)
    assert kinds[(0, 1)] == PAIR_KINDS[0]
    assert kinds[(0, 2)] == kinds[(1, 2)] == PAIR_KINDS[1]  # the mobile is on one card of each job
    assert kinds[(3, 4)] == PAIR_KINDS[2]
    assert kinds[(5, 6)] == PAIR_KINDS[3]
    wrong = false_pairs(cards, {1: "山田太郎", 2: "山田太郎", 3: "佐藤健"}, [1, 1, 1, 1, 2, 2, 3])
    assert wrong == {"namesakes": 3, "different names": 1}
