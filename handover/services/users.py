"""Accounts: creating users, checking passwords with a slowdown after failures, and API tokens."""

from __future__ import annotations

import datetime as dt
import enum
import functools
import hashlib
import re
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from handover.errors import HandoverError, NotFound
from handover.models import Role, Staff, User

_HASHER = PasswordHasher()
_USERNAME = re.compile(r"^[A-Za-z0-9._-]{2,64}$")
MIN_PASSWORD_LENGTH = 10
# Failures allowed before the account waits; then the wait doubles with every further failure.
FREE_FAILURES = 3
MAX_LOCK_SECONDS = 15 * 60
TOKEN_PREFIX = "hov_"


class InvalidAccount(HandoverError):
    """A username, role or password given for a new account is not acceptable."""


class LoginOutcome(enum.StrEnum):
    """How a sign-in attempt ended."""

    OK = "ok"
    BAD_CREDENTIALS = "bad_credentials"
    LOCKED = "locked"


@dataclass(frozen=True)
class LoginResult:
    """A sign-in attempt's result; the failure counter has been updated in the session either way."""

    outcome: LoginOutcome
    user: User | None = None
    retry_after_seconds: int = 0


def hash_password(password: str) -> str:
    """An argon2id hash of `password`."""
    return _HASHER.hash(password)


def create_user(
    session: Session,
    *,
    username: str,
    password: str,
    role: Role,
    employee_no: str | None = None,
    locale: str = "ja",
) -> User:
    """Add an account; the username must be new and the password at least MIN_PASSWORD_LENGTH long."""
    if not _USERNAME.match(username):
        raise InvalidAccount(f"username {username!r}: use 2-64 letters, digits, '.', '_' or '-'")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidAccount(f"password: at least {MIN_PASSWORD_LENGTH} characters are required")
    if session.scalar(select(User.id).where(User.username == username)) is not None:
        raise InvalidAccount(f"username {username!r} is already taken")
    staff: Staff | None = None
    if employee_no is not None:
        staff = session.scalar(select(Staff).where(Staff.employee_no == employee_no))
        if staff is None:
            raise NotFound(f"employee_no {employee_no!r}: no such staff member")
        if session.scalar(select(User.id).where(User.staff_id == staff.id)) is not None:
            raise InvalidAccount(f"employee_no {employee_no!r} already has an account")
    user = User(
        username=username, password_hash=hash_password(password), role=role, staff=staff, locale=locale
    )
    session.add(user)
    session.flush()
    return user


def lock_seconds(failures: int) -> int:
    """How long an account waits after `failures` consecutive failed sign-ins (0 while under the limit)."""
    if failures < FREE_FAILURES:
        return 0
    return int(min(2 ** (failures - FREE_FAILURES + 1), MAX_LOCK_SECONDS))


def authenticate(session: Session, username: str, password: str, *, now: dt.datetime) -> LoginResult:
    """Check a username and password; failures are counted and make the next try wait longer."""
    user = session.scalar(select(User).where(User.username == username))
    if user is None or not user.active:
        _verify(_dummy_hash(), password)
        return LoginResult(LoginOutcome.BAD_CREDENTIALS)
    locked_until = _aware(user.locked_until)
    if locked_until is not None and locked_until > now:
        # The password is not even checked while locked: guessing gains nothing.
        return LoginResult(LoginOutcome.LOCKED, retry_after_seconds=_ceil_seconds(locked_until - now))
    if not _verify(user.password_hash, password):
        user.failed_logins += 1
        wait = lock_seconds(user.failed_logins)
        user.locked_until = now + dt.timedelta(seconds=wait) if wait else None
        session.flush()
        return LoginResult(LoginOutcome.BAD_CREDENTIALS, retry_after_seconds=wait)
    if _HASHER.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = now
    session.flush()
    return LoginResult(LoginOutcome.OK, user=user)


def set_password(session: Session, user: User, password: str) -> None:
    """Replace a user's password and clear any lock."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidAccount(f"password: at least {MIN_PASSWORD_LENGTH} characters are required")
    user.password_hash = hash_password(password)
    user.failed_logins = 0
    user.locked_until = None
    session.flush()


def issue_api_token(session: Session, user: User) -> str:
    """A new API token for `user`, replacing any previous one; only its hash is stored."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    user.api_token_hash = _token_hash(token)
    session.flush()
    return token


def user_for_token(session: Session, token: str) -> User | None:
    """The active user whose API token this is, or None."""
    if not token.startswith(TOKEN_PREFIX):
        return None
    user = session.scalar(select(User).where(User.api_token_hash == _token_hash(token)))
    return user if user is not None and user.active else None


@functools.cache
def _dummy_hash() -> str:
    # Verified against when the username is unknown, so that a wrong name costs as long as a wrong
    # password (no account enumeration by timing). Made on first use: hashing takes a third of a second.
    return _HASHER.hash("handover-dummy-password")


def _token_hash(token: str) -> str:
    # Tokens are 256 random bits, so a plain SHA-256 is enough (no slow hash needed as for passwords).
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    # SQLite hands back naive datetimes; they were stored as UTC.
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value


def _ceil_seconds(delta: dt.timedelta) -> int:
    return max(1, int(delta.total_seconds() + 0.999))
