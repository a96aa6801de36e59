"""The navigation bar for each role, and the counts the start page shows."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from handover.models import Card, CardStatus, HandoverItem, ItemStatus, Role, Scan
from handover.web import signed_in_user
from handover.web.scope import Scope

_ALL = frozenset(Role)
_OFFICIALS = frozenset({Role.STAFF, Role.MANAGER, Role.ADMIN})


@dataclass(frozen=True)
class NavItem:
    """One link of the navigation bar."""

    endpoint: str
    label: object  # a lazy string, translated when rendered
    roles: frozenset[Role]


NAV = (
    NavItem("home.index", _l("ホーム"), _ALL),
    NavItem("cards.upload", _l("名刺の取り込み"), _OFFICIALS),
    NavItem("review.queue", _l("読み取り確認"), _OFFICIALS),
    NavItem("contacts.index", _l("連絡先"), _OFFICIALS),
    NavItem("network.index", _l("つながり"), _OFFICIALS),
    NavItem("inbox.index", _l("引き継ぎ"), _OFFICIALS),
    NavItem("rotation.index", _l("人事異動"), frozenset({Role.ADMIN})),
    NavItem("admin.departments", _l("管理"), frozenset({Role.ADMIN})),
    NavItem("audit_log.index", _l("監査ログ"), frozenset({Role.AUDITOR})),
)


def init_app(app: Flask) -> None:
    """Make `nav_items` available to every template."""
    app.context_processor(lambda: {"nav_items": nav_items})


def nav_items() -> list[NavItem]:
    """The links the signed-in user may follow, among the pages this build has."""
    user = signed_in_user()
    if user is None:
        return []
    return [i for i in NAV if user.role in i.roles and i.endpoint in current_app.view_functions]


def home_counts(session: Session, scope: Scope) -> dict[str, int]:
    """Work waiting for the user: cards to review, items to decide, introductions to answer."""
    if scope.staff_id is None:
        return {"review": 0, "inbox": 0, "intros": 0}
    review = session.scalar(
        select(func.count(Card.id))
        .join(Scan, Card.scan_id == Scan.id)
        .where(Scan.uploaded_by_staff_id == scope.staff_id, Card.status == CardStatus.NEEDS_REVIEW)
    )
    inbox = session.scalar(
        select(func.count(HandoverItem.id)).where(
            HandoverItem.to_staff_id == scope.staff_id, HandoverItem.status == ItemStatus.PENDING
        )
    )
    intros = session.scalar(
        select(func.count(HandoverItem.id)).where(
            HandoverItem.from_staff_id == scope.staff_id,
            HandoverItem.status == ItemStatus.INTRO_REQUESTED,
            HandoverItem.intro_answered_at.is_(None),
        )
    )
    return {"review": review or 0, "inbox": inbox or 0, "intros": intros or 0}
