"""The OpenAPI 3.1 document of /api/v1, written out by hand so that it says what each route means."""

from __future__ import annotations

from typing import Any

from handover import __version__

_ID = {"type": "integer", "minimum": 1}
_JSON: dict[str, Any] = {"application/json": {"schema": {"type": "object"}}}


def _query(name: str, description: str, schema: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema or {"type": "string"},
    }


def _path(name: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": _ID}


def _op(
    summary: str,
    *,
    params: list[dict[str, Any]] | None = None,
    body: dict[str, Any] | None = None,
    created: bool = False,
    public: bool = False,
) -> dict[str, Any]:
    ok = "201" if created else "200"
    operation: dict[str, Any] = {
        "summary": summary,
        "parameters": params or [],
        "responses": {
            ok: {"description": "OK", "content": _JSON},
            "401": {"description": "No valid bearer token"},
            "403": {"description": "The token's role may not do this"},
            "404": {"description": "Not found, or outside the caller's scope"},
        },
    }
    if body is not None:
        operation["requestBody"] = {"required": True, "content": body}
    if public:
        operation["security"] = []
        operation["responses"] = {ok: operation["responses"][ok]}
    return operation


_MULTIPART_FILES = {
    "multipart/form-data": {
        "schema": {
            "type": "object",
            "properties": {
                "files": {"type": "array", "items": {"type": "string", "format": "binary"}},
                "exchanged_on": {"type": "string", "format": "date"},
            },
            "required": ["files"],
        }
    }
}
_MULTIPART_LIST = {
    "multipart/form-data": {
        "schema": {
            "type": "object",
            "properties": {"file": {"type": "string", "format": "binary"}},
            "required": ["file"],
        }
    }
}
_CORRECTIONS = {
    "application/json": {
        "schema": {
            "type": "object",
            "properties": {
                "corrections": {"type": "object", "additionalProperties": {"type": ["string", "null"]}}
            },
        }
    }
}
_DECISION = {
    "application/json": {
        "schema": {
            "type": "object",
            "properties": {
                "decision": {"enum": ["keep", "ask-intro", "archive", "return"]},
                "note": {"type": "string"},
            },
            "required": ["decision"],
        }
    }
}

PATHS: dict[str, dict[str, dict[str, Any]]] = {
    "/api/v1/openapi.json": {"get": _op("This document", public=True)},
    "/api/v1/contacts": {
        "get": _op(
            "Contacts in the caller's scope (Japanese partial match on name, reading, organisation, e-mail)",
            params=[
                _query("q", "search text"),
                _query("org", "external organisation id", _ID),
                _query("dept", "our department id (its subtree)", _ID),
                _query("holder", "staff id holding the contact", _ID),
                _query("page", "page number from 1", _ID),
            ],
        )
    },
    "/api/v1/contacts/{contact_id}": {
        "get": _op("One contact with card history and holders", params=[_path("contact_id")])
    },
    "/api/v1/cards": {
        "get": _op("The caller's cards waiting for review"),
        "post": _op("Upload scans; each is stored and queued for reading", body=_MULTIPART_FILES),
    },
    "/api/v1/cards/{card_id}": {"get": _op("One card as read or confirmed", params=[_path("card_id")])},
    "/api/v1/cards/{card_id}/confirm": {
        "post": _op("Confirm a card with corrections", params=[_path("card_id")], body=_CORRECTIONS)
    },
    "/api/v1/inbox": {"get": _op("The caller's open handover items")},
    "/api/v1/inbox/{item_id}/decision": {
        "post": _op("Decide a handover item", params=[_path("item_id")], body=_DECISION)
    },
    "/api/v1/rotation/plans": {
        "get": _op("Transfer plans (admins)"),
        "post": _op(
            "Upload a transfer list; answers its dry run (admins)", body=_MULTIPART_LIST, created=True
        ),
    },
    "/api/v1/rotation/plans/{plan_id}": {"get": _op("A plan's dry run (admins)", params=[_path("plan_id")])},
    "/api/v1/rotation/plans/{plan_id}/apply": {
        "post": _op("Apply a plan (admins)", params=[_path("plan_id")])
    },
    "/api/v1/rotation/plans/{plan_id}/undo": {
        "post": _op("Undo an applied plan (admins)", params=[_path("plan_id")])
    },
}


def openapi_document() -> dict[str, Any]:
    """The whole document."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "handover API",
            "version": __version__,
            "description": "Contacts, cards, the handover inbox and transfer plans. "
            "Authenticate with `Authorization: Bearer <token>` (`handover user token USERNAME`).",
        },
        "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
        "security": [{"bearer": []}],
        "paths": PATHS,
    }
