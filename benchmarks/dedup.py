"""名寄せ precision and recall on a generated population of cards whose true owners are known.

Usage: .venv/bin/python -m benchmarks.dedup [--cards 20000] [--seed N] [--postgres URL]
           [--without-holders] [--same-field P] [--keep-official P] [--namesake-any-name P] ...

The population (benchmarks.dedup_population) is generated without looking at the matcher: people
are drawn from the family-name frequencies and given names of japanese-personal-name-dataset,
organisations are invented, each organisation is dealt with by one section of the office. Each card
is printed the way real cards differ: old/variant kanji, spacing, legal form written out or
abbreviated, e-mail and mobile present or not, OCR-like slips, a dropped dakuten in the reading,
job changes (new organisation, e-mail and title; the mobile stays when the person has one),
promotions, namesakes in other organisations and shared representative mailboxes; each card is
received by one official. Cards are confirmed in exchange-date order through resolve_contact, each
connected to the official who received it; pairs of cards are then scored: a pair is predicted
"same person" when both cards ended in one contact. Suggestions are counted apart (they wait for a
person; they are not merges). The baseline is the naive rule: same printed name and organisation.

Recall is printed per kind of pair: most job changes share no e-mail or mobile, and only the
official who received the cards (or a rare name) can tell them from namesakes. Sensitivity: rerun
with less favourable rates, e.g. --same-field 0.25 --keep-official 0.3 (movers meet new officials),
--namesake-any-name 1.0 (namesakes regardless of how common the name is), --namesakes 0.08
--anywhere 0.3 (more namesakes, cards spread over more officials), --without-holders (no holder).
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import tempfile
import time
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from sqlalchemy import func, select

from benchmarks.dedup_population import GeneratedCard, Rates, make_cards, make_people
from handover import migrate
from handover.db import make_engine, make_session_factory
from handover.models import ConnectionSource, Contact, MergeSuggestion, Staff
from handover.services.contacts import connect_contact
from handover.services.dedup import resolve_contact

PAIR_KINDS = (
    "same organisation",
    "job change, e-mail or mobile in common",
    "job change, same official only",
    "job change, nothing in common",
)


def pair_kinds(cards: list[GeneratedCard]) -> dict[tuple[int, int], str]:
    """Every true same-person pair of card indices, with what the two cards have in common."""
    by_person: dict[int, list[int]] = {}
    for index, card in enumerate(cards):
        by_person.setdefault(card.pid, []).append(index)
    kinds: dict[tuple[int, int], str] = {}
    for indices in by_person.values():
        ids: dict[str, set[str]] = {}
        holders: dict[str, set[int]] = {}
        for i in indices:
            card = cards[i]
            ids.setdefault(card.org, set()).update(
                v for k in ("email", "mobile") if (v := card.fields.get(k))
            )
            holders.setdefault(card.org, set()).add(card.holder)
        for a_pos, a in enumerate(indices):
            for b in indices[a_pos + 1 :]:
                org_a, org_b = cards[a].org, cards[b].org
                if org_a == org_b:
                    kind = PAIR_KINDS[0]
                elif ids[org_a] & ids[org_b]:
                    kind = PAIR_KINDS[1]
                elif holders[org_a] & holders[org_b]:
                    kind = PAIR_KINDS[2]
                else:
                    kind = PAIR_KINDS[3]
                kinds[(a, b)] = kind
    return kinds


def false_pairs(cards: list[GeneratedCard], names: dict[int, str], predicted: list[int]) -> Counter[str]:
    """Predicted same-person pairs of two different people: namesakes, or other people."""
    by_contact: dict[int, list[int]] = {}
    for index, contact in enumerate(predicted):
        by_contact.setdefault(contact, []).append(index)
    out: Counter[str] = Counter()
    for indices in by_contact.values():
        for a_pos, a in enumerate(indices):
            for b in indices[a_pos + 1 :]:
                pa, pb = cards[a].pid, cards[b].pid
                if pa != pb:
                    out["namesakes" if names[pa] == names[pb] else "different names"] += 1
    return out


def pair_scores(truth: list[int], predicted: Iterable[object]) -> tuple[float, float, int, int]:
    """Pairwise precision and recall of `predicted` clusters against `truth` clusters."""
    pairs = list(zip(truth, predicted, strict=True))

    def same_pairs(counter: Counter[object]) -> int:
        return sum(n * (n - 1) // 2 for n in counter.values())

    both = same_pairs(Counter(pairs))
    predicted_pairs = same_pairs(Counter(p for _t, p in pairs))
    true_pairs = same_pairs(Counter(t for t, _p in pairs))
    return both / max(predicted_pairs, 1), both / max(true_pairs, 1), predicted_pairs, true_pairs


def _rates(args: argparse.Namespace) -> Rates:
    changes = {
        f.name: getattr(args, f.name) for f in dataclasses.fields(Rates) if getattr(args, f.name) is not None
    }
    return dataclasses.replace(Rates(), **changes)


def _resolve(
    url: str, cards: list[GeneratedCard], *, holders: bool
) -> tuple[list[int], float, int, list[tuple[int, int]]]:
    """Confirm every card; the contact each ended in, seconds, suggestions (all; the right ones)."""
    migrate.upgrade(url)
    engine = make_engine(url)
    factory = make_session_factory(engine)
    contact_of: list[int] = []
    with factory() as session:
        officials = {n: Staff(employee_no=f"B{n:05d}", name=f"職員{n}") for n in {c.holder for c in cards}}
        session.add_all(officials.values())
        session.flush()
        started = time.perf_counter()
        for card in cards:
            official = officials[card.holder]
            resolution = resolve_contact(
                session, card.fields, exchanged_on=card.day, holder_id=official.id if holders else None
            )
            connect_contact(
                session, resolution.contact, official, since=card.day, source=ConnectionSource.CARD
            )
            contact_of.append(resolution.contact.id)
        session.commit()
        elapsed = time.perf_counter() - started
        # Merges move contacts: the contact a card ends in is its contact's survivor.
        survivor = {c.id: c.merged_into_id or c.id for c in session.scalars(select(Contact))}
        contact_of = [_follow(survivor, cid) for cid in contact_of]
        first_pid: dict[int, int] = {}
        for card, cid in zip(cards, contact_of, strict=True):
            first_pid.setdefault(cid, card.pid)
        suggestions = session.scalars(select(MergeSuggestion)).all()
        pairs = [(_follow(survivor, s.contact_id), _follow(survivor, s.candidate_id)) for s in suggestions]
        useful = [(a, b) for a, b in pairs if a != b and first_pid.get(a) == first_pid.get(b)]
        total = int(session.scalar(select(func.count()).select_from(MergeSuggestion)) or 0)
    engine.dispose()
    return contact_of, elapsed, total, useful


def _follow(survivor: dict[int, int], cid: int) -> int:
    while survivor.get(cid, cid) != cid:
        cid = survivor[cid]
    return cid


def main() -> None:
    """Generate, resolve, score, print."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cards", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--postgres", help="run on this PostgreSQL database instead of a fresh SQLite file")
    parser.add_argument(
        "--without-holders", action="store_true", help="do not tell the matcher who holds a card"
    )
    for f in dataclasses.fields(Rates):
        parser.add_argument(f"--{f.name.replace('_', '-')}", type=type(f.default), default=None,
                            help=f"(default {f.default})")  # fmt: skip
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(10**6)
    rng = random.Random(seed)
    rates = _rates(args)
    people = make_people(rng, args.cards, rates)
    cards = make_cards(rng, people, args.cards, rates)
    print(f"seed {seed}: {len(people)} people, {len(cards)} cards; {rates}")

    with tempfile.TemporaryDirectory() as tmp:
        url = args.postgres or f"sqlite:///{Path(tmp) / 'dedup.db'}"
        contact_of, elapsed, n_suggestions, useful = _resolve(url, cards, holders=not args.without_holders)

    truth = [c.pid for c in cards]
    precision, recall, predicted, true = pair_scores(truth, contact_of)
    naive = [(c.fields["name"], c.fields["organization"]) for c in cards]
    b_precision, b_recall, _bp, _bt = pair_scores(truth, naive)
    print(
        f"resolve_contact: {elapsed:.1f} s, {len(cards) / elapsed:.0f} cards/s; "
        f"{len(set(contact_of))} contacts for {len(set(truth))} people"
    )
    print(f"pairs: {true} true same-person pairs, {predicted} predicted")
    print(f"precision {precision:.4f} (target >= 0.99)   recall {recall:.4f} (target >= 0.95)")
    print(f"baseline (same printed name and organisation): precision {b_precision:.4f} recall {b_recall:.4f}")
    found: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for (a, b), kind in pair_kinds(cards).items():
        total[kind] += 1
        found[kind] += contact_of[a] == contact_of[b]
    for kind in PAIR_KINDS:
        print(f"  recall on {kind:<40} {found[kind] / max(total[kind], 1):.4f}  ({total[kind]} pairs)")
    names = {p.pid: p.family[0] + p.given[0] for p in people}
    wrong = false_pairs(cards, names, contact_of)
    print(f"  false pairs: {wrong['namesakes']} of namesakes, {wrong['different names']} of different names")
    print(f"merge suggestions: {n_suggestions} open, {len(useful)} of them pair cards of one person")
    reviewed = _accept(contact_of, useful)
    r_precision, r_recall, _rp, _rt = pair_scores(truth, reviewed)
    print(f"if a person accepted exactly those: precision {r_precision:.4f} recall {r_recall:.4f}")


def _accept(contact_of: list[int], pairs: list[tuple[int, int]]) -> list[int]:
    """The contacts of each card once the given pairs of contacts are merged."""
    parent: dict[int, int] = {}

    def root(c: int) -> int:
        while parent.get(c, c) != c:
            c = parent[c]
        return c

    for a, b in pairs:
        parent[root(a)] = root(b)
    return [root(c) for c in contact_of]


if __name__ == "__main__":
    main()
