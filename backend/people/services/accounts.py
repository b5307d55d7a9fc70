"""Accounts, login with throttling, web sessions and API tokens."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import and_, case, func, or_, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from backend.models import Structure
from backend.people import security
from backend.people.config import PeopleSettings
from backend.people.errors import Conflict, PeopleError
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
    password: str | None,
    role: str,
    display_name: str,
    structure_id: int | None = None,
    password_hash: str | None = None,
) -> Account:
    """A new active account; ``password_hash`` instead of ``password`` when the password was
    chosen and hashed earlier (a request to join a structure, approved later)."""
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
        password_hash=password_hash or security.hash_password(password or ""),
        active=True,
        failed_logins=0,
        created_at=datetime.now(UTC),
        # An employer an admin (or the CLI) creates is vetted; one who signs up alone is not
        # (``backend.people.services.signup``) and their first offer waits for a moderator.
        offers_trusted=role == "employer",
    )
    session.add(account)
    session.flush()
    if role == "counselor":  # its structure now takes part: every list shows it
        from backend.importer import bump_data_version

        bump_data_version(session.connection())
    return account


def count_admins(session: Session) -> int:
    return session.scalar(select(func.count()).where(Account.role == "admin")) or 0


#: The one answer to a refused login (French source string; the web site translates it).
BAD_LOGIN = (
    "Adresse e-mail ou mot de passe incorrect. Après %(tries)s essais manqués, le compte est "
    "bloqué %(minutes)s min : vérifiez-les et réessayez plus tard."
)


#: For the web site's catalogue (translated when shown).
MESSAGES = {"bad_login": BAD_LOGIN}


def bad_login_values(settings: PeopleSettings) -> dict[str, int]:
    return {
        "tries": settings.login_max_failures,
        "minutes": max(1, round(settings.login_lock_seconds / 60)),
    }


def bad_login_message(settings: PeopleSettings) -> str:
    """The one answer to a refused login: wrong password, unknown address and locked account
    alike, so that nobody learns which addresses have an account or which are locked."""
    return BAD_LOGIN % bad_login_values(settings)


def _reserve_attempt(session: Session, email: str, settings: PeopleSettings) -> bool:
    """Count one login attempt on ``email`` before its password is checked; False when the
    account is unknown or locked.

    One conditional UPDATE, committed at once: the database serialises it (SQLite's write lock,
    PostgreSQL's row lock, which re-reads the row before writing), so that however many requests
    and processes try at the same time, at most ``login_max_failures`` passwords are checked
    before the account locks. The attempt that reaches the limit sets the lock; a right password
    then clears the counter and the lock (:func:`authenticate`). When a lock has expired, the
    count starts again at one.
    """
    now = datetime.now(UTC)
    maximum = max(1, settings.login_max_failures)
    lock_expired = and_(Account.locked_until.is_not(None), Account.locked_until <= now)
    count = case((lock_expired, 1), else_=func.coalesce(Account.failed_logins, 0) + 1)
    result = session.execute(
        update(Account)
        .where(
            Account.email == email,
            or_(Account.locked_until.is_(None), Account.locked_until <= now),
        )
        .values(
            failed_logins=count,
            locked_until=case(
                (count >= maximum, now + timedelta(seconds=settings.login_lock_seconds)),
                else_=None,
            ),
        )
        .execution_options(synchronize_session=False)
    )
    session.commit()
    return bool(result.rowcount)  # type: ignore[attr-defined]


def authenticate(
    session: Session, email: str, password: str, settings: PeopleSettings
) -> Account | None:
    """The account when the password is right and the account active and not locked; else None,
    for an unknown address exactly as for a wrong password or a locked account (same answer,
    same work: one UPDATE and one argon2 verification). Commits the counters."""
    email = normalize_email(email)
    if not _reserve_attempt(session, email, settings):
        security.verify_password(None, password)  # same cost as a real check
        return None
    account = session.scalar(select(Account).where(Account.email == email))
    if account is None:  # deleted meanwhile
        security.verify_password(None, password)
        return None
    if not security.verify_password(account.password_hash, password) or not account.active:
        return None  # the attempt stays counted
    now = datetime.now(UTC)
    session.execute(
        update(Account)
        .where(Account.id == account.id)
        .values(failed_logins=0, locked_until=None, last_login_at=now)
        .execution_options(synchronize_session=False)
    )
    session.commit()
    session.refresh(account)
    return account


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
    """End a session or token in the database, whichever session ``row`` was loaded by.

    An UPDATE by id, not an attribute change: the row a request resolved (and cached on the
    request) may belong to a session that is closed already, and setting an attribute on such a
    detached object would never reach the database (the web logout did exactly that).
    """
    now = datetime.now(UTC)
    result = session.execute(
        update(AuthSecret)
        .where(AuthSecret.id == row.id, AuthSecret.revoked_at.is_(None))
        .values(revoked_at=now)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount:  # type: ignore[attr-defined]
        set_committed_value(row, "revoked_at", now)  # the object says so too, without a write


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
