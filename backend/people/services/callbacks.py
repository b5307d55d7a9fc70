"""Callback requests: creation with routing, public status, the counselor inbox, statistics,
export and erasure. No personal data is ever logged here."""

from __future__ import annotations

import logging
import re
import statistics
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from backend.models import Structure
from backend.people import routing, security
from backend.people.config import PeopleSettings, get_people_settings
from backend.people.errors import Conflict, Forbidden, NotFound, PeopleError
from backend.people.models import (
    CALLBACK_OUTCOMES,
    CALLBACK_STATUSES,
    CHANNELS,
    TOPICS,
    Account,
    CallbackRequest,
)
from backend.people.services import audit, participation
from backend.people.services.accounts import _aware
from backend.services import trust
from geodata import haversine_m
from totalacces import vocabulary

log = logging.getLogger("backend.people.callbacks")

CHANNEL_WORDS = {key: term.spoken for key, term in vocabulary.CHANNELS.items()}
#: The web form's words (backend/web/site/forms.py) mapped to the API's.
WEB_CHANNELS = {"telephone": "call", "phone": "call", "appel": "call"}
WEB_TOPICS = {key: choice.topic for key, choice in vocabulary.FORM_TOPICS.items()}
#: The web form's age is optional: without it, a request is routed as for an 18-year-old.
DEFAULT_ROUTING_AGE = 18
EMAIL_RE = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,190}\.[^@\s]{2,63}$")
PHONE_RE = re.compile(r"^\+?[0-9 .()-]{10,20}$")


def now_utc() -> datetime:
    return datetime.now(UTC)


def clean_phone(phone: str | None) -> str | None:
    if phone is None or not phone.strip():
        return None
    phone = phone.strip()
    digits = re.sub(r"\D", "", phone)
    if not PHONE_RE.match(phone) or not 10 <= len(digits) <= 15:
        raise PeopleError(
            "Numéro de téléphone incorrect : écrivez dix chiffres, par exemple 06 00 00 00 00."
        )
    return phone


def clean_email(email: str | None) -> str | None:
    if email is None or not email.strip():
        return None
    email = email.strip()
    if not EMAIL_RE.match(email):
        raise PeopleError("Adresse e-mail incorrecte : écrivez-la sous la forme prenom@exemple.fr.")
    return email


def split_contact(contact: str | None) -> tuple[str | None, str | None]:
    """A single "phone or e-mail" field (the web form) -> (phone, email)."""
    if not contact or not contact.strip():
        return None, None
    if "@" in contact:
        return None, clean_email(contact)
    return clean_phone(contact), None


def resolve_commune(code_insee: str | None, commune: str | None) -> Any:
    """A geodata Commune from an INSEE code, or from a name or postcode (the web form)."""
    from geodata import get_commune, lookup

    if code_insee:
        found = get_commune(code_insee.strip())
        if found is None or not found.has_coords:
            raise PeopleError(
                "Commune inconnue : indiquez le code INSEE de votre commune, par exemple 69383."
            )
        return found
    if commune and commune.strip():
        try:
            result = lookup(commune.strip(), limit=5)
        except ValueError as exc:
            raise PeopleError(str(exc)) from exc
        located = [c for c in result.candidates if c.has_coords]
        if not located:
            raise PeopleError(
                "Commune introuvable : vérifiez l'orthographe ou donnez le code postal."
            )
        if result.ambiguous and len({c.code_insee for c in located}) > 1:
            names = ", ".join(c.label for c in located[:5])
            raise PeopleError(
                f"Plusieurs communes portent ce nom : {names}. Donnez le code postal."
            )
        return located[0]
    raise PeopleError(
        "Indiquez votre commune (code INSEE) pour trouver la structure la plus proche."
    )


def _candidates(session: Session, kinds: set[str], lat: float, lon: float, dep: str | None) -> list:
    """Structures of the competent kinds in the département or within about 150 km."""
    base = select(
        Structure.id,
        Structure.kind,
        Structure.departement,
        Structure.lat,
        Structure.lon,
        Structure.age_min,
        Structure.age_max,
        Structure.status,
        Structure.phone,
        Structure.email,
        Structure.website,
        Structure.address,
    ).where(Structure.kind.in_(kinds))
    near = Structure.lat.between(lat - 1.4, lat + 1.4) & Structure.lon.between(lon - 2.0, lon + 2.0)
    rows = session.execute(base.where(near | (Structure.departement == dep))).all()
    if not rows:
        rows = session.execute(base).all()
    return [
        routing.Candidate(
            id=r.id,
            kind=r.kind,
            departement=r.departement,
            lat=r.lat,
            lon=r.lon,
            age_min=r.age_min,
            age_max=r.age_max,
            active=(r.status or "active") != "closed",
            reachable=trust.has_own_contact(r),
        )
        for r in rows
    ]


class NotTaken(PeopleError):
    """No structure that takes part can read this request, and no fallback team covers the place:
    nothing is stored; the detail says whom to call instead (``alternative``)."""

    status = 409
    title = "Demande non transmise"


def _structure_contact(structure: Structure | None, kinds: Sequence[str]) -> dict[str, Any]:
    """Whom to contact instead: the competent place's own phone, e-mail or site, else its
    network's national way in (France Travail 39 49, the Missions locales' directory...)."""
    if structure is not None and trust.has_own_contact(structure):
        return {
            "structure_id": structure.id,
            "name": structure.name,
            "kind": structure.kind,
            "phone": structure.phone,
            "email": structure.email,
            "website": structure.website,
            "address": structure.address,
            "commune": structure.commune,
            "network_contact": None,
        }
    for kind in ([structure.kind] if structure is not None else []) + list(kinds):
        network = trust.network_contact(kind)
        if network is not None:
            return {
                "structure_id": structure.id if structure is not None else None,
                "name": structure.name if structure is not None else network["name"],
                "kind": kind,
                "phone": None,
                "email": None,
                "website": None,
                "address": None,
                "commune": structure.commune if structure is not None else None,
                "network_contact": network,
            }
    return {
        "structure_id": None,
        "name": "France Travail",
        "kind": "france_travail",
        "phone": None,
        "email": None,
        "website": None,
        "address": None,
        "commune": None,
        "network_contact": trust.network_contact("france_travail"),
    }


def contact_words(contact: dict[str, Any]) -> str:
    """ "la Mission locale de Lyon au 04 78 ..." / "France Travail : appelez le 39 49 ..." """
    if contact.get("phone"):
        return f"{contact['name']} au {contact['phone']}"
    if contact.get("website"):
        return f"{contact['name']} : {contact['website']}"
    if contact.get("email"):
        return f"{contact['name']} : {contact['email']}"
    network = contact.get("network_contact")
    if network:
        return f"{contact['name']} ({network['how'].rstrip('.')})"
    if contact.get("address"):
        return f"{contact['name']}, {contact['address']}"
    return str(contact["name"])


def route_to_participant(
    session: Session, age: int, topic: str, place: Any, settings: PeopleSettings
) -> tuple[routing.Route, str, int]:
    """(route, ``competent`` or ``fallback``, promised days) for a request from ``place``.

    Only structures that take part receive requests. When none of the competent structures near
    the person does, a fallback team covering the place takes it; when there is none either,
    ``NotTaken`` says whom to call instead, before anything is stored.
    """
    kinds = routing.all_competent_kinds(age, topic)
    candidates = _candidates(session, kinds, place.lat, place.lon, place.departement)
    taking = participation.participating(session, {c.id for c in candidates})
    args = (age, topic, place.departement, place.lat, place.lon)
    route = routing.route_callback(*args, [c for c in candidates if c.id in taking])
    if route is not None:
        delay = taking[route.structure_id].delay_days or settings.response_target_days
        return route, "competent", delay
    best: tuple[tuple[int, float, int], routing.Route, int] | None = None
    for team in participation.fallback_teams(session).values():
        closeness = team.covers(place.departement, getattr(place, "region", None))
        structure = session.get(Structure, team.structure_id)
        if closeness is None or structure is None or (structure.status or "") == "closed":
            continue
        distance = haversine_m(place.lat, place.lon, structure.lat, structure.lon)
        key = (closeness, distance, structure.id)
        if best is None or key < best[0]:
            same = structure.departement == place.departement
            found = routing.Route(structure.id, structure.kind, distance, same, 0)
            best = (key, found, team.delay_days or settings.response_target_days)
    if best is not None:
        return best[1], "fallback", best[2]
    competent = routing.route_callback(*args, candidates)
    nearest = session.get(Structure, competent.structure_id) if competent else None
    tiers = [kind for tier in routing.competent_kinds(age, topic) for kind in tier]
    contact = _structure_contact(nearest, tiers)
    log.info("callback request not taken: no participating structure (topic=%s)", topic)
    raise NotTaken(
        "Nous ne pouvons pas transmettre votre demande ici : aucune structure près de chez vous "
        f"ne répond encore aux demandes sur Total Accès. Contactez {contact_words(contact)}.",
        alternative=contact,
    )


def coverage(
    session: Session,
    *,
    age: int | None,
    topic: str,
    code_insee: str | None = None,
    commune: str | None = None,
    settings: PeopleSettings | None = None,
) -> dict[str, Any]:
    """Before anyone types a name or a number: would a request from here be read, by whom, in
    how many days; if not, whom to contact instead. Nothing is stored."""
    settings = settings or get_people_settings()
    topic = WEB_TOPICS.get(topic, topic)
    if topic not in TOPICS:
        raise PeopleError("Choisissez le sujet : return_to_school, training, job ou disability.")
    place = resolve_commune(code_insee, commune)
    routing_age = age if age is not None else DEFAULT_ROUTING_AGE
    try:
        route, routed_as, delay = route_to_participant(
            session, routing_age, topic, place, settings
        )
    except NotTaken as refused:
        return {
            "taken": False,
            "demo": False,
            "routed_as": None,
            "structure": None,
            "delay_days": None,
            "alternative": refused.extra["alternative"],
            "speech": refused.detail,
        }
    structure = session.get(Structure, route.structure_id)
    view = structure_view(structure, route.distance_m)
    name = structure.name if structure is not None else ""
    said = f"{name} lit les demandes de rappel sur Total Accès et répond en général " + (
        f"{vocabulary.delay_words(delay)}."
    )
    if routed_as == "fallback":
        said = (
            "Aucune structure près de chez vous ne répond encore aux demandes sur Total Accès : "
            f"l'équipe de relais {name} lira votre demande, en général "
            f"{vocabulary.delay_words(delay)}."
        )
    demo = participation.is_demo(session, route.structure_id)
    if demo:
        said += " " + participation.DEMO_NOTE
    return {
        "taken": True,
        "demo": demo,
        "routed_as": routed_as,
        "structure": view,
        "delay_days": delay,
        "alternative": None,
        "speech": said,
    }


def create_callback(
    session: Session,
    *,
    first_name: str,
    age: int | None,
    topic: str,
    consent: bool,
    channel: str = "call",
    phone: str | None = None,
    email: str | None = None,
    contact: str | None = None,
    time_slot: str | None = None,
    preferred_time: str | None = None,
    code_insee: str | None = None,
    commune: str | None = None,
    message: str | None = None,
    consent_version: str | None = None,
    settings: PeopleSettings | None = None,
) -> CallbackRequest:
    """Validate, route and store a request; commits. Raises PeopleError with a French detail."""
    settings = settings or get_people_settings()
    if consent is not True:
        raise PeopleError(
            "Votre accord est nécessaire : cochez la case qui nous autorise à garder vos "
            "coordonnées le temps de vous rappeler."
        )
    first_name = (first_name or "").strip()
    if not first_name or len(first_name) > 100:
        raise PeopleError("Indiquez votre prénom (100 caractères au plus).")
    channel = WEB_CHANNELS.get(channel, channel)
    if channel not in CHANNELS:
        raise PeopleError("Choisissez comment être rappelé : call, sms ou email.")
    topic = WEB_TOPICS.get(topic, topic)
    if topic not in TOPICS:
        raise PeopleError("Choisissez le sujet : return_to_school, training, job ou disability.")
    if age is not None and not 11 <= age <= 99:
        raise PeopleError("Indiquez votre âge en chiffres, entre 11 et 99 ans.")
    routing_age = age if age is not None else DEFAULT_ROUTING_AGE
    if contact:
        contact_phone, contact_email = split_contact(contact)
        phone = phone or contact_phone
        email = email or contact_email
    phone, email = clean_phone(phone), clean_email(email)
    if channel in ("call", "sms") and not phone:
        raise PeopleError("Pour être rappelé par téléphone ou par SMS, indiquez votre numéro.")
    if channel == "email" and not email:
        raise PeopleError("Pour être contacté par e-mail, indiquez votre adresse e-mail.")
    if message is not None and len(message) > 1000:
        raise PeopleError("Votre message est trop long : 1000 caractères au plus.")
    given = (time_slot or preferred_time or "").strip()
    # One key a known moment ("morning"), whichever surface sent it; other words kept as said.
    time_slot = vocabulary.time_slot_key(given) or given[:100] or None
    place = resolve_commune(code_insee, commune)

    route, routed_as, delay_days = route_to_participant(
        session, routing_age, topic, place, settings
    )
    now = now_utc()
    for _attempt in range(5):
        request = CallbackRequest(
            reference=security.new_reference(),
            first_name=first_name,
            phone=phone,
            email=email,
            message=(message or "").strip() or None,
            channel=channel,
            time_slot=time_slot,
            age=age,
            code_insee=place.code_insee,
            departement=place.departement,
            topic=topic,
            consent_version=consent_version or settings.consent_version,
            consent_at=now,
            structure_id=route.structure_id,
            distance_m=round(route.distance_m),
            routed_as=routed_as,
            status="new",
            created_at=now,
            status_changed_at=now,
            due_at=now + timedelta(days=delay_days),
            purge_after=now + timedelta(days=settings.retention_max_age_days),
        )
        try:
            with session.begin_nested():
                session.add(request)
        except IntegrityError:  # reference collision: draw another one
            continue
        session.commit()
        log.info(
            "callback request %s routed to structure %s as %s (topic=%s)",
            request.reference,
            request.structure_id,
            routed_as,
            topic,
        )
        return request
    raise Conflict("Le service est très sollicité : réessayez dans un instant.")


# ----------------------------------------------------------------------------------------------
# Presentation
# ----------------------------------------------------------------------------------------------


def structure_view(structure: Structure | None, distance_m: float | None) -> dict[str, Any] | None:
    if structure is None:
        return None
    from totalacces.vocabulary import get_kind

    kind = get_kind(structure.kind)
    return {
        "id": structure.id,
        "kind": structure.kind,
        "kind_label": kind.label if kind else structure.kind,
        "name": structure.name,
        "phone": structure.phone,
        "commune": structure.commune,
        "distance_m": round(distance_m) if distance_m is not None else None,
    }


def spell_reference(reference: str) -> str:
    from geodata.speech import number_words

    return ", ".join(number_words(int(ch)) if ch.isdigit() else ch for ch in reference)


def promised_days(request: CallbackRequest) -> int:
    """The delay promised for this request: the one its due date was set with."""
    return max(0, round((_aware(request.due_at) - _aware(request.created_at)).total_seconds() / 86400))


def speech_for(
    request: CallbackRequest, structure: Structure | None, created: bool, demo: bool = False
) -> str:
    from geodata.speech import phone_words, speakable

    parts: list[str] = []
    if created:
        parts.append("Votre demande de rappel est enregistrée.")
    else:
        parts.append(vocabulary.STATUS_FOR_REQUESTER.get(request.status, ""))
        if request.status == "closed" and request.outcome:
            parts.append(f"Résultat : {vocabulary.outcome_spoken(request.outcome)}.")
    if structure is not None:
        who = speakable(structure.name)
        if request.routed_as == "fallback" and created:
            parts.append(
                "Aucune structure près de chez vous ne répond encore aux demandes sur "
                f"Total Accès : votre demande va à l'équipe de relais {who}."
            )
        if request.status == "new":
            parts.append(
                f"{who} vous recontactera {CHANNEL_WORDS[request.channel]}, "
                f"en général {speakable(vocabulary.delay_words(promised_days(request)))}."
            )
        else:
            parts.append(f"Votre demande est suivie par {who}.")
        if structure.phone and created:
            parts.append(f"Son numéro : {phone_words(structure.phone)}.")
    else:
        parts.append(  # requests of before participation, or whose structure was deleted
            "Votre demande n'a pas de structure pour la lire : appelez le 39 49 (France "
            "Travail) ou la Mission locale la plus proche."
        )
    if demo:
        parts.append(participation.DEMO_NOTE)
    parts.append(f"Votre code de suivi est : {spell_reference(request.reference)}.")
    if created:  # nothing else will reach the person: no SMS, no e-mail (yet)
        parts.append(vocabulary.CONFIRMATION_NOTE)
    return " ".join(p for p in parts if p)


def created_view(session: Session, request: CallbackRequest) -> dict[str, Any]:
    structure = session.get(Structure, request.structure_id) if request.structure_id else None
    demo = participation.is_demo(session, request.structure_id)
    return {
        "reference": request.reference,
        "status": request.status,
        "routed_as": request.routed_as,
        "delay_days": promised_days(request),
        "demo": demo,
        "structure": structure_view(structure, request.distance_m),
        "speech": speech_for(request, structure, created=True, demo=demo),
    }


def find(session: Session, reference: str) -> CallbackRequest | None:
    ref = security.normalize_reference(reference)
    if len(ref) != security.REFERENCE_LENGTH:
        return None
    return session.scalar(select(CallbackRequest).where(CallbackRequest.reference == ref))


def callback_status(session: Session, reference: str) -> dict[str, Any] | None:
    """What the young person may see with the reference alone: no personal data."""
    request = find(session, reference)
    if request is None:
        return None
    structure = session.get(Structure, request.structure_id) if request.structure_id else None
    return {
        "reference": request.reference,
        "status": request.status,
        "status_label": vocabulary.STATUS_FOR_REQUESTER[request.status],
        "structure": structure_view(structure, request.distance_m),
        "created_at": _aware(request.created_at),
        "speech": speech_for(request, structure, created=False),
    }


# ----------------------------------------------------------------------------------------------
# Counselor inbox
# ----------------------------------------------------------------------------------------------


def _scope(account: Account):  # type: ignore[no-untyped-def]
    if account.role == "admin":
        return True
    if account.role == "counselor" and account.structure_id is not None:
        return CallbackRequest.structure_id == account.structure_id
    raise Forbidden(
        "Seuls les conseillers et les administrateurs ont accès aux demandes de rappel."
    )


def is_overdue(request: CallbackRequest, now: datetime | None = None) -> bool:
    now = now or now_utc()
    return request.status == "new" and _aware(request.due_at) < now  # type: ignore[operator]


def inbox(
    session: Session,
    account: Account,
    *,
    status: str | None = None,
    overdue: bool | None = None,
    assigned: str | None = None,
    topic: str | None = None,
    structure_id: int | None = None,
    limit: int = 20,
    offset: int = 0,
) -> tuple[int, list[CallbackRequest]]:
    """Requests of the account's structure (all for an admin), overdue first, then oldest due."""
    now = now_utc()
    query = select(CallbackRequest).where(_scope(account))
    if status:
        query = query.where(CallbackRequest.status == status)
    if topic:
        query = query.where(CallbackRequest.topic == topic)
    if structure_id is not None:
        query = query.where(CallbackRequest.structure_id == structure_id)
    late = (CallbackRequest.status == "new") & (CallbackRequest.due_at < now)
    if overdue is True:
        query = query.where(late)
    elif overdue is False:
        query = query.where(~late)
    if assigned == "me":
        query = query.where(CallbackRequest.assigned_to_id == account.id)
    elif assigned == "none":
        query = query.where(CallbackRequest.assigned_to_id.is_(None))
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    order_open = case((CallbackRequest.status == "closed", 1), else_=0)
    rows = session.scalars(
        query.order_by(
            case((late, 0), else_=1), order_open, CallbackRequest.due_at, CallbackRequest.id
        )
        .limit(limit)
        .offset(offset)
    ).all()
    return total, list(rows)


def get_for(session: Session, account: Account, reference: str) -> CallbackRequest:
    """A request the account may handle; NotFound otherwise (its existence is not revealed)."""
    request = find(session, reference)
    if request is None:
        raise NotFound("Aucune demande ne porte ce code. Vérifiez chaque lettre et chaque chiffre.")
    if account.role == "admin":
        return request
    if account.role == "counselor" and request.structure_id == account.structure_id:
        return request
    raise NotFound("Aucune demande ne porte ce code dans la boîte de votre structure.")


def inbox_item(request: CallbackRequest, now: datetime | None = None) -> dict[str, Any]:
    return {
        "reference": request.reference,
        "first_name": request.first_name,
        "phone": request.phone,
        "email": request.email,
        "channel": request.channel,
        "time_slot": request.time_slot,
        "time_slot_label": vocabulary.TIME_SLOT_LABELS.get(request.time_slot or "", request.time_slot),
        "age": request.age,
        "code_insee": request.code_insee,
        "topic": request.topic,
        "message": request.message,
        "structure_id": request.structure_id,
        "status": request.status,
        "status_label": vocabulary.STATUS_FOR_REQUESTER[request.status],
        "outcome": request.outcome,
        "assigned_to_id": request.assigned_to_id,
        "created_at": _aware(request.created_at),
        "assigned_at": _aware(request.assigned_at),
        "responded_at": _aware(request.responded_at),
        "contacted_at": _aware(request.contacted_at),
        "appointment_at": _aware(request.appointment_at),
        "closed_at": _aware(request.closed_at),
        "due_at": _aware(request.due_at),
        "overdue": is_overdue(request, now),
        "consent_version": request.consent_version,
        "consent_at": _aware(request.consent_at),
    }


def assign_to_self(session: Session, account: Account, reference: str) -> CallbackRequest:
    request = get_for(session, account, reference)
    if request.status == "closed":
        raise Conflict("Cette demande est close : elle ne peut plus être attribuée.")
    request.assigned_to_id = account.id
    request.assigned_at = now_utc()
    audit.record(
        session, account, "callback.assign", "callback", request.reference, request.structure_id
    )
    session.commit()
    return request


def change_status(
    session: Session,
    account: Account,
    reference: str,
    status: str,
    outcome: str | None = None,
    settings: PeopleSettings | None = None,
) -> CallbackRequest:
    settings = settings or get_people_settings()
    request = get_for(session, account, reference)
    if status not in CALLBACK_STATUSES:
        raise PeopleError("Statut inconnu : new, contacted, appointment ou closed.")
    if request.status == "closed":
        raise Conflict("Cette demande est déjà close : son statut ne change plus.")
    if status == "closed":
        if outcome not in CALLBACK_OUTCOMES:
            raise PeopleError(
                "Pour clore une demande, indiquez son résultat (outcome) : "
                + ", ".join(CALLBACK_OUTCOMES)
                + "."
            )
    elif outcome is not None:
        raise PeopleError("Le résultat (outcome) ne s'indique qu'en closant la demande.")
    now = now_utc()
    request.status = status
    request.status_changed_at = now
    if status != "new" and request.responded_at is None:
        request.responded_at = now
    if status == "contacted":
        request.contacted_at = now
    elif status == "appointment":
        request.appointment_at = now
    elif status == "closed":
        request.closed_at = now
        request.outcome = outcome
        request.purge_after = now + timedelta(days=settings.retention_closed_days)
    if request.assigned_to_id is None:
        request.assigned_to_id = account.id
        request.assigned_at = now
    audit.record(
        session,
        account,
        "callback.status",
        "callback",
        request.reference,
        request.structure_id,
        detail=f"{status}" + (f" ({outcome})" if outcome else ""),
    )
    session.commit()
    return request


def stats(session: Session, account: Account, structure_id: int | None = None) -> dict[str, Any]:
    """Requests, median response time and outcomes of the account's structure."""
    if account.role == "counselor":
        if structure_id is not None and structure_id != account.structure_id:
            raise Forbidden("Vous ne voyez que les statistiques de votre structure.")
        structure_id = account.structure_id
    elif account.role != "admin":
        raise Forbidden("Seuls les conseillers et les administrateurs voient ces statistiques.")
    query = select(
        CallbackRequest.status,
        CallbackRequest.outcome,
        CallbackRequest.created_at,
        CallbackRequest.responded_at,
        CallbackRequest.due_at,
        CallbackRequest.structure_id,
    )
    if structure_id is not None:
        query = query.where(CallbackRequest.structure_id == structure_id)
    rows = session.execute(query).all()
    now = now_utc()
    by_status = dict.fromkeys(CALLBACK_STATUSES, 0)
    outcomes: dict[str, int] = {}
    delays: list[float] = []
    overdue = 0
    # structure id -> [requests, overdue, response delays in seconds]
    per: dict[int | None, list[Any]] = {}
    for row in rows:
        by_status[row.status] = by_status.get(row.status, 0) + 1
        mine = per.setdefault(row.structure_id, [0, 0, []])
        mine[0] += 1
        if row.outcome:
            outcomes[row.outcome] = outcomes.get(row.outcome, 0) + 1
        if row.responded_at is not None:
            seconds = (_aware(row.responded_at) - _aware(row.created_at)).total_seconds()  # type: ignore[operator]
            delays.append(seconds)
            mine[2].append(seconds)
        elif row.status == "new" and _aware(row.due_at) < now:  # type: ignore[operator]
            overdue += 1
            mine[1] += 1
    median_hours = round(statistics.median(delays) / 3600, 1) if delays else None
    taking = participation.participating(session, {i for i in per if i is not None})
    names = {
        s.id: s.name
        for s in session.scalars(select(Structure).where(Structure.id.in_([i for i in per if i])))
    }
    per_structure = [
        {
            "structure_id": sid,
            "name": names.get(sid) if sid is not None else None,
            "takes_part": sid in taking,
            "requests": count,
            "responded": len(seconds),
            "overdue": late,
            "median_response_hours": round(statistics.median(seconds) / 3600, 1)
            if seconds
            else None,
        }
        for sid, (count, late, seconds) in sorted(
            per.items(), key=lambda kv: (-kv[1][0], kv[0] or 0)
        )
    ]
    total = len(rows)
    from geodata.speech import number_words

    speech = f"{number_words(total)} demande{'s' if total > 1 else ''}"
    if median_hours is not None:
        # The median, said the way a person understands it.
        hours = max(1, round(median_hours))
        unit = "heure" if hours == 1 else "heures"
        speech += f", la moitié ont eu une réponse en {number_words(hours)} {unit} au plus"
    speech += f", {number_words(overdue)} en retard."
    return {
        "structure_id": structure_id,
        "requests": total,
        "by_status": by_status,
        "overdue": overdue,
        "responded": len(delays),
        "median_response_hours": median_hours,
        "outcomes": outcomes,
        "per_structure": per_structure,
        "speech": speech[0].upper() + speech[1:],
    }


# ----------------------------------------------------------------------------------------------
# Export and erasure (the young person's rights, or a counselor/admin acting on their behalf)
# ----------------------------------------------------------------------------------------------


def _contact_matches(request: CallbackRequest, proof: str | None) -> bool:
    if not proof or not proof.strip():
        return False
    proof = proof.strip()
    if "@" in proof:
        return bool(request.email) and request.email.lower() == proof.lower()  # type: ignore[union-attr]
    digits = re.sub(r"\D", "", proof)
    return bool(request.phone) and len(digits) >= 10 and re.sub(r"\D", "", request.phone) == digits  # type: ignore[arg-type]


def _authorized(
    session: Session, reference: str, account: Account | None, proof: str | None
) -> CallbackRequest:
    request = find(session, reference)
    if request is None:
        raise NotFound("Aucune demande ne porte ce code. Vérifiez chaque lettre et chaque chiffre.")
    if account is not None and (
        account.role == "admin"
        or (account.role == "counselor" and account.structure_id == request.structure_id)
    ):
        return request
    if _contact_matches(request, proof):
        return request
    raise Forbidden(
        "Pour voir ou effacer vos données, donnez aussi le numéro de téléphone ou l'adresse "
        "e-mail indiqué dans la demande (champ contact)."
    )


def export(
    session: Session, reference: str, account: Account | None = None, proof: str | None = None
) -> dict[str, Any]:
    request = _authorized(session, reference, account, proof)
    data = inbox_item(request)
    if account is not None:
        audit.record(
            session, account, "callback.export", "callback", request.reference, request.structure_id
        )
        session.commit()
    return data


def erase(
    session: Session, reference: str, account: Account | None = None, proof: str | None = None
) -> None:
    request = _authorized(session, reference, account, proof)
    audit.record(
        session,
        account,
        "callback.erase",
        "callback",
        request.reference,
        request.structure_id,
        detail="by staff" if account else "by requester",
    )
    session.delete(request)
    session.commit()
