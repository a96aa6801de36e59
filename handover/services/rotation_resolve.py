"""Resolving a transfer list against the office: who moves where, and who inherits which post's contacts."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from handover.errors import RowError
from handover.models import AssignmentKind, MoveKind
from handover.services.rotation_office import Office, OpenAssignment, load_office, open_connection_counts
from handover.services.rotation_parse import TransferRow


@dataclass
class ResolvedMove:
    """A row matched to the office: the assignments it closes and the post it opens."""

    row: TransferRow
    kind: MoveKind
    staff_id: int | None  # None: a new staff member, created on apply
    from_post_id: int | None
    close: list[OpenAssignment]
    to_department_id: int | None
    to_post_id: int | None  # None with a department: a new post, created on apply
    new_kind: AssignmentKind = AssignmentKind.PRIMARY


@dataclass
class Handover:
    """The connections one leaver held in one post, and who receives them."""

    row: int
    from_staff_id: int
    post_id: int
    to_employee_no: str | None
    connections: int
    reason: str  # explicit | takes_post | assigned | vacancy
    temporary: bool = False


@dataclass
class Ambiguity:
    """A post several people take: nothing is handed over until an administrator chooses."""

    row: int
    from_staff_id: int
    post_id: int
    candidates: list[str]
    connections: int


@dataclass
class Resolution:
    """The whole dry run, before it is turned into JSON."""

    effective_date: dt.date
    office: Office
    moves: list[ResolvedMove] = field(default_factory=list)
    handovers: list[Handover] = field(default_factory=list)
    ambiguities: list[Ambiguity] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


Choices = dict[tuple[int, int | None], str]  # (post id, leaver staff id or None for all) -> employee no


def resolve(
    session: Session,
    rows: list[TransferRow],
    *,
    effective_date: dt.date,
    parse_errors: list[RowError],
    choices: Choices | None = None,
) -> Resolution:
    """Match rows to the office and apply the successor rule; nothing is written."""
    office = load_office(session)
    result = Resolution(effective_date, office, errors=list(parse_errors))
    seen: dict[str, TransferRow] = {}
    for row in rows:
        if row.effective_date and row.effective_date != effective_date:
            result.errors.append(
                RowError(
                    row.row,
                    "effective_date",
                    f"{row.effective_date} differs from the plan's date "
                    f"{effective_date}; one plan has one effective date",
                )
            )
        first = seen.get(row.employee_no)
        if first is not None:
            same = _without_row(first) == _without_row(row)
            message = (
                f"duplicate of row {first.row}"
                if same
                else f"{row.employee_no} is moved twice (also row {first.row})"
            )
            result.errors.append(RowError(row.row, "employee_no", message))
            continue
        if row.employee_no:
            seen[row.employee_no] = row
            move = _resolve_row(office, row, effective_date, result.errors)
            if move is not None:
                result.moves.append(move)
    _successors(session, result, choices or {})
    result.errors.sort(key=lambda e: (e.row or 0, e.column or ""))
    return result


def _without_row(row: TransferRow) -> tuple[object, ...]:
    return (
        row.employee_no,
        row.name,
        row.from_department,
        row.from_title,
        row.to_department,
        row.to_title,
        row.effective_date,
        row.successor_employee_no,
    )


def _resolve_row(
    office: Office, row: TransferRow, day: dt.date, errors: list[RowError]
) -> ResolvedMove | None:
    """One row against the office; problems go to `errors` and return None."""
    staff_id = office.staff_id.get(row.employee_no)
    if row.leaves_a_post and row.takes_a_post:
        kind = MoveKind.TRANSFER
    elif row.leaves_a_post:
        kind = MoveKind.LEAVE
    else:
        kind = MoveKind.JOIN
    if staff_id is None and kind is not MoveKind.JOIN:
        errors.append(RowError(row.row, "employee_no", f"unknown employee {row.employee_no}"))
        return None
    if staff_id is None and not row.name:
        errors.append(RowError(row.row, "name", f"new staff member {row.employee_no} needs a name"))
    current = office.open_assignments.get(staff_id, []) if staff_id is not None else []
    from_post_id: int | None = None
    close: list[OpenAssignment] = []
    new_kind = AssignmentKind.PRIMARY
    if row.leaves_a_post:
        dept, error = office.find_department(row.from_department, row.row, "from_department")
        if dept is None:
            errors.append(error or RowError(row.row, "from_department", "unknown department"))
            return None
        held = [
            a
            for a in current
            if office.posts[a.post_id].department_id == dept.id
            and office.posts[a.post_id].title == row.from_title
        ]
        if not held:
            now = ", ".join(office.post_key(a.post_id) for a in current) or "none"
            errors.append(
                RowError(
                    row.row,
                    "from_title",
                    f"{dept.code}:{row.from_title} is not the current "
                    f"post of {row.employee_no} (current: {now})",
                )
            )
            return None
        from_post_id = held[0].post_id
        new_kind = held[0].kind
        # Leaving the office ends every post, 兼務 included; a transfer ends only the post it names.
        close = list(current) if kind is MoveKind.LEAVE else held
        for a in close:
            if a.start_date > day:
                errors.append(
                    RowError(
                        row.row,
                        "effective_date",
                        f"{office.post_key(a.post_id)} only started on {a.start_date}, after {day}",
                    )
                )
    elif current:
        now = ", ".join(office.post_key(a.post_id) for a in current)
        errors.append(
            RowError(
                row.row, "from_department", f"{row.employee_no} holds {now} now; name the post they leave"
            )
        )
        return None
    to_department_id = to_post_id = None
    if row.takes_a_post:
        dept, error = office.find_department(row.to_department, row.row, "to_department")
        if dept is None:
            errors.append(error or RowError(row.row, "to_department", "unknown department"))
            return None
        to_department_id = dept.id
        post = office.post_by_key.get((dept.id, row.to_title))
        to_post_id = post.id if post else None
        if to_post_id is not None and to_post_id == from_post_id:
            errors.append(RowError(row.row, "to_title", "the new post is the old post"))
            return None
        if to_post_id is not None and any(a.post_id == to_post_id for a in current):
            errors.append(
                RowError(row.row, "to_title", f"{row.employee_no} already holds {dept.code}:{row.to_title}")
            )
            return None
    return ResolvedMove(row, kind, staff_id, from_post_id, close, to_department_id, to_post_id, new_kind)


def _successors(session: Session, result: Resolution, choices: Choices) -> None:
    """The successor rule: explicit 後任, then an administrator's choice, then whoever takes the post."""
    office = result.office
    leaving = [(m, a.post_id) for m in result.moves if m.staff_id is not None for a in m.close]
    leavers_of: dict[int, set[int]] = defaultdict(set)
    for m, post_id in leaving:
        assert m.staff_id is not None
        leavers_of[post_id].add(m.staff_id)
    incoming: dict[int, list[str]] = defaultdict(list)
    for m in result.moves:
        if m.to_post_id is not None:
            incoming[m.to_post_id].append(m.row.employee_no)
    in_plan = {m.row.employee_no: m for m in result.moves}

    def holders_after(post_id: int) -> list[str]:
        stay = sorted(
            office.staff_no[s]
            for s in office.holders.get(post_id, set())
            if s not in leavers_of.get(post_id, set())
        )
        return stay + incoming.get(post_id, [])

    def head_after(post_id: int, exclude: str) -> str | None:
        # The 課長 of the post's own department holds a vacant post's contacts; when that seat is
        # empty too, the head of the department above does.
        dept_id: int | None = office.posts[post_id].department_id
        visited: set[int] = set()
        while dept_id is not None and dept_id not in visited:
            visited.add(dept_id)
            for head in office.head_posts(dept_id):
                if head.id != post_id:
                    for no in holders_after(head.id):
                        if no != exclude:
                            return no
            dept_id = office.departments[dept_id].parent_id
        return None

    def check_successor(no: str, post_id: int, leaver: str, row: int, column: str) -> bool:
        sid = office.staff_id.get(no)
        problem = None
        if sid is None and no not in in_plan:
            problem = f"unknown successor {no}"
        elif no == leaver:
            problem = f"{no} cannot succeed themselves"
        elif sid is not None and sid in leavers_of.get(post_id, set()):
            problem = f"successor {no} leaves {office.post_key(post_id)} in this plan too"
        if problem:
            result.errors.append(RowError(row, column, problem))
        return problem is None

    counts = open_connection_counts(session, (sid for sid in (m.staff_id for m, _ in leaving) if sid))
    for m, post_id in leaving:
        assert m.staff_id is not None
        leaver, row = m.row.employee_no, m.row.row
        n = counts.get((m.staff_id, post_id), 0)
        explicit = m.row.successor_employee_no if post_id == m.from_post_id else ""
        chosen = choices.get((post_id, m.staff_id)) or choices.get((post_id, None))
        candidates = [no for no in incoming.get(post_id, []) if no != leaver]
        if explicit:
            if check_successor(explicit, post_id, leaver, row, "successor_employee_no"):
                result.handovers.append(Handover(row, m.staff_id, post_id, explicit, n, "explicit"))
        elif chosen:
            if check_successor(chosen, post_id, leaver, row, "successor_employee_no"):
                result.handovers.append(Handover(row, m.staff_id, post_id, chosen, n, "assigned"))
        elif len(candidates) == 1:
            result.handovers.append(Handover(row, m.staff_id, post_id, candidates[0], n, "takes_post"))
        elif candidates:
            result.ambiguities.append(Ambiguity(row, m.staff_id, post_id, candidates, n))
            result.warnings.append(
                RowError(
                    row,
                    "successor_employee_no",
                    (
                        f"{len(candidates)} people take {office.post_key(post_id)} "
                        f"({', '.join(candidates)}); "
                        f"nothing of {leaver}'s is handed over until `rotation assign` chooses one"
                    ),
                )
            )
        else:
            head = head_after(post_id, leaver)
            result.handovers.append(Handover(row, m.staff_id, post_id, head, n, "vacancy", temporary=True))
            if head is None and n:
                result.warnings.append(
                    RowError(
                        row,
                        "to_department",
                        (
                            f"{office.post_key(post_id)} is left vacant and no department head was found; "
                            f"{n} connection(s) stay with {leaver}"
                        ),
                    )
                )
