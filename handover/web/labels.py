"""Names of roles, states and kinds in the user's language, for every template."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from handover.models import ItemStatus, MoveKind, PlanStatus, Role

ROLES = {
    Role.STAFF: _l("職員"),
    Role.MANAGER: _l("管理職"),
    Role.ADMIN: _l("人事担当（管理者）"),
    Role.AUDITOR: _l("監査担当"),
}
SOURCES = {
    "card": _l("名刺交換"),
    "handover": _l("引き継ぎ"),
    "manual": _l("手入力"),
    "import": _l("取り込み"),
    "returned": _l("返却"),
    "reorg": _l("組織改編"),
}
PLAN_STATUSES = {
    PlanStatus.DRAFT: _l("下書き"),
    PlanStatus.VALIDATED: _l("適用可能"),
    PlanStatus.APPLIED: _l("適用済み"),
    PlanStatus.UNDONE: _l("取り消し済み"),
}
MOVE_KINDS = {
    MoveKind.TRANSFER: _l("異動"),
    MoveKind.LEAVE: _l("退職・出向"),
    MoveKind.JOIN: _l("採用・復帰"),
}
ITEM_STATUSES = {
    ItemStatus.PENDING: _l("判断待ち"),
    ItemStatus.KEPT: _l("継続"),
    ItemStatus.INTRO_REQUESTED: _l("紹介依頼中"),
    ItemStatus.ARCHIVED: _l("アーカイブ"),
    ItemStatus.RETURNED: _l("返却"),
}

HANDOVER_REASONS = {
    "explicit": _l("後任職員番号の指定"),
    "assigned": _l("管理者が指定"),
    "takes_post": _l("同じポストに着任"),
    "vacancy": _l("空席"),
}


def handover_reason(reason: str) -> str:
    """Why a successor inherits a post's contacts."""
    return str(HANDOVER_REASONS.get(reason, reason))


def role_label(role: Role | str) -> str:
    """A role's name."""
    return str(ROLES[Role(role)])


def source_label(source: str) -> str:
    """How a connection came about."""
    return str(SOURCES.get(source, source))


def plan_status(status: PlanStatus | str) -> str:
    """A rotation plan's state."""
    return str(PLAN_STATUSES[PlanStatus(status)])


def move_kind(kind: MoveKind | str) -> str:
    """What a transfer-list row does."""
    return str(MOVE_KINDS[MoveKind(kind)])


def item_status(status: ItemStatus | str) -> str:
    """A handover item's state."""
    return str(ITEM_STATUSES[ItemStatus(status)])


def init_app(app: Flask) -> None:
    """Make the label functions available to every template."""
    functions = {
        "role_label": role_label,
        "source_label": source_label,
        "plan_status": plan_status,
        "move_kind": move_kind,
        "item_status": item_status,
        "handover_reason": handover_reason,
    }
    app.context_processor(lambda: functions)
