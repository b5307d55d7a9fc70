"""Tables of the people side: accounts, sessions and tokens, callback requests, applications,
the audit log. On the shared ``Base`` so that one Alembic history covers everything.

Personal data of young people (first name, phone, e-mail, message) lives only in
``callback_requests`` and ``applications`` and is deleted by ``totalacces purge``.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from backend.models import Base
from totalacces import vocabulary

ROLES = ("admin", "counselor", "employer")
CALLBACK_STATUSES = tuple(vocabulary.STATUSES)
CALLBACK_OUTCOMES = tuple(vocabulary.OUTCOMES)
CHANNELS = tuple(vocabulary.CHANNELS)
TOPICS = tuple(vocabulary.TOPICS)
APPLICATION_STATUSES = ("new", "seen", "accepted", "declined", "closed")


class Account(Base):
    __tablename__ = "accounts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    structure_id: Mapped[int | None] = mapped_column(
        ForeignKey("structures.id", ondelete="SET NULL"), nullable=True, index=True
    )
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    # Created by ``totalacces demo``: shown as a demonstration everywhere it appears.
    demo: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    #: An employer who signed up alone: the SIRET given, and what the company directory said.
    siret: Mapped[str | None] = mapped_column(String(14), nullable=True)
    company_check: Mapped[str | None] = mapped_column(String(12), nullable=True)
    #: An employer's offers publish at once after a moderator approved one; until then they wait.
    offers_trusted: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class AuthSecret(Base):
    """A web session (``kind="session"``) or an API bearer token (``kind="token"``).

    Only the SHA-256 of the secret is stored; ``csrf_secret`` signs the session's CSRF tokens.
    """

    __tablename__ = "auth_secrets"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(10))
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    label: Mapped[str | None] = mapped_column(String(100), nullable=True)
    csrf_secret: Mapped[str | None] = mapped_column(String(64), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class CallbackRequest(Base):
    __tablename__ = "callback_requests"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    reference: Mapped[str] = mapped_column(String(12), unique=True)
    # Personal data: never logged, purged after retention.
    first_name: Mapped[str] = mapped_column(String(100))
    phone: Mapped[str | None] = mapped_column(String(40), nullable=True)
    email: Mapped[str | None] = mapped_column(String(254), nullable=True)
    message: Mapped[str | None] = mapped_column(Text, nullable=True)
    # Request
    channel: Mapped[str] = mapped_column(String(10))
    time_slot: Mapped[str | None] = mapped_column(String(100), nullable=True)
    #: None when the web form's optional age was left empty (routed as an 18-year-old).
    age: Mapped[int | None] = mapped_column(Integer, nullable=True)
    code_insee: Mapped[str] = mapped_column(String(5))
    departement: Mapped[str | None] = mapped_column(String(3), nullable=True)
    topic: Mapped[str] = mapped_column(String(30))
    consent_version: Mapped[str] = mapped_column(String(40))
    consent_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # Routing and handling
    structure_id: Mapped[int | None] = mapped_column(
        ForeignKey("structures.id", ondelete="SET NULL"), nullable=True, index=True
    )
    distance_m: Mapped[float | None] = mapped_column(Float, nullable=True)
    #: ``competent`` (the nearest competent structure that takes part) or ``fallback`` (a
    #: regional or national team, when no competent structure near the person takes part).
    routed_as: Mapped[str | None] = mapped_column(String(10), nullable=True)
    status: Mapped[str] = mapped_column(String(20), default="new", index=True)
    outcome: Mapped[str | None] = mapped_column(String(30), nullable=True)
    assigned_to_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    assigned_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    #: First status change away from ``new``: the response time is ``responded_at - created_at``.
    responded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    contacted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    appointment_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    status_changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    due_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    purge_after: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)

    __table_args__ = (Index("ix_callback_requests_structure_status", "structure_id", "status"),)


class Application(Base):
    """A young person's application to an internship offer, made without an account."""

    __tablename__ = "applications"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    reference: Mapped[str] = mapped_column(String(12), unique=True)
    offer_id: Mapped[int | None] = mapped_column(
        ForeignKey("offers.id", ondelete="CASCADE"), index=True, nullable=True
    )
    first_name: Mapped[str] = mapped_column(String(100))
    contact_mode: Mapped[str] = mapped_column(String(10))  # phone | email | in_person
    phone: Mapped[str | None] = mapped_column(String(40), nullable=True)
    email: Mapped[str | None] = mapped_column(String(254), nullable=True)
    message: Mapped[str | None] = mapped_column(Text, nullable=True)
    consent_version: Mapped[str] = mapped_column(String(40))
    consent_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = mapped_column(String(20), default="new")
    #: The employer's short answer, shown to the applicant with the application code.
    reply: Mapped[str | None] = mapped_column(String(500), nullable=True)
    replied_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    purge_after: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class AuditEntry(Base):
    """What a counselor, employer or admin did: who, what, on which object. No personal data."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    account_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    role: Mapped[str | None] = mapped_column(String(20), nullable=True)
    action: Mapped[str] = mapped_column(String(40))
    object_type: Mapped[str] = mapped_column(String(30))
    object_ref: Mapped[str | None] = mapped_column(String(40), nullable=True)
    structure_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    #: Non-personal details only (a status, an outcome, a count).
    detail: Mapped[str | None] = mapped_column(String(200), nullable=True)


class StructureParticipation(Base):
    """How a structure takes part in Total Accès, beyond having counselors.

    A structure *participates* (receives callback requests) when at least one active counselor
    account is attached to it and it is not paused (``backend.people.services.participation``).
    This row holds what its counselors set: a pause (holidays), their own response delay, and,
    for a regional or national team, the départements or regions whose requests it takes when no
    competent structure there takes part (``fallback_scope``: ``national``, or words such as
    ``departement:69 region:84``).
    """

    __tablename__ = "structure_participation"
    structure_id: Mapped[int] = mapped_column(
        ForeignKey("structures.id", ondelete="CASCADE"), primary_key=True
    )
    paused: Mapped[bool] = mapped_column(Boolean, default=False)
    response_delay_days: Mapped[int | None] = mapped_column(Integer, nullable=True)
    fallback_scope: Mapped[str | None] = mapped_column(String(300), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Invitation(Base):
    """An admin's invitation for a counselor to join a structure: a single-use link that expires.

    Only the SHA-256 of the link's secret is stored; the clear link is shown once to the admin
    (and sent by e-mail when the deployment has a mail server).
    """

    __tablename__ = "invitations"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    email: Mapped[str] = mapped_column(String(254))
    structure_id: Mapped[int] = mapped_column(
        ForeignKey("structures.id", ondelete="CASCADE"), index=True
    )
    invited_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    account_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="SET NULL"), nullable=True
    )


JOIN_STATUSES = ("pending", "approved", "refused")


class JoinRequest(Base):
    """A person who works at a structure asks for a counselor account there.

    The account is created only when a counselor of that structure, or an admin, approves; until
    then the password is kept hashed here, and a refused or old request is deleted by the purge.
    """

    __tablename__ = "join_requests"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    display_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(200))
    structure_id: Mapped[int] = mapped_column(
        ForeignKey("structures.id", ondelete="CASCADE"), index=True
    )
    #: What the person wrote to be recognised ("conseillère insertion depuis 2021").
    note: Mapped[str | None] = mapped_column(String(300), nullable=True)
    status: Mapped[str] = mapped_column(String(10), default="pending", index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    decided_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="SET NULL"), nullable=True
    )
    account_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="SET NULL"), nullable=True
    )


REPORT_STATUSES = ("open", "fixed", "rejected")


class ErrorReport(Base):
    """« Signaler une erreur »: someone says a place or an offer is wrong (``reports`` service).

    No personal data: no name, no contact; only the reason and an optional short text that the
    form asks not to fill with personal details.
    """

    __tablename__ = "error_reports"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    #: ``structure`` or ``offer``, and the row's id (no foreign key: either table).
    target: Mapped[str] = mapped_column(String(10))
    target_id: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(10))  # phone | closed | moved | other
    message: Mapped[str | None] = mapped_column(String(500), nullable=True)
    source: Mapped[str] = mapped_column(String(10))  # web | api | voice | app
    #: The participating structure whose counselors read it (None: the admins' queue).
    structure_id: Mapped[int | None] = mapped_column(
        ForeignKey("structures.id", ondelete="SET NULL"), nullable=True, index=True
    )
    #: An offer's author, who reads reports on it.
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="SET NULL"), nullable=True
    )
    status: Mapped[str] = mapped_column(String(10), default="open")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    closed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="SET NULL"), nullable=True
    )

    __table_args__ = (Index("ix_error_reports_target", "target", "target_id", "status"),)
