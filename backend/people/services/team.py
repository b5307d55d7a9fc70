"""Who works at a structure, and what nobody took.

- An admin invites a counselor by e-mail to a structure: a single-use link that expires
  (``invitation_days``), shown once to the admin and sent when the deployment has a mail server.
- A person who works at a structure asks to join it; a counselor of that structure (not a
  demonstration account) or an admin approves, and only then is the account created.
- A counselor who leaves (or whom an admin removes) gives back the requests assigned to them;
  when nobody is left at the structure, its open requests go to another structure that takes
  part, or wait in the admin queue.
- The admin queue: requests nobody took within their delay, requests whose structure no longer
  takes part, pending requests to join; an admin reassigns a request to a structure that takes
  part. Every action is in the audit log, without personal data.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from backend.models import Structure
from backend.people import mail, security
from backend.people.config import PeopleSettings
from backend.people.errors import Conflict, Forbidden, NotFound, PeopleError
from backend.people.models import (
    Account,
    AuthSecret,
    CallbackRequest,
    Invitation,
    JoinRequest,
)
from backend.people.services import accounts, audit, participation
from backend.people.services.accounts import _aware
from backend.people.services.callbacks import (
    DEFAULT_ROUTING_AGE,
    NotTaken,
    resolve_commune,
    route_to_participant,
)

log = logging.getLogger("backend.people.team")

INVITATION_PATH = "/espace-pro/invitation/"

MESSAGES = {
    "admin_only": "Seul un administrateur invite un conseiller.",
    "email": "Adresse e-mail incorrecte : écrivez-la sous la forme nom@exemple.fr.",
    "structure": "Aucune structure ne porte ce numéro.",
    "closed": "Cette structure est fermée : personne ne peut y être rattaché.",
    "has_account": "Un compte existe déjà avec cette adresse e-mail.",
    "invitation_unknown": "Ce lien d'invitation n'existe pas. Demandez un nouveau lien à "
    "l'administrateur.",
    "invitation_used": "Ce lien d'invitation a déjà servi. Connectez-vous avec votre adresse "
    "e-mail, ou demandez un nouveau lien.",
    "invitation_expired": "Ce lien d'invitation a expiré. Demandez un nouveau lien à "
    "l'administrateur.",
    "name": "Indiquez votre nom (200 caractères au plus).",
    "note": "Votre message est trop long : 300 caractères au plus.",
    "join_unknown": "Aucune demande d'accès ne porte ce numéro.",
    "join_decided": "Cette demande d'accès a déjà reçu une réponse.",
    "join_forbidden": "Seuls les conseillers de la structure, ou un administrateur, répondent "
    "à cette demande.",
    "demo_forbidden": "Un compte de démonstration ne peut pas accepter de vrais conseillers.",
    "leave_forbidden": "Vous ne pouvez retirer que votre propre compte (ou, administrateur, "
    "celui d'un conseiller).",
    "not_counselor": "Ce compte n'est pas un compte de conseiller.",
    "queue_admin_only": "Seuls les administrateurs voient la file des demandes sans réponse.",
    "request_unknown": "Aucune demande ne porte ce code. Vérifiez chaque lettre et chaque chiffre.",
    "request_closed": "Cette demande est close : elle ne change plus de structure.",
    "target_not_taking_part": "Cette structure ne reçoit pas de demandes sur Total Accès : "
    "choisissez-en une qui a un conseiller actif et n'est pas en pause.",
    "same_structure": "La demande est déjà à cette structure.",
}


def _now() -> datetime:
    return datetime.now(UTC)


def _check_email(email: str) -> str:
    email = accounts.normalize_email(email)
    local, _, domain = email.partition("@")
    if not local or "." not in domain or len(email) > 254 or " " in email:
        raise PeopleError(MESSAGES["email"])
    return email


def _open_structure(session: Session, structure_id: int) -> Structure:
    structure = session.get(Structure, structure_id)
    if structure is None:
        raise NotFound(MESSAGES["structure"])
    if (structure.status or "") == "closed":
        raise Conflict(MESSAGES["closed"])
    return structure


def _has_account(session: Session, email: str) -> bool:
    return session.scalar(select(Account.id).where(Account.email == email)) is not None


# ----------------------------------------------------------------------------------------------
# Invitations
# ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NewInvitation:
    invitation: Invitation
    #: The clear secret: shown once, never stored.
    secret: str
    path: str
    link: str
    #: The e-mail went through the deployment's mail server (else the admin passes the link on).
    sent: bool


def invite(
    session: Session,
    admin: Account,
    *,
    email: str,
    structure_id: int,
    settings: PeopleSettings,
) -> NewInvitation:
    """A single-use link for ``email`` to become a counselor of the structure; commits."""
    if admin.role != "admin":
        raise Forbidden(MESSAGES["admin_only"])
    email = _check_email(email)
    structure = _open_structure(session, structure_id)
    if _has_account(session, email):
        raise Conflict(MESSAGES["has_account"])
    now = _now()
    # An earlier link to the same person for the same structure stops working.
    session.execute(
        update(Invitation)
        .where(
            Invitation.email == email,
            Invitation.structure_id == structure_id,
            Invitation.used_at.is_(None),
            Invitation.revoked_at.is_(None),
        )
        .values(revoked_at=now)
        .execution_options(synchronize_session=False)
    )
    secret = security.new_secret()
    row = Invitation(
        secret_hash=security.secret_hash(secret),
        email=email,
        structure_id=structure_id,
        invited_by_id=admin.id,
        created_at=now,
        expires_at=now + timedelta(days=settings.invitation_days),
    )
    session.add(row)
    session.flush()
    audit.record(session, admin, "invitation.create", "invitation", str(row.id), structure_id)
    session.commit()
    path = INVITATION_PATH + secret
    link = settings.public_url.rstrip("/") + path
    sent = False
    if mail.configured(settings):
        body = (
            f"Bonjour,\n\nVous êtes invité·e à rejoindre {structure.name} sur Total Accès, pour "
            "répondre aux demandes de rappel des jeunes.\n\n"
            f"Choisissez votre mot de passe ici (le lien sert une fois, pendant "
            f"{settings.invitation_days} jours) :\n{link}\n\n"
            "Si vous n'attendiez pas ce message, ignorez-le.\n"
        )
        try:
            mail.send(settings, email, "Invitation à Total Accès", body)
            sent = True
        except mail.MailError:
            sent = False
    return NewInvitation(row, secret, path, link, sent)


def invitation_by_secret(session: Session, secret: str) -> Invitation:
    """The invitation a link opens, still usable; NotFound or Conflict with a French detail."""
    if not secret or len(secret) > 200:
        raise NotFound(MESSAGES["invitation_unknown"])
    row = session.scalar(
        select(Invitation).where(Invitation.secret_hash == security.secret_hash(secret))
    )
    if row is None or row.revoked_at is not None:
        raise NotFound(MESSAGES["invitation_unknown"])
    if row.used_at is not None:
        raise Conflict(MESSAGES["invitation_used"])
    if _aware(row.expires_at) <= _now():  # type: ignore[operator]
        raise Conflict(MESSAGES["invitation_expired"])
    return row


def accept_invitation(
    session: Session, secret: str, *, display_name: str, password: str
) -> Account:
    """Create the counselor account of an invitation; the link then stops working. Commits."""
    row = invitation_by_secret(session, secret)
    display_name = (display_name or "").strip()
    if not display_name or len(display_name) > 200:
        raise PeopleError(MESSAGES["name"])
    password_hash = security.hash_password(password)  # refuses a short password first
    # One conditional UPDATE: two tabs posting the same link cannot both create an account.
    taken = session.execute(
        update(Invitation)
        .where(
            Invitation.id == row.id, Invitation.used_at.is_(None), Invitation.revoked_at.is_(None)
        )
        .values(used_at=_now())
        .execution_options(synchronize_session=False)
    )
    if not taken.rowcount:  # type: ignore[attr-defined]
        session.rollback()
        raise Conflict(MESSAGES["invitation_used"])
    account = accounts.create_account(
        session,
        email=row.email,
        password=None,
        password_hash=password_hash,
        role="counselor",
        display_name=display_name,
        structure_id=row.structure_id,
    )
    session.execute(
        update(Invitation)
        .where(Invitation.id == row.id)
        .values(account_id=account.id)
        .execution_options(synchronize_session=False)
    )
    audit.record(session, account, "invitation.accept", "invitation", str(row.id), row.structure_id)
    session.commit()
    return account


# ----------------------------------------------------------------------------------------------
# Requests to join a structure
# ----------------------------------------------------------------------------------------------


def ask_to_join(
    session: Session,
    *,
    email: str,
    display_name: str,
    password: str,
    structure_id: int,
    note: str | None = None,
) -> JoinRequest | None:
    """Store a request to join the structure; commits.

    The answer is the same whether or not the address already has an account (nothing is
    stored then, and None is returned): the public form must not tell who has an account.
    Asking again for the same structure replaces the pending request.
    """
    email = _check_email(email)
    display_name = (display_name or "").strip()
    if not display_name or len(display_name) > 200:
        raise PeopleError(MESSAGES["name"])
    note = (note or "").strip() or None
    if note is not None and len(note) > 300:
        raise PeopleError(MESSAGES["note"])
    _open_structure(session, structure_id)
    password_hash = security.hash_password(password)
    if _has_account(session, email):
        return None
    now = _now()
    row = session.scalar(
        select(JoinRequest).where(
            JoinRequest.email == email,
            JoinRequest.structure_id == structure_id,
            JoinRequest.status == "pending",
        )
    )
    if row is None:
        row = JoinRequest(email=email, structure_id=structure_id, status="pending")
        session.add(row)
    row.display_name = display_name
    row.password_hash = password_hash
    row.note = note
    row.created_at = now
    session.flush()
    audit.record(session, None, "join.request", "join_request", str(row.id), structure_id)
    session.commit()
    return row


def _may_decide(account: Account, row: JoinRequest) -> bool:
    if account.role == "admin":
        return True
    return account.role == "counselor" and account.structure_id == row.structure_id


def pending_join_requests(session: Session, account: Account) -> list[JoinRequest]:
    """Pending requests the account may answer: its structure's (all for an admin)."""
    query = select(JoinRequest).where(JoinRequest.status == "pending")
    if account.role == "counselor" and account.structure_id is not None:
        query = query.where(JoinRequest.structure_id == account.structure_id)
    elif account.role != "admin":
        raise Forbidden(MESSAGES["join_forbidden"])
    return list(session.scalars(query.order_by(JoinRequest.created_at, JoinRequest.id)))


def decide(session: Session, account: Account, request_id: int, *, approve: bool) -> JoinRequest:
    """Approve (the counselor account is created) or refuse a request to join; commits."""
    row = session.get(JoinRequest, request_id)
    if row is None or account.role not in ("admin", "counselor"):
        raise NotFound(MESSAGES["join_unknown"])
    if not _may_decide(account, row):
        raise NotFound(MESSAGES["join_unknown"])  # another structure's: not even shown
    if account.demo:
        raise Forbidden(MESSAGES["demo_forbidden"])
    if row.status != "pending":
        raise Conflict(MESSAGES["join_decided"])
    now = _now()
    if approve:
        if _has_account(session, row.email):
            raise Conflict(MESSAGES["has_account"])
        _open_structure(session, row.structure_id)
        created = accounts.create_account(
            session,
            email=row.email,
            password=None,
            password_hash=row.password_hash,
            role="counselor",
            display_name=row.display_name,
            structure_id=row.structure_id,
        )
        row.account_id = created.id
        row.status = "approved"
    else:
        row.status = "refused"
    row.password_hash = ""  # a decided request keeps no password, even hashed
    row.decided_at = now
    row.decided_by_id = account.id
    audit.record(
        session,
        account,
        "join.approve" if approve else "join.refuse",
        "join_request",
        str(row.id),
        row.structure_id,
    )
    session.commit()
    return row


# ----------------------------------------------------------------------------------------------
# Leaving a structure, rerouting, the admin queue
# ----------------------------------------------------------------------------------------------


def _place_of(request: CallbackRequest) -> Any:
    return resolve_commune(request.code_insee, None)


def reroute(
    session: Session, request: CallbackRequest, actor: Account | None, settings: PeopleSettings
) -> bool:
    """Send an open request to the structure that takes part and would receive it today; False
    (and unchanged) when none would. Does not commit."""
    try:
        route, routed_as, delay = route_to_participant(
            session,
            request.age if request.age is not None else DEFAULT_ROUTING_AGE,
            request.topic,
            _place_of(request),
            settings,
        )
    except (NotTaken, PeopleError):
        return False
    if route.structure_id == request.structure_id:
        return False
    old = request.structure_id
    request.structure_id = route.structure_id
    request.routed_as = routed_as
    request.distance_m = round(route.distance_m)
    request.assigned_to_id = None
    request.assigned_at = None
    now = _now()
    if _aware(request.due_at) < now + timedelta(days=1):  # type: ignore[operator]
        request.due_at = now + timedelta(days=delay)
    audit.record(
        session,
        actor,
        "callback.reroute",
        "callback",
        request.reference,
        route.structure_id,
        detail=f"{old} -> {route.structure_id}",
    )
    return True


def _open_requests(session: Session, structure_id: int) -> list[CallbackRequest]:
    return list(
        session.scalars(
            select(CallbackRequest)
            .where(CallbackRequest.structure_id == structure_id, CallbackRequest.status != "closed")
            .order_by(CallbackRequest.id)
        )
    )


def leave(
    session: Session, actor: Account, account_id: int, settings: PeopleSettings
) -> dict[str, int]:
    """A counselor leaves their structure (themself, or removed by an admin); commits.

    The account is closed and its sessions and tokens end; the requests assigned to it go back
    to the structure's shared box; when nobody is left to read it, each open request goes to the
    structure that would receive it today, or waits in the admin queue.
    """
    target = session.get(Account, account_id)
    if target is None or not (actor.id == account_id or actor.role == "admin"):
        raise Forbidden(MESSAGES["leave_forbidden"])
    if target.role != "counselor" or target.structure_id is None:
        raise Conflict(MESSAGES["not_counselor"])
    structure_id = target.structure_id
    now = _now()
    target.active = False
    session.execute(
        update(AuthSecret)
        .where(AuthSecret.account_id == target.id, AuthSecret.revoked_at.is_(None))
        .values(revoked_at=now)
        .execution_options(synchronize_session=False)
    )
    given_back = session.execute(
        update(CallbackRequest)
        .where(CallbackRequest.assigned_to_id == target.id, CallbackRequest.status != "closed")
        .values(assigned_to_id=None, assigned_at=None)
        .execution_options(synchronize_session=False)
    )
    session.flush()
    moved = waiting = 0
    if not participation.is_participating(session, structure_id):
        for request in _open_requests(session, structure_id):
            if reroute(session, request, actor, settings):
                moved += 1
            else:
                waiting += 1
    from backend.importer import bump_data_version

    bump_data_version(session.connection())  # the place may no longer take part
    counts = {
        "unassigned": int(given_back.rowcount or 0),  # type: ignore[attr-defined]
        "rerouted": moved,
        "waiting": waiting,
    }
    audit.record(
        session,
        actor,
        "account.leave",
        "account",
        str(target.id),
        structure_id,
        detail=f"{counts['unassigned']} unassigned, {moved} rerouted, {waiting} waiting",
    )
    session.commit()
    return counts


def queue(session: Session, admin: Account, now: datetime | None = None) -> dict[str, Any]:
    """What waits for an admin: requests nobody took within their delay, requests whose
    structure no longer takes part (or has none), pending requests to join."""
    if admin.role != "admin":
        raise Forbidden(MESSAGES["queue_admin_only"])
    now = now or _now()
    taking = participation.participating(session)
    late_rule = (CallbackRequest.status == "new") & (CallbackRequest.due_at < now)
    open_rows = list(
        session.scalars(
            select(CallbackRequest)
            .where(
                CallbackRequest.status != "closed",
                or_(
                    CallbackRequest.structure_id.is_(None),
                    late_rule,
                    CallbackRequest.structure_id.not_in(set(taking) or {0}),
                ),
            )
            .order_by(CallbackRequest.due_at, CallbackRequest.id)
            .limit(500)
        )
    )
    ids = {r.structure_id for r in open_rows if r.structure_id is not None}
    names = (
        {s.id: s.name for s in session.scalars(select(Structure).where(Structure.id.in_(ids)))}
        if ids
        else {}
    )
    overdue: list[dict[str, Any]] = []
    orphaned: list[dict[str, Any]] = []
    for row in open_rows:
        late = row.status == "new" and _aware(row.due_at) < now  # type: ignore[operator]
        nobody = row.structure_id is None or row.structure_id not in taking
        if not (late or nobody):
            continue
        item = {
            "reference": row.reference,
            "topic": row.topic,
            "status": row.status,
            "structure_id": row.structure_id,
            "structure_name": names.get(row.structure_id) if row.structure_id else None,
            "created_at": _aware(row.created_at),
            "due_at": _aware(row.due_at),
            "overdue": late,
            "structure_takes_part": not nobody,
        }
        (orphaned if nobody else overdue).append(item)
    joins = pending_join_requests(session, admin)
    join_ids = {j.structure_id for j in joins}
    structure_names = (
        {s.id: s.name for s in session.scalars(select(Structure).where(Structure.id.in_(join_ids)))}
        if join_ids
        else {}
    )
    return {
        "overdue": overdue,
        "orphaned": orphaned,
        "join_requests": [join_view(j, structure_names.get(j.structure_id)) for j in joins],
    }


def join_view(row: JoinRequest, structure_name: str | None = None) -> dict[str, Any]:
    return {
        "id": row.id,
        "email": row.email,
        "display_name": row.display_name,
        "structure_id": row.structure_id,
        "structure_name": structure_name,
        "note": row.note,
        "status": row.status,
        "created_at": _aware(row.created_at),
    }


def reassign(
    session: Session,
    admin: Account,
    reference: str,
    structure_id: int,
    settings: PeopleSettings,
) -> CallbackRequest:
    """An admin sends an open request to a structure that takes part; commits."""
    if admin.role != "admin":
        raise Forbidden(MESSAGES["queue_admin_only"])
    request = session.scalar(
        select(CallbackRequest).where(
            CallbackRequest.reference == security.normalize_reference(reference)
        )
    )
    if request is None:
        raise NotFound(MESSAGES["request_unknown"])
    if request.status == "closed":
        raise Conflict(MESSAGES["request_closed"])
    if request.structure_id == structure_id:
        raise Conflict(MESSAGES["same_structure"])
    _open_structure(session, structure_id)
    taking = participation.participating(session, {structure_id})
    if structure_id not in taking:
        raise Conflict(MESSAGES["target_not_taking_part"])
    old = request.structure_id
    now = _now()
    request.structure_id = structure_id
    request.routed_as = "admin"
    request.distance_m = None
    request.assigned_to_id = None
    request.assigned_at = None
    request.due_at = now + timedelta(
        days=taking[structure_id].delay_days or settings.response_target_days
    )
    audit.record(
        session,
        admin,
        "callback.reassign",
        "callback",
        request.reference,
        structure_id,
        detail=f"{old} -> {structure_id}",
    )
    session.commit()
    return request


def purge_old(session: Session, settings: PeopleSettings, now: datetime | None = None) -> int:
    """Delete requests to join older than ``join_request_days`` and invitations past their
    expiry by as many days; does not commit. Returns the number of join requests deleted."""
    now = now or _now()
    cutoff = now - timedelta(days=settings.join_request_days)
    plain = {"synchronize_session": False}
    joins = session.execute(
        delete(JoinRequest).where(
            or_(JoinRequest.created_at < cutoff, JoinRequest.decided_at < cutoff)
        ),
        execution_options=plain,
    )
    session.execute(
        delete(Invitation).where(Invitation.expires_at < cutoff), execution_options=plain
    )
    return int(joins.rowcount or 0)  # type: ignore[attr-defined]
