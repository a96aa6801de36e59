"""Same name, another organisation: has a known person changed jobs, or is this a namesake?

A careful clerk weighs two things. How many people bear the name: 佐藤 健 may well be someone else,
a rare full name seldom is. And who received the card: people keep their contacts when they
move, so a card handed to an official who already holds the known person's card is far more
likely theirs than a namesake's, unless that official receives a large share of all cards. The
two are combined as odds (Bayes' rule); only odds of MERGE_ODDS or more (0.99) join the card to
the known person, anything weaker is left to a person as a MergeSuggestion.

No e-mail local part is used: companies derive local parts from the name by a house convention
(taro.yamada, t-yamada), so a namesake at another firm shares one as often as a job changer does.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from handover.models import Connection, Contact
from handover.reader.names import surname_count

# Assumptions, each erring towards keeping people apart:
POPULATION = 125_000_000  # people in Japan, the denominator of the surname counts
RARE_SURNAME = 7_700  # the data set lists surnames down to this many bearers; unknown ones count so
# The data set has no given-name frequencies; common given names (誠, 裕子) are borne by a few in a
# thousand of their generation, so every given name is taken to be that common.
GIVEN_NAME_SHARE = 1 / 300
# The share of known people who move to another organisation while the office deals with them:
# about 5 % of Japan's employed change jobs in a year (労働力調査), and cards are kept for years.
MOVED_SHARE = 0.1
# The people an office exchanges cards with over the years, at least: a young database has met
# only some of them, and the namesakes of a name are counted among all of them.
KNOWN_PEOPLE_FLOOR = 10_000
# How often a person who changes jobs hands the new card to an official they already know.
KEEP_OFFICIAL = 0.25
MERGE_ODDS = 99.0  # P(same person) >= 0.99


@dataclass(frozen=True)
class MoveOdds:
    """The odds that a same-name card from another organisation is the known person's."""

    odds: float
    same_official: bool | None  # None: the card's holder is not known

    @property
    def probability(self) -> float:
        """The odds as a probability."""
        return self.odds / (1.0 + self.odds)

    @property
    def reason(self) -> str:
        """Why, in the words of MergeSuggestion.reason."""
        held = {True: ", held by the same official", False: "", None: ""}[self.same_official]
        return f"same name, another organisation{held}"


def name_share(name_key: str) -> float:
    """The share of people who bear this full name (folded key, no space), erring high."""
    # The split between family and given name is not known: every known surname the key starts
    # with is tried and the commonest taken, so that 佐藤健 counts as 佐藤 and not as 佐.
    counts = [surname_count(name_key[:n]) for n in range(1, len(name_key))]
    family = max([RARE_SURNAME, *counts])
    return family / POPULATION * GIVEN_NAME_SHARE


def _holder_ratio(session: Session, contact_id: int, holder_id: int) -> tuple[float, bool]:
    """Likelihood ratio of the holder evidence (moved vs namesake), and whether the holder is shared."""
    holders = set(session.scalars(select(Connection.staff_id).where(Connection.contact_id == contact_id)))
    total = int(session.scalar(select(func.count()).select_from(Connection)) or 0)
    if not holders or total == 0:
        return 1.0, False
    # A namesake's card reaches one of the known person's officials as often as those officials
    # receive cards at all: their share of every connection.
    load = int(
        session.scalar(select(func.count()).select_from(Connection).where(Connection.staff_id.in_(holders)))
        or 0
    )
    chance = min(max(load / total, 1 / total), 1.0)
    if holder_id in holders:
        return KEEP_OFFICIAL / chance, True
    return (1.0 - KEEP_OFFICIAL) / max(1.0 - chance, 1e-9), False


def move_odds(session: Session, *, name_key: str, contact_id: int, holder_id: int | None) -> MoveOdds:
    """Odds that a card with `name_key` from another organisation is the person of `contact_id`."""
    live = select(func.count()).select_from(Contact).where(Contact.merged_into_id.is_(None))
    known = max(int(session.scalar(live) or 0), KNOWN_PEOPLE_FLOOR)
    # Prior: the known person has moved, against any of the others of the name among the people
    # the office meets handing over a card (each as likely as the known person to do so).
    odds = MOVED_SHARE / (known * name_share(name_key))
    shared: bool | None = None
    if holder_id is not None:
        ratio, shared = _holder_ratio(session, contact_id, holder_id)
        odds *= ratio
    return MoveOdds(odds, shared)
