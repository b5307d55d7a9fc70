"""Accounts, login with throttling, web sessions and API tokens."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from backend.models import Structure
from backend.people import security
from backend.people.config import PeopleSettings
from backend.people.errors import Conflict, PeopleError, TooManyAttempts
from backend.people.models import ROLES, Account, AuthSecret


def _aware(value: datetime | None) -> datetime | None:
    """SQLite gives naive datetimes back: they were stored in UTC."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


def normalize_email(email: str) -> str:
    return email.strip().lower()


def create_account(
    session: Session,
    *,
    email: str,
    password: str,
    role: str,
    display_name: str,
    structure_id: int | None = None,
) -> Account:
    email = normalize_email(email)
    if role not in ROLES:
        raise PeopleError("Rôle inconnu : choisissez admin, counselor ou employer.")
    if "@" not in email or len(email) > 254:
        raise PeopleError("Adresse e-mail incorrecte : écrivez-la sous la forme nom@exemple.fr.")
    if role == "counselor" and (
        structure_id is None or session.get(Structure, structure_id) is None
    ):
        raise PeopleError(
            "Un compte de conseiller doit être rattaché à une structure existante : "
            "indiquez son numéro (structure_id)."
        )
    if session.scalar(select(Account.id).where(Account.email == email)) is not None:
        raise Conflict("Un compte existe déjà avec cette adresse e-mail.")
    account = Account(
        email=email,
        display_name=display_name.strip() or email,
        role=role,
        structure_id=structure_id if role == "counselor" else structure_id,
        password_hash=security.hash_password(password),
        active=True,
        failed_logins=0,
        created_at=datetime.now(UTC),
    )
    session.add(account)
    session.flush()
    return account


def count_admins(session: Session) -> int:
    return session.scalar(select(func.count()).where(Account.role == "admin")) or 0


def authenticate(
    session: Session, email: str, password: str, settings: PeopleSettings
) -> Account | None:
    """The account when the password is right. Locks an account after repeated failures.

    Raises TooManyAttempts while locked (even with the right password). Commits the counters.
    """
    now = datetime.now(UTC)
    account = session.scalar(select(Account).where(Account.email == normalize_email(email)))
    locked_until = _aware(account.locked_until) if account else None
    if account is not None and locked_until is not None and locked_until > now:
        security.verify_password(None, password)  # same cost as a normal attempt
        raise TooManyAttempts(
            "Trop d'essais de connexion : ce compte est bloqué quelques minutes. "
            "Réessayez plus tard ou demandez à un administrateur de changer le mot de passe.",
            retry_after=(locked_until - now).total_seconds(),
        )
    ok = security.verify_password(account.password_hash if account else None, password)
    if account is None:
        return None
    if ok and account.active:
        account.failed_logins = 0
        account.locked_until = None
        account.last_login_at = now
        session.commit()
        return account
    account.failed_logins = (account.failed_logins or 0) + 1
    if account.failed_logins >= settings.login_max_failures:
        account.locked_until = now + timedelta(seconds=settings.login_lock_seconds)
        account.failed_logins = 0
    session.commit()
    return None


def create_secret(
    session: Session,
    account: Account,
    kind: str,
    settings: PeopleSettings,
    label: str | None = None,
) -> tuple[str, AuthSecret]:
    """A new session or token; the clear secret is returned once and never stored."""
    now = datetime.now(UTC)
    lifetime = (
        timedelta(hours=settings.session_hours)
        if kind == "session"
        else timedelta(days=settings.token_days)
    )
    secret = security.new_secret()
    row = AuthSecret(
        kind=kind,
        secret_hash=security.secret_hash(secret),
        account_id=account.id,
        label=label,
        csrf_secret=security.new_secret() if kind == "session" else None,
        created_at=now,
        expires_at=now + lifetime,
    )
    session.add(row)
    session.flush()
    return secret, row


def resolve_secret(session: Session, secret: str, kind: str) -> tuple[Account, AuthSecret] | None:
    if not secret or len(secret) > 200:
        return None
    row = session.scalar(
        select(AuthSecret).where(
            AuthSecret.secret_hash == security.secret_hash(secret), AuthSecret.kind == kind
        )
    )
    if row is None or row.revoked_at is not None:
        return None
    if _aware(row.expires_at) <= datetime.now(UTC):  # type: ignore[operator]
        return None
    account = session.get(Account, row.account_id)
    if account is None or not account.active:
        return None
    return account, row


def revoke(session: Session, row: AuthSecret) -> None:
    row.revoked_at = datetime.now(UTC)
    session.flush()


def tokens_of(session: Session, account: Account) -> list[AuthSecret]:
    return list(
        session.scalars(
            select(AuthSecret)
            .where(
                AuthSecret.account_id == account.id,
                AuthSecret.kind == "token",
                AuthSecret.revoked_at.is_(None),
            )
            .order_by(AuthSecret.id)
        )
    )
