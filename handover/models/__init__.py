"""Every model, imported here so that the metadata is complete for Alembic and the app."""

from handover.models.audit import AuditEvent
from handover.models.cards import Card, CardStatus, Scan, ScanStatus
from handover.models.contacts import (
    Contact,
    ContactIdentifier,
    ContactMerge,
    ExternalOrganization,
    MergeKind,
    MergeSuggestion,
    OrganizationKind,
    SuggestionStatus,
)
from handover.models.network import Connection, ConnectionSource
from handover.models.org import Assignment, AssignmentKind, Department, Post, Staff
from handover.models.rotation import (
    HandoverItem,
    HandoverNote,
    ItemStatus,
    Move,
    MoveKind,
    PlanKind,
    PlanStatus,
    RotationPlan,
    SuccessorChoice,
)
from handover.models.users import Role, User

__all__ = [
    "Assignment",
    "AssignmentKind",
    "AuditEvent",
    "Card",
    "CardStatus",
    "Connection",
    "ConnectionSource",
    "Contact",
    "ContactIdentifier",
    "ContactMerge",
    "Department",
    "ExternalOrganization",
    "HandoverItem",
    "HandoverNote",
    "ItemStatus",
    "MergeKind",
    "MergeSuggestion",
    "Move",
    "MoveKind",
    "OrganizationKind",
    "PlanKind",
    "PlanStatus",
    "Post",
    "Role",
    "RotationPlan",
    "Scan",
    "ScanStatus",
    "Staff",
    "SuccessorChoice",
    "SuggestionStatus",
    "User",
]
