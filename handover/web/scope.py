"""Who may see what. Every view and the API ask here; an object outside your scope answers 404.

- staff: contacts they hold or held themselves, and those held now by any post of their own
  department (課 or 係 the department shares its cards within itself);
- managers: the same for their whole department subtree (課長 sees every 係 below);
- admins (人事担当): everything;
- auditors: the audit log only, no contacts (separation of duties).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, false, or_, select, true
from sqlalchemy.orm import Session

from handover.errors import NotAllowed, NotFound
from handover.models import (
    Assignment,
    Card,
    Connection,
    Contact,
    Department,
    HandoverItem,
    Post,
    Role,
    Scan,
    User,
)


@dataclass(frozen=True)
class Scope:
    """What one user may see on one day."""

    user_id: int
    role: Role
    staff_id: int | None
    # None means every department (admins); an empty set means none.
    department_ids: frozenset[int] | None

    @property
    def sees_everything(self) -> bool:
        """Admins see every contact, card and item."""
        return self.role is Role.ADMIN

    @property
    def sees_contacts(self) -> bool:
        """Auditors read the audit log, not the contacts themselves."""
        return self.role is not Role.AUDITOR

    def require_role(self, *roles: Role) -> None:
        """Refuse (403) unless the user has one of `roles`."""
        if self.role not in roles:
            raise NotAllowed(f"this page is for {', '.join(r.value for r in roles)}")


def scope_for(session: Session, user: User, day: dt.date) -> Scope:
    """The scope of `user` on `day`, from their role and the posts they hold that day."""
    own: set[int] = set()
    if user.staff_id is not None:
        own = set(
            session.scalars(
                select(Post.department_id)
                .join(Assignment, Assignment.post_id == Post.id)
                .where(
                    Assignment.staff_id == user.staff_id,
                    Assignment.start_date <= day,
                    or_(Assignment.end_date.is_(None), Assignment.end_date > day),
                )
            )
        )
    departments: frozenset[int] | None
    if user.role is Role.ADMIN:
        departments = None
    elif user.role is Role.MANAGER:
        departments = frozenset(subtree_ids(session, own))
    elif user.role is Role.STAFF:
        departments = frozenset(own)
    else:
        departments = frozenset()
    return Scope(user_id=user.id, role=user.role, staff_id=user.staff_id, department_ids=departments)


def subtree_ids(session: Session, roots: set[int]) -> set[int]:
    """The departments `roots` and everything below them."""
    children: dict[int, list[int]] = {}
    for dept_id, parent_id in session.execute(select(Department.id, Department.parent_id)):
        if parent_id is not None:
            children.setdefault(parent_id, []).append(dept_id)
    found: set[int] = set()
    stack = list(roots)
    while stack:
        node = stack.pop()
        if node not in found:
            found.add(node)
            stack.extend(children.get(node, ()))
    return found


def visible_contact_ids(scope: Scope) -> Select[Any]:
    """A subquery of the ids of contacts the scope may see."""
    held = select(Connection.contact_id)
    if scope.sees_everything:
        return held.where(true())
    if not scope.sees_contacts:
        return held.where(false())
    own = Connection.staff_id == scope.staff_id if scope.staff_id is not None else false()
    shared: ColumnElement[bool] = false()
    if scope.department_ids:
        shared = Connection.until.is_(None) & Connection.post_id.in_(
            select(Post.id).where(Post.department_id.in_(scope.department_ids))
        )
    return held.where(or_(own, shared))


def contact_clause(scope: Scope) -> ColumnElement[bool]:
    """A WHERE clause on Contact limiting a query to the scope."""
    if scope.sees_everything:
        return true()
    return Contact.id.in_(visible_contact_ids(scope))


def require_contact(session: Session, scope: Scope, contact_id: int) -> Contact:
    """The contact if the scope may see it; NotFound otherwise (the same answer as a missing one)."""
    contact = session.scalar(select(Contact).where(Contact.id == contact_id, contact_clause(scope)))
    if contact is None:
        raise NotFound(f"contact {contact_id}")
    return contact


def card_clause(scope: Scope) -> ColumnElement[bool]:
    """A WHERE clause on Card (joined to Scan): cards you uploaded, or of contacts you may see."""
    if scope.sees_everything:
        return true()
    if not scope.sees_contacts:
        return false()
    mine = Scan.uploaded_by_staff_id == scope.staff_id if scope.staff_id is not None else false()
    return or_(mine, Card.contact_id.in_(visible_contact_ids(scope)))


def require_card(session: Session, scope: Scope, card_id: int) -> Card:
    """The card if the scope may see it; NotFound otherwise."""
    card = session.scalar(
        select(Card).join(Scan, Card.scan_id == Scan.id).where(Card.id == card_id, card_clause(scope))
    )
    if card is None:
        raise NotFound(f"card {card_id}")
    return card


def item_clause(scope: Scope) -> ColumnElement[bool]:
    """A WHERE clause on HandoverItem: your own (either side), or your subtree's for managers."""
    if scope.sees_everything:
        return true()
    if not scope.sees_contacts:
        return false()
    mine: ColumnElement[bool] = false()
    if scope.staff_id is not None:
        mine = or_(HandoverItem.to_staff_id == scope.staff_id, HandoverItem.from_staff_id == scope.staff_id)
    if scope.role is Role.MANAGER and scope.department_ids:
        in_tree = HandoverItem.post_id.in_(
            select(Post.id).where(Post.department_id.in_(scope.department_ids))
        )
        return or_(mine, in_tree)
    return mine


def require_item(session: Session, scope: Scope, item_id: int) -> HandoverItem:
    """The handover item if the scope may see it; NotFound otherwise."""
    item = session.scalar(select(HandoverItem).where(HandoverItem.id == item_id, item_clause(scope)))
    if item is None:
        raise NotFound(f"handover item {item_id}")
    return item
