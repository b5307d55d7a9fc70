"""Employers sign up without an admin (*Mon stage en ligne*).

1. The form gives a company name, a work e-mail, a password and the establishment's SIRET. The
   SIRET's form is checked (14 digits, Luhn key); on a deployment with internet, the public company
   directory says whether the establishment exists and is open (``backend.people.siret``): a closed
   or unknown one is refused, a directory that does not answer does not block.
2. The account is created closed; a confirmation link (single use, ``confirmation_hours``) is
   e-mailed. Without a mail server, an admin activates it from the queue.
3. Once signed in, the employer's offers wait for a moderator (an admin, or a counselor of the
   offer's département) until one is approved (``offers`` service).

The public form gives the same answer whether or not the address has an account: nothing is
stored then, so nobody learns who uses the service.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import httpx
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from backend.people import mail, security, siret
from backend.people.config import PeopleSettings
from backend.people.errors import Conflict, Forbidden, NotFound, PeopleError
from backend.people.models import Account, AuthSecret
from backend.people.services import accounts, audit
from backend.people.services.accounts import _aware

CONFIRM_PATH = "/espace-pro/confirmer/"

MESSAGES = {
    "company": "Indiquez le nom de votre entreprise (200 caractères au plus).",
    "email": "Adresse e-mail incorrecte : écrivez-la sous la forme nom@exemple.fr.",
    "link_unknown": "Ce lien de confirmation n'existe pas ou a déjà servi. Connectez-vous, ou "
    "inscrivez-vous à nouveau.",
    "link_expired": "Ce lien de confirmation a expiré. Inscrivez-vous à nouveau.",
    "admin_only": "Seul un administrateur active un compte sans e-mail de confirmation.",
    "not_pending": "Ce compte n'attend pas d'activation.",
    "received_sent": "Merci. Nous vous avons envoyé un e-mail : ouvrez le lien qu'il contient "
    "pour activer votre compte.",
    "received_manual": "Merci. Ce service ne peut pas envoyer d'e-mail : un administrateur va "
    "vérifier votre entreprise et activer votre compte.",
}


@dataclass(frozen=True)
class SignUp:
    #: The new account; None when the address had one already (nothing was stored).
    account: Account | None
    check: siret.CompanyCheck
    sent: bool
    #: The confirmation link's secret, for the e-mail only (never in an API answer).
    secret: str | None = None

    @property
    def message(self) -> str:
        return MESSAGES["received_sent" if self.sent else "received_manual"]


def sign_up(
    session: Session,
    *,
    company: str,
    email: str,
    password: str,
    siret_number: str,
    settings: PeopleSettings,
    transport: httpx.BaseTransport | None = None,
) -> SignUp:
    """Check and store a sign-up (the account stays closed until confirmed); commits."""
    company = (company or "").strip()
    if not company or len(company) > 200:
        raise PeopleError(MESSAGES["company"], field="entreprise")
    email = accounts.normalize_email(email)
    local, _, domain = email.partition("@")
    if not local or "." not in domain or len(email) > 254 or " " in email:
        raise PeopleError(MESSAGES["email"], field="email")
    problem = siret.form_error(siret_number)
    if problem:
        raise PeopleError(problem, field="siret")
    number = siret.clean(siret_number)
    password_hash = security.hash_password(password)
    check = siret.lookup(
        number, settings.company_directory_url, settings.company_directory_timeout, transport
    )
    if check.blocking:
        raise PeopleError(siret.MESSAGES[check.status], field="siret")
    sent = mail.configured(settings)
    if session.scalar(select(Account.id).where(Account.email == email)) is not None:
        return SignUp(None, check, sent)  # the same answer; nothing stored
    account = accounts.create_account(
        session,
        email=email,
        password=None,
        password_hash=password_hash,
        role="employer",
        display_name=company,
    )
    account.active = False
    account.offers_trusted = False
    account.siret = number
    account.company_check = check.status
    secret = security.new_secret()
    now = datetime.now(UTC)
    session.add(
        AuthSecret(
            kind="confirm",
            secret_hash=security.secret_hash(secret),
            account_id=account.id,
            created_at=now,
            expires_at=now + timedelta(hours=settings.confirmation_hours),
        )
    )
    audit.record(
        session, account, "account.signup", "account", str(account.id), detail=check.status
    )
    session.commit()
    if sent:
        link = settings.public_url.rstrip("/") + CONFIRM_PATH + secret
        body = (
            f"Bonjour,\n\nPour activer le compte employeur de {company} sur Total Accès, ouvrez "
            f"ce lien (il sert une fois, pendant {settings.confirmation_hours} heures) :\n{link}\n\n"
            "Si vous n'avez rien demandé, ignorez ce message.\n"
        )
        try:
            mail.send(settings, email, "Activez votre compte Total Accès", body)
        except mail.MailError:
            sent = False
    return SignUp(account, check, sent, secret)


def confirm(session: Session, secret: str) -> Account:
    """Open the account of a confirmation link; the link stops working. Commits."""
    row = session.scalar(
        select(AuthSecret).where(
            AuthSecret.secret_hash == security.secret_hash(secret or ""),
            AuthSecret.kind == "confirm",
        )
    )
    if row is None or row.revoked_at is not None:
        raise NotFound(MESSAGES["link_unknown"])
    if _aware(row.expires_at) <= datetime.now(UTC):  # type: ignore[operator]
        raise Conflict(MESSAGES["link_expired"])
    taken = session.execute(
        update(AuthSecret)
        .where(AuthSecret.id == row.id, AuthSecret.revoked_at.is_(None))
        .values(revoked_at=datetime.now(UTC))
        .execution_options(synchronize_session=False)
    )
    account = session.get(Account, row.account_id)
    if not taken.rowcount or account is None:  # type: ignore[attr-defined]
        session.rollback()
        raise NotFound(MESSAGES["link_unknown"])
    account.active = True
    audit.record(session, account, "account.confirm", "account", str(account.id))
    session.commit()
    return account


def pending(session: Session, admin: Account) -> list[Account]:
    """Employers who signed up and are not active yet (no confirmation e-mail reached them)."""
    if admin.role != "admin":
        raise Forbidden(MESSAGES["admin_only"])
    return list(
        session.scalars(
            select(Account)
            .where(
                Account.role == "employer",
                Account.active.is_(False),
                Account.siret.is_not(None),
                Account.last_login_at.is_(None),
            )
            .order_by(Account.created_at)
        )
    )


def activate(session: Session, admin: Account, account_id: int) -> Account:
    """An admin opens a signed-up employer's account (after checking the company); commits."""
    if admin.role != "admin":
        raise Forbidden(MESSAGES["admin_only"])
    account = session.get(Account, account_id)
    if account is None or account.role != "employer" or account.active or not account.siret:
        raise Conflict(MESSAGES["not_pending"])
    account.active = True
    session.execute(
        update(AuthSecret)
        .where(
            AuthSecret.account_id == account.id,
            AuthSecret.kind == "confirm",
            AuthSecret.revoked_at.is_(None),
        )
        .values(revoked_at=datetime.now(UTC))
        .execution_options(synchronize_session=False)
    )
    audit.record(session, admin, "account.activate", "account", str(account.id))
    session.commit()
    return account
