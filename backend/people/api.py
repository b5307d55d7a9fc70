"""HTTP API of the people side: auth, offer management and applications, callbacks, the counselor
inbox, administration. Thin routers over ``backend.people.services``."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.api.deps import get_session
from backend.models import Structure
from backend.people import security
from backend.people.auth import (
    Auth,
    close_web_session,
    open_web_session,
    optional_account,
    rate_limit,
    require_account,
    require_admin,
    require_staff,
    set_session_cookie,
)
from backend.people.errors import NotFound, PeopleError
from backend.people.models import Account, AuthSecret
from backend.people.services import accounts as accounts_service
from backend.people.services import applications as applications_service
from backend.people.services import audit as audit_service
from backend.people.services import callbacks as callbacks_service
from backend.people.services import career_reviews
from backend.people.services import offers as offers_service
from backend.people.services import participation as participation_service
from backend.people.services import purge as purge_service
from backend.people.services import reports as reports_service
from backend.people.services import signup as signup_service
from backend.people.services import structures as structures_service
from backend.people.services import team as team_service
from backend.services.summaries import text_hash
from totalacces import vocabulary

IdPath = Annotated[int, Path(ge=1, le=2_000_000_000)]
IdQuery = Annotated[int | None, Query(ge=1, le=2_000_000_000)]
ReferencePath = Annotated[str, Path(min_length=1, max_length=40)]


class Problem(BaseModel):
    model_config = ConfigDict(extra="allow")
    type: str = "about:blank"
    title: str
    status: int
    detail: str


def _problems(*codes: int) -> dict[int | str, dict[str, Any]]:
    return {code: {"model": Problem, "content": {"application/problem+json": {}}} for code in codes}


PUBLIC = _problems(404, 409, 422, 429)
PRIVATE = _problems(401, 403, 404, 409, 422)


def _settings(request: Request):  # type: ignore[no-untyped-def]
    return request.app.state.people.settings


def _out(session: Session, value: Any) -> Any:
    """Give the connection back before FastAPI serialises the answer.

    Sync endpoints are serialised in another worker thread: a connection held until then can
    starve the pool when every worker waits for one (a deadlock under load).
    """
    session.close()
    return value


# ----------------------------------------------------------------------------------------------
# Schemas
# ----------------------------------------------------------------------------------------------


class AccountOut(BaseModel):
    id: int
    email: str
    display_name: str
    role: Literal["admin", "counselor", "employer"]
    structure_id: int | None


def account_out(account: Account) -> AccountOut:
    return AccountOut(
        id=account.id,
        email=account.email,
        display_name=account.display_name,
        role=account.role,  # type: ignore[arg-type]
        structure_id=account.structure_id,
    )


class Credentials(BaseModel):
    email: str = Field(max_length=254)
    password: str = Field(max_length=200)


class TokenRequest(Credentials):
    label: str | None = Field(default=None, max_length=100)


class LoginOut(BaseModel):
    account: AccountOut
    csrf_token: str
    expires_at: datetime


class TokenOut(BaseModel):
    id: int
    token: str
    label: str | None
    expires_at: datetime


class MeOut(BaseModel):
    account: AccountOut
    via: Literal["session", "token"]
    csrf_token: str | None


class StructureRef(BaseModel):
    id: int
    kind: str
    kind_label: str
    name: str
    phone: str | None
    commune: str
    distance_m: int | None


class CallbackIn(BaseModel):
    first_name: str = Field(min_length=1, max_length=100)
    phone: str | None = Field(default=None, max_length=40)
    email: str | None = Field(default=None, max_length=254)
    channel: Literal["call", "sms", "email"] = Field(
        description="Comment la personne préfère être contactée par le conseiller. "
        + vocabulary.CHANNEL_NOTE
    )
    time_slot: str | None = Field(default=None, max_length=100)
    age: int = Field(ge=11, le=99)
    code_insee: str = Field(min_length=5, max_length=5)
    topic: Literal["return_to_school", "training", "job", "disability"]
    message: str | None = Field(default=None, max_length=1000)
    consent: bool = Field(description="Accord explicite : doit valoir true")
    consent_version: str | None = Field(default=None, max_length=40)


class CallbackCreated(BaseModel):
    reference: str
    status: str
    routed_as: Literal["competent", "fallback"] | None = Field(
        description="competent : la structure compétente la plus proche qui participe ; "
        "fallback : une équipe de relais, quand aucune structure proche ne participe."
    )
    delay_days: int = Field(
        description="Délai de réponse promis, en jours (celui de la structure)."
    )
    demo: bool = Field(
        False,
        description="La structure ne participe que par des comptes de démonstration "
        "(totalacces demo) : personne ne rappellera vraiment.",
    )
    structure: StructureRef | None
    speech: str


class Alternative(BaseModel):
    """Whom to contact when no structure that takes part can read a request."""

    structure_id: int | None
    name: str
    kind: str
    phone: str | None
    email: str | None
    website: str | None
    address: str | None
    commune: str | None
    network_contact: dict[str, Any] | None


class CoverageOut(BaseModel):
    taken: bool = Field(description="Une demande d'ici serait lue par une structure qui participe.")
    demo: bool = Field(False, description="Cette structure n'a que des comptes de démonstration.")
    routed_as: Literal["competent", "fallback"] | None
    structure: StructureRef | None
    delay_days: int | None
    alternative: Alternative | None = Field(description="Qui contacter quand taken est false.")
    speech: str


class CallbackStatusOut(BaseModel):
    reference: str
    status: Literal["new", "contacted", "appointment", "closed"]
    status_label: str
    structure: StructureRef | None
    created_at: datetime
    speech: str


class ContactProof(BaseModel):
    contact: str | None = Field(
        default=None, max_length=254, description="Téléphone ou e-mail donné dans la demande"
    )


class CallbackItem(BaseModel):
    reference: str
    first_name: str
    phone: str | None
    email: str | None
    channel: str
    #: "any", "morning", "afternoon", "evening" (``TIME_SLOTS``), or the words the person wrote.
    time_slot: str | None
    time_slot_label: str | None  # "Le matin (9 h – 12 h)": the same on every surface
    age: int | None
    code_insee: str
    topic: str
    message: str | None
    structure_id: int | None
    status: str
    status_label: str
    outcome: str | None
    assigned_to_id: int | None
    created_at: datetime
    assigned_at: datetime | None
    responded_at: datetime | None
    contacted_at: datetime | None
    appointment_at: datetime | None
    closed_at: datetime | None
    due_at: datetime
    overdue: bool
    consent_version: str
    consent_at: datetime


class InboxList(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[CallbackItem]
    speech: str


class StatusChange(BaseModel):
    status: Literal["new", "contacted", "appointment", "closed"]
    outcome: (
        Literal[
            "return_to_school", "training", "job", "referred", "unreachable", "withdrawn", "other"
        ]
        | None
    ) = None


class StructureStats(BaseModel):
    structure_id: int | None = Field(description="null : demandes d'avant la participation.")
    name: str | None
    takes_part: bool = Field(description="Reçoit encore les demandes aujourd'hui.")
    requests: int
    responded: int
    overdue: int
    median_response_hours: float | None


class StatsOut(BaseModel):
    structure_id: int | None
    requests: int
    by_status: dict[str, int]
    overdue: int
    responded: int
    median_response_hours: float | None
    outcomes: dict[str, int]
    per_structure: list[StructureStats] = Field(
        description="Par structure, de la plus sollicitée à la moins : demandes, réponses, "
        "retards et délai médian de première réponse."
    )
    speech: str


Level = Literal["3e", "2nde", "cap", "bac_pro", "bts"]
ContactMode = Literal["telephone", "email", "formulaire", "sur_place"]


class OfferIn(BaseModel):
    title: str = Field(min_length=3, max_length=300)
    description: str = Field(min_length=1, max_length=5000)
    employer: str = Field(min_length=1, max_length=300)
    code_insee: str = Field(min_length=5, max_length=5)
    rome_codes: list[str] = Field(min_length=1, max_length=5)
    levels: list[Level] = Field(min_length=1)
    start_date: date | None = None
    end_date: date | None = None
    weeks: int | None = Field(default=None, ge=1, le=52)
    places_left: int = Field(default=1, ge=0, le=1000)
    contact_modes: list[ContactMode] = Field(default_factory=lambda: ["formulaire"], min_length=1)
    accessible: bool = False
    workplace_accessibility: str | None = Field(default=None, max_length=2000)


class OfferPatch(BaseModel):
    title: str | None = Field(default=None, min_length=3, max_length=300)
    description: str | None = Field(default=None, min_length=1, max_length=5000)
    employer: str | None = Field(default=None, min_length=1, max_length=300)
    code_insee: str | None = Field(default=None, min_length=5, max_length=5)
    rome_codes: list[str] | None = Field(default=None, min_length=1, max_length=5)
    levels: list[Level] | None = Field(default=None, min_length=1)
    start_date: date | None = None
    end_date: date | None = None
    weeks: int | None = Field(default=None, ge=1, le=52)
    places_left: int | None = Field(default=None, ge=0, le=1000)
    contact_modes: list[ContactMode] | None = Field(default=None, min_length=1)
    accessible: bool | None = None
    workplace_accessibility: str | None = Field(default=None, max_length=2000)


class ManagedOffer(BaseModel):
    id: int
    title: str
    description: str
    employer: str
    commune: str
    code_insee: str
    rome_codes: list[str]
    levels: list[str]
    start_date: date | None
    end_date: date | None
    weeks: int | None
    places_left: int
    contact_modes: list[str]
    accessible: bool
    workplace_accessibility: str | None
    status: Literal["draft", "review", "published", "closed", "expired"] = Field(
        description="review : une offre d'un employeur inscrit seul attend un modérateur."
    )
    moderation_note: str | None = Field(
        default=None, description="Ce que le modérateur demande de changer (offre renvoyée)."
    )
    owner_id: int | None
    structure_id: int | None
    is_example: bool


class ManagedOfferList(BaseModel):
    total: int
    items: list[ManagedOffer]


class ApplicationIn(BaseModel):
    first_name: str = Field(min_length=1, max_length=100)
    contact_mode: Literal["phone", "email", "in_person"]
    phone: str | None = Field(default=None, max_length=40)
    email: str | None = Field(default=None, max_length=254)
    message: str | None = Field(default=None, max_length=1000)
    consent: bool = Field(description="Accord explicite : doit valoir true")
    consent_version: str | None = Field(default=None, max_length=40)


class ApplicationCreated(BaseModel):
    reference: str
    status: str
    speech: str


class ApplicationOut(BaseModel):
    id: int
    reference: str
    offer_id: int | None
    first_name: str
    contact_mode: str
    phone: str | None
    email: str | None
    message: str | None
    status: str
    reply: str | None = None
    created_at: datetime
    closed_at: datetime | None


class ApplicationList(BaseModel):
    total: int
    items: list[ApplicationOut]


class AccountIn(BaseModel):
    email: str = Field(max_length=254)
    password: str = Field(min_length=12, max_length=200)
    role: Literal["admin", "counselor", "employer"]
    display_name: str = Field(min_length=1, max_length=200)
    structure_id: int | None = Field(default=None, ge=1, le=2_000_000_000)


class AccountList(BaseModel):
    total: int
    items: list[AccountOut]


class AuditOut(BaseModel):
    id: int
    at: datetime
    account_id: int | None
    role: str | None
    action: str
    object_type: str
    object_ref: str | None
    structure_id: int | None
    detail: str | None


class AuditList(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[AuditOut]


class PurgeOut(BaseModel):
    callbacks: int
    applications: int
    sessions_and_tokens: int
    join_requests: int = Field(description="Demandes d'accès à une structure supprimées.")
    error_reports: int = Field(description="Signalements d'erreur clos depuis plus d'un an.")
    offers_expired: int


# ----------------------------------------------------------------------------------------------
# Auth
# ----------------------------------------------------------------------------------------------

auth_router = APIRouter(prefix="/api/v1/auth", tags=["comptes"])


@auth_router.post(
    "/login",
    response_model=LoginOut,
    responses=_problems(401, 422, 429),
    dependencies=[Depends(rate_limit("login"))],
)
def login(
    body: Credentials, request: Request, response: Response, session: Session = Depends(get_session)
) -> LoginOut:
    """Open a web session: an HttpOnly, SameSite=Strict cookie and a CSRF token for the forms."""
    settings = _settings(request)
    account, row, secret = open_web_session(session, body.email, body.password, settings)
    set_session_cookie(response, secret, settings)
    return _out(
        session,
        LoginOut(
            account=account_out(account),
            csrf_token=security.make_csrf_token(row.csrf_secret or ""),
            expires_at=row.expires_at,
        ),
    )


@auth_router.post(
    "/tokens",
    status_code=201,
    response_model=TokenOut,
    responses=_problems(401, 422, 429),
    dependencies=[Depends(rate_limit("login"))],
)
def create_token(
    body: TokenRequest, request: Request, session: Session = Depends(get_session)
) -> TokenOut:
    """An API bearer token (shown once). Send it as ``Authorization: Bearer <token>``."""
    settings = _settings(request)
    account = accounts_service.authenticate(session, body.email, body.password, settings)
    if account is None:
        from backend.people.errors import NotAuthenticated

        raise NotAuthenticated(accounts_service.bad_login_message(settings))
    secret, row = accounts_service.create_secret(session, account, "token", settings, body.label)
    audit_service.record(session, account, "token.create", "token", str(row.id))
    session.commit()
    return _out(
        session, TokenOut(id=row.id, token=secret, label=row.label, expires_at=row.expires_at)
    )


@auth_router.delete("/tokens/{token_id}", status_code=204, responses=PRIVATE)
def revoke_token(
    token_id: IdPath, auth: Auth = Depends(require_account), session: Session = Depends(get_session)
) -> Response:
    row = session.get(AuthSecret, token_id)
    if (
        row is None
        or row.kind != "token"
        or (row.account_id != auth.account.id and auth.account.role != "admin")
    ):
        raise NotFound("Ce jeton n'existe pas parmi les vôtres.")
    accounts_service.revoke(session, row)
    audit_service.record(session, auth.account, "token.revoke", "token", str(row.id))
    session.commit()
    return Response(status_code=204)


@auth_router.post("/logout", status_code=204, responses=PRIVATE)
def logout(
    auth: Auth = Depends(require_account), session: Session = Depends(get_session)
) -> Response:
    """Close the web session (or revoke the bearer token used for this request)."""
    response = Response(status_code=204)
    close_web_session(session, auth, response)
    return response


@auth_router.get("/me", response_model=MeOut, responses=PRIVATE)
def me(auth: Auth = Depends(require_account)) -> MeOut:
    token = (
        security.make_csrf_token(auth.secret.csrf_secret)
        if auth.via == "session" and auth.secret.csrf_secret
        else None
    )
    return MeOut(account=account_out(auth.account), via=auth.via, csrf_token=token)  # type: ignore[arg-type]


# ----------------------------------------------------------------------------------------------
# Offers management and applications
# ----------------------------------------------------------------------------------------------

offers_router = APIRouter(prefix="/api/v1", tags=["offres (gestion)"])


@offers_router.get("/account/offers", response_model=ManagedOfferList, responses=PRIVATE)
def my_offers(
    auth: Auth = Depends(require_account), session: Session = Depends(get_session)
) -> Any:
    """The offers this account manages (all owned offers for an admin), every status."""
    items = [offers_service.offer_view(o) for o in offers_service.offers_of(session, auth.account)]
    return _out(session, {"total": len(items), "items": items})


@offers_router.post("/offers", status_code=201, response_model=ManagedOffer, responses=PRIVATE)
def create_offer(
    body: OfferIn, auth: Auth = Depends(require_account), session: Session = Depends(get_session)
) -> Any:
    """Create a draft offer (publish it with ``POST /api/v1/offers/{id}/publish``)."""
    offer = offers_service.create_offer(session, auth.account, body.model_dump())
    return _out(session, offers_service.offer_view(offer))


@offers_router.patch("/offers/{offer_id}", response_model=ManagedOffer, responses=PRIVATE)
def update_offer(
    offer_id: IdPath,
    body: OfferPatch,
    auth: Auth = Depends(require_account),
    session: Session = Depends(get_session),
) -> Any:
    offer = offers_service.update_offer(
        session, auth.account, offer_id, body.model_dump(exclude_unset=True)
    )
    return _out(session, offers_service.offer_view(offer))


@offers_router.post("/offers/{offer_id}/publish", response_model=ManagedOffer, responses=PRIVATE)
def publish_offer(
    offer_id: IdPath, auth: Auth = Depends(require_account), session: Session = Depends(get_session)
) -> Any:
    return _out(
        session,
        offers_service.offer_view(offers_service.publish_offer(session, auth.account, offer_id)),
    )


@offers_router.post("/offers/{offer_id}/close", response_model=ManagedOffer, responses=PRIVATE)
def close_offer(
    offer_id: IdPath, auth: Auth = Depends(require_account), session: Session = Depends(get_session)
) -> Any:
    return _out(
        session,
        offers_service.offer_view(offers_service.close_offer(session, auth.account, offer_id)),
    )


@offers_router.post(
    "/offers/{offer_id}/applications",
    status_code=201,
    response_model=ApplicationCreated,
    responses=PUBLIC,
    dependencies=[Depends(rate_limit("applications"))],
)
def apply(
    offer_id: IdPath,
    body: ApplicationIn,
    request: Request,
    session: Session = Depends(get_session),
) -> Any:
    """Apply without an account: first name, how to be reached, a short message."""
    application = applications_service.create_application(
        session,
        offer_id=offer_id,
        first_name=body.first_name,
        contact_mode=body.contact_mode,
        phone=body.phone,
        email=body.email,
        message=body.message,
        consent=body.consent,
        consent_version=body.consent_version,
        settings=_settings(request),
    )
    spelled = callbacks_service.spell_reference(application.reference)
    return _out(
        session,
        {
            "reference": application.reference,
            "status": application.status,
            "speech": "Votre candidature est envoyée à l'employeur. "
            f"Votre code de candidature est : {spelled}.",
        },
    )


@offers_router.get(
    "/offers/{offer_id}/applications", response_model=ApplicationList, responses=PRIVATE
)
def list_applications(
    offer_id: IdPath, auth: Auth = Depends(require_account), session: Session = Depends(get_session)
) -> Any:
    rows = applications_service.applications_for(session, auth.account, offer_id)
    return _out(
        session,
        {"total": len(rows), "items": [applications_service.application_view(a) for a in rows]},
    )


@offers_router.post(
    "/offers/{offer_id}/applications/{application_id}/close",
    response_model=ApplicationOut,
    responses=PRIVATE,
)
def close_application(
    offer_id: IdPath,
    application_id: IdPath,
    request: Request,
    auth: Auth = Depends(require_account),
    session: Session = Depends(get_session),
) -> Any:
    application = applications_service.close_application(
        session, auth.account, offer_id, application_id, _settings(request)
    )
    return _out(session, applications_service.application_view(application))


# ----------------------------------------------------------------------------------------------
# Callbacks (public)
# ----------------------------------------------------------------------------------------------

callbacks_router = APIRouter(prefix="/api/v1/callbacks", tags=["rappels"])


@callbacks_router.post(
    "",
    status_code=201,
    response_model=CallbackCreated,
    responses=PUBLIC,
    dependencies=[Depends(rate_limit("callbacks"))],
)
def create_callback(
    body: CallbackIn, request: Request, session: Session = Depends(get_session)
) -> Any:
    """Ask to be called back. Answers the structure that will call and a reference code."""
    created = callbacks_service.create_callback(
        session,
        first_name=body.first_name,
        phone=body.phone,
        email=body.email,
        channel=body.channel,
        time_slot=body.time_slot,
        age=body.age,
        code_insee=body.code_insee,
        topic=body.topic,
        message=body.message,
        consent=body.consent,
        consent_version=body.consent_version,
        settings=_settings(request),
    )
    return _out(session, callbacks_service.created_view(session, created))


@callbacks_router.get("/coverage", response_model=CoverageOut, responses=PUBLIC)
def callback_coverage(
    request: Request,
    code_insee: str = Query(min_length=5, max_length=5, examples=["69383"]),
    topic: Literal["return_to_school", "training", "job", "disability"] = "training",
    age: int | None = Query(None, ge=11, le=99),
    session: Session = Depends(get_session),
) -> Any:
    """Before asking for a name or a number: would a request from this commune be read, by
    which structure and in how many days; if not, whom to contact instead. Stores nothing."""
    return _out(
        session,
        callbacks_service.coverage(
            session, age=age, topic=topic, code_insee=code_insee, settings=_settings(request)
        ),
    )


@callbacks_router.get("/{reference}", response_model=CallbackStatusOut, responses=PUBLIC)
def callback_status(reference: ReferencePath, session: Session = Depends(get_session)) -> Any:
    """Status of a request from its reference code alone (no personal data in the answer)."""
    found = callbacks_service.callback_status(session, reference)
    if found is None:
        raise NotFound(
            "Aucune demande ne porte ce code. Vérifiez chaque lettre et chaque chiffre, "
            "par exemple K7M29QPX."
        )
    return _out(session, found)


@callbacks_router.post(
    "/{reference}/export",
    response_model=CallbackItem,
    responses=_problems(403, 404, 422, 429),
    dependencies=[Depends(rate_limit("callbacks"))],
)
def export_callback(
    reference: ReferencePath,
    body: ContactProof,
    auth: Auth | None = Depends(optional_account),
    session: Session = Depends(get_session),
) -> Any:
    """Everything stored about one request: the requester gives the phone or e-mail they used."""
    return _out(
        session,
        callbacks_service.export(session, reference, auth.account if auth else None, body.contact),
    )


@callbacks_router.post(
    "/{reference}/erasure",
    status_code=204,
    responses=_problems(403, 404, 422, 429),
    dependencies=[Depends(rate_limit("callbacks"))],
)
def erase_callback(
    reference: ReferencePath,
    body: ContactProof,
    auth: Auth | None = Depends(optional_account),
    session: Session = Depends(get_session),
) -> Response:
    """Delete one request now (the requester gives the phone or e-mail they used)."""
    callbacks_service.erase(session, reference, auth.account if auth else None, body.contact)
    return Response(status_code=204)


# ----------------------------------------------------------------------------------------------
# Counselor inbox
# ----------------------------------------------------------------------------------------------

inbox_router = APIRouter(prefix="/api/v1/inbox", tags=["boîte des conseillers"])


@inbox_router.get("", response_model=InboxList, responses=PRIVATE)
def inbox(
    status: Literal["new", "contacted", "appointment", "closed"] | None = None,
    overdue: bool | None = None,
    assigned: Literal["me", "none"] | None = None,
    topic: Literal["return_to_school", "training", "job", "disability"] | None = None,
    structure_id: IdQuery = None,
    limit: int = Query(20, ge=1, le=50),
    offset: int = Query(0, ge=0, le=100_000),
    auth: Auth = Depends(require_staff),
    session: Session = Depends(get_session),
) -> Any:
    """Requests routed to your structure: overdue ones first, then the oldest."""
    from geodata.speech import number_words

    total, rows = callbacks_service.inbox(
        session,
        auth.account,
        status=status,
        overdue=overdue,
        assigned=assigned,
        topic=topic,
        structure_id=structure_id,
        limit=limit,
        offset=offset,
    )
    now = callbacks_service.now_utc()
    items = [callbacks_service.inbox_item(r, now) for r in rows]
    late = sum(1 for i in items if i["overdue"])
    speech = f"{number_words(total)} demande{'s' if total > 1 else ''}"
    speech += f", dont {number_words(late)} en retard sur cette page." if late else "."
    return _out(
        session,
        {
            "total": total,
            "limit": limit,
            "offset": offset,
            "items": items,
            "speech": speech[0].upper() + speech[1:],
        },
    )


@inbox_router.get("/stats", response_model=StatsOut, responses=PRIVATE)
def inbox_stats(
    structure_id: IdQuery = None,
    auth: Auth = Depends(require_staff),
    session: Session = Depends(get_session),
) -> Any:
    """Requests, median response time and outcomes of your structure."""
    return _out(session, callbacks_service.stats(session, auth.account, structure_id))


@inbox_router.get("/{reference}", response_model=CallbackItem, responses=PRIVATE)
def inbox_detail(
    reference: ReferencePath,
    auth: Auth = Depends(require_staff),
    session: Session = Depends(get_session),
) -> Any:
    request = callbacks_service.get_for(session, auth.account, reference)
    audit_service.record(
        session, auth.account, "callback.view", "callback", request.reference, request.structure_id
    )
    session.commit()
    return _out(session, callbacks_service.inbox_item(request))


@inbox_router.post("/{reference}/assign", response_model=CallbackItem, responses=PRIVATE)
def assign(
    reference: ReferencePath,
    auth: Auth = Depends(require_staff),
    session: Session = Depends(get_session),
) -> Any:
    """Take the request: you become the one who calls back."""
    return _out(
        session,
        callbacks_service.inbox_item(
            callbacks_service.assign_to_self(session, auth.account, reference)
        ),
    )


@inbox_router.post("/{reference}/status", response_model=CallbackItem, responses=PRIVATE)
def change_status(
    reference: ReferencePath,
    body: StatusChange,
    request: Request,
    auth: Auth = Depends(require_staff),
    session: Session = Depends(get_session),
) -> Any:
    """new -> contacted -> appointment -> closed (closing needs an outcome)."""
    changed = callbacks_service.change_status(
        session, auth.account, reference, body.status, body.outcome, _settings(request)
    )
    return _out(session, callbacks_service.inbox_item(changed))


# ----------------------------------------------------------------------------------------------
# Administration
# ----------------------------------------------------------------------------------------------

admin_router = APIRouter(prefix="/api/v1/admin", tags=["administration"])


@admin_router.post("/accounts", status_code=201, response_model=AccountOut, responses=PRIVATE)
def create_account(
    body: AccountIn, auth: Auth = Depends(require_admin), session: Session = Depends(get_session)
) -> AccountOut:
    account = accounts_service.create_account(
        session,
        email=body.email,
        password=body.password,
        role=body.role,
        display_name=body.display_name,
        structure_id=body.structure_id,
    )
    audit_service.record(
        session,
        auth.account,
        "account.create",
        "account",
        str(account.id),
        account.structure_id,
        detail=account.role,
    )
    session.commit()
    return _out(session, account_out(account))


@admin_router.get("/accounts", response_model=AccountList, responses=PRIVATE)
def list_accounts(
    auth: Auth = Depends(require_admin), session: Session = Depends(get_session)
) -> Any:
    rows = list(session.scalars(select(Account).order_by(Account.id).limit(1000)))
    return _out(session, {"total": len(rows), "items": [account_out(a) for a in rows]})


@admin_router.get("/audit", response_model=AuditList, responses=PRIVATE)
def audit_log(
    limit: int = Query(50, ge=1, le=500),
    offset: int = Query(0, ge=0, le=1_000_000),
    auth: Auth = Depends(require_admin),
    session: Session = Depends(get_session),
) -> Any:
    total, rows = audit_service.entries(session, limit, offset)
    items = [
        AuditOut.model_validate(r, from_attributes=True).model_copy(
            update={"at": accounts_service._aware(r.at)}
        )
        for r in rows
    ]
    return _out(session, {"total": total, "limit": limit, "offset": offset, "items": items})


@admin_router.post("/purge", response_model=PurgeOut, responses=PRIVATE)
def purge_now(auth: Auth = Depends(require_admin), session: Session = Depends(get_session)) -> Any:
    """Apply the retention policy now (the same as ``totalacces purge``)."""
    counts = purge_service.purge(session)
    audit_service.record(session, auth.account, "purge", "retention")
    session.commit()
    return _out(session, counts)


# ----------------------------------------------------------------------------------------------
# A counselor's structure
# ----------------------------------------------------------------------------------------------

structure_router = APIRouter(prefix="/api/v1/account", tags=["structure (gestion)"])


class StructureIn(BaseModel):
    """The public details a counselor keeps up to date; a field left out is not changed, an
    empty text removes it."""

    model_config = ConfigDict(extra="forbid")
    phone: str | None = Field(None, max_length=30, examples=["04 78 12 34 56"])
    email: str | None = Field(None, max_length=254)
    website: str | None = Field(None, max_length=500)
    opening_hours: str | None = Field(None, max_length=500)
    building_accessibility: str | None = Field(None, max_length=2000)
    description: str | None = Field(None, max_length=2000)


class StructureOut(BaseModel):
    id: int
    name: str
    phone: str | None
    email: str | None
    website: str | None
    opening_hours: str | None
    building_accessibility: str | None
    description: str | None
    source: str | None
    source_date: str | None
    verified: bool
    verified_until: date | None = Field(
        None,
        description="Dernier jour où ces informations comptent comme vérifiées (deux ans après "
        "la dernière confirmation) ; vide : « à vérifier », confirmez-les.",
    )


def _structure_out(structure: Any) -> dict[str, Any]:
    out = {
        name: getattr(structure, name)
        for name in StructureOut.model_fields
        if name != "verified_until"
    }
    out["verified_until"] = structures_service.verified_until(structure)
    out["verified"] = out["verified_until"] is not None
    return out


@structure_router.get("/structure", response_model=StructureOut, responses=PRIVATE)
def my_structure(
    auth: Auth = Depends(require_account), session: Session = Depends(get_session)
) -> Any:
    """The structure of a counselor's account."""
    structure = structures_service.editable_structure(session, auth.account)
    return _out(session, _structure_out(structure))


@structure_router.patch("/structure", response_model=StructureOut, responses=PRIVATE)
def update_my_structure(
    body: StructureIn,
    auth: Auth = Depends(require_account),
    session: Session = Depends(get_session),
) -> Any:
    """Change the structure's public details: validated, recorded in the audit log, and seen at
    once by every search (the lists the voice dials from)."""
    values = body.model_dump(exclude_unset=True)
    structure = structures_service.update_structure(session, auth.account, values)
    return _out(session, _structure_out(structure))


@structure_router.post("/structure/confirm", response_model=StructureOut, responses=PRIVATE)
def confirm_my_structure(
    auth: Auth = Depends(require_account), session: Session = Depends(get_session)
) -> Any:
    """Every public detail is right: the structure counts as verified for two years from today
    (recorded in the audit log; every search sees it at once)."""
    structure = structures_service.confirm_structure(session, auth.account)
    return _out(session, _structure_out(structure))


summaries_router = APIRouter(prefix="/api/v1/career-summaries", tags=["résumés de métiers"])
CareerCode = Annotated[str, Path(pattern=r"^[A-Na-n]\d{4}$", examples=["H2913"])]


class SummaryToReview(BaseModel):
    code: str
    label: str
    summary: str
    reviewed: bool = Field(description="Confirmé par un conseiller (ce texte-ci).")
    text_sha256: str = Field(description="À renvoyer pour confirmer : le texte que vous avez lu.")


class SummaryReviewDetail(SummaryToReview):
    problems: list[str] = Field(description="Ce que la vérification de lisibilité relève.")
    job_titles: list[str]


class SummaryReviewList(BaseModel):
    total: int
    items: list[SummaryToReview]


class SummaryConfirmation(BaseModel):
    text_sha256: str = Field(
        min_length=64, max_length=64, description="Le text_sha256 du résumé que vous avez lu."
    )


class SummaryProvenance(BaseModel):
    summary_author: Literal["total_acces", "counselor"]
    summary_reviewed_at: str | None
    summary_note: str


def _to_review(item: career_reviews.ToReview) -> dict[str, Any]:
    return {
        "code": item.code,
        "label": item.label,
        "summary": item.summary,
        "reviewed": item.reviewed,
        "text_sha256": text_hash(item.summary),
    }


@summaries_router.get("", response_model=SummaryReviewList, responses=PRIVATE)
def summaries_to_review(
    state: Literal["to_review", "all"] = "to_review",
    limit: int = Query(50, ge=1, le=600),
    offset: int = Query(0, ge=0, le=10_000),
    auth: Auth = Depends(require_staff),
    session: Session = Depends(get_session),
) -> Any:
    """The career summaries written by Total Accès that no counselor confirmed yet (or all)."""
    items = career_reviews.review_list(session, auth.account, pending_only=state == "to_review")
    return {"total": len(items), "items": [_to_review(i) for i in items[offset : offset + limit]]}


@summaries_router.get("/{code}", response_model=SummaryReviewDetail, responses=PRIVATE)
def summary_to_review(
    code: CareerCode, auth: Auth = Depends(require_staff), session: Session = Depends(get_session)
) -> Any:
    """One summary, the job's titles and what the automatic readability check finds."""
    item = career_reviews.review_detail(session, auth.account, code)
    return {**_to_review(item), "problems": item.problems, "job_titles": list(item.titles)}


@summaries_router.post("/{code}/review", response_model=SummaryProvenance, responses=PRIVATE)
def confirm_summary(
    code: CareerCode,
    body: SummaryConfirmation,
    auth: Auth = Depends(require_staff),
    session: Session = Depends(get_session),
) -> Any:
    """Confirm the summary you read (its ``text_sha256``): every surface then says it was read by
    a counselor. 409 when the text changed since you read it."""
    return career_reviews.confirm(session, auth.account, code, body.text_sha256).as_dict()


participation_router = APIRouter(prefix="/api/v1/structures", tags=["structure (gestion)"])


class ParticipationIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    paused: bool | None = Field(
        default=None,
        description="true : ne plus recevoir de demandes (congés) ; false : reprendre.",
    )
    response_delay_days: int | None = Field(
        default=None, ge=1, le=30, description="Délai de réponse promis aux jeunes, en jours."
    )
    fallback_scope: str | None = Field(
        default=None,
        max_length=300,
        description="Administrateurs : zone dont l'équipe reçoit les demandes sans structure "
        "participante (national, ou departement:69 region:84).",
    )


class ParticipationOut(BaseModel):
    structure_id: int
    participating: bool = Field(
        description="Reçoit les demandes : un conseiller actif, pas en pause."
    )
    counselors: int
    demo: bool = Field(description="Tous ses conseillers sont des comptes de démonstration.")
    paused: bool
    response_delay_days: int = Field(description="Le délai promis (le sien ou celui du service).")
    own_delay: bool
    fallback_scope: str | None


def _participation_out(session: Session, structure_id: int, request: Request) -> dict[str, Any]:
    return participation_service.view(session, structure_id, _settings(request))


@participation_router.get(
    "/{structure_id}/participation", response_model=ParticipationOut, responses=PRIVATE
)
def get_participation(
    structure_id: IdPath,
    request: Request,
    auth: Auth = Depends(require_staff),
    session: Session = Depends(get_session),
) -> Any:
    """Whether the structure receives callback requests, its pause and its response delay."""
    participation_service.check_may_change(auth.account, structure_id)
    return _participation_out(session, structure_id, request)


@participation_router.patch(
    "/{structure_id}/participation", response_model=ParticipationOut, responses=PRIVATE
)
def update_participation(
    structure_id: IdPath,
    body: ParticipationIn,
    request: Request,
    auth: Auth = Depends(require_account),
    session: Session = Depends(get_session),
) -> Any:
    """Pause or resume receiving requests, set the response delay (counselors of the structure,
    admins), or the fallback scope of a regional or national team (admins)."""
    values = body.model_dump(exclude_unset=True)
    kwargs: dict[str, Any] = {}
    if "paused" in values:
        kwargs["paused"] = values["paused"]
    if "response_delay_days" in values:
        kwargs["response_delay_days"] = values["response_delay_days"]
    if "fallback_scope" in values:
        kwargs["fallback_scope"] = values["fallback_scope"]
    participation_service.update(session, auth.account, structure_id, **kwargs)
    return _participation_out(session, structure_id, request)


# ----------------------------------------------------------------------------------------------
# Who works at a structure: invitations, requests to join, leaving; the admin queue
# ----------------------------------------------------------------------------------------------

team_router = APIRouter(prefix="/api/v1", tags=["équipes"])


class InvitationIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    email: str = Field(max_length=254)
    structure_id: int = Field(ge=1, le=2_000_000_000)


class InvitationOut(BaseModel):
    id: int
    email: str
    structure_id: int
    expires_at: datetime
    link: str = Field(description="Le lien à usage unique : montré une seule fois.")
    sent: bool = Field(description="Envoyé par e-mail (sinon, transmettez le lien vous-même).")


class InvitationState(BaseModel):
    email: str
    structure_id: int
    structure_name: str
    expires_at: datetime


class AcceptIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    display_name: str = Field(min_length=1, max_length=200)
    password: str = Field(min_length=12, max_length=200)


class JoinIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    email: str = Field(max_length=254)
    display_name: str = Field(min_length=1, max_length=200)
    password: str = Field(min_length=12, max_length=200)
    structure_id: int = Field(ge=1, le=2_000_000_000)
    note: str | None = Field(default=None, max_length=300)


class JoinReceived(BaseModel):
    detail: str


JOIN_RECEIVED = (
    "Demande reçue. Les conseillers de la structure, ou un administrateur, vont la lire : vous "
    "pourrez vous connecter avec cette adresse dès qu'elle sera acceptée."
)


class JoinRequestOut(BaseModel):
    id: int
    email: str
    display_name: str
    structure_id: int
    structure_name: str | None
    note: str | None
    status: Literal["pending", "approved", "refused"]
    created_at: datetime


class JoinRequestList(BaseModel):
    total: int
    items: list[JoinRequestOut]


class DecisionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    approve: bool


class LeaveOut(BaseModel):
    unassigned: int = Field(description="Demandes rendues à la boîte commune de la structure.")
    rerouted: int = Field(description="Demandes envoyées à une autre structure participante.")
    waiting: int = Field(description="Demandes qui attendent dans la file des administrateurs.")


class QueueItem(BaseModel):
    reference: str
    topic: str
    status: str
    structure_id: int | None
    structure_name: str | None
    created_at: datetime
    due_at: datetime
    overdue: bool
    structure_takes_part: bool


class QueueOut(BaseModel):
    overdue: list[QueueItem]
    orphaned: list[QueueItem]
    join_requests: list[JoinRequestOut]


class ReassignIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    structure_id: int = Field(ge=1, le=2_000_000_000)


@team_router.post(
    "/admin/invitations", status_code=201, response_model=InvitationOut, responses=PRIVATE
)
def create_invitation(
    body: InvitationIn,
    request: Request,
    auth: Auth = Depends(require_admin),
    session: Session = Depends(get_session),
) -> Any:
    """Invite a counselor to a structure: a single-use link that expires, shown once here (and
    sent by e-mail when the deployment has a mail server)."""
    made = team_service.invite(
        session,
        auth.account,
        email=body.email,
        structure_id=body.structure_id,
        settings=_settings(request),
    )
    row = made.invitation
    return _out(
        session,
        {
            "id": row.id,
            "email": row.email,
            "structure_id": row.structure_id,
            "expires_at": accounts_service._aware(row.expires_at),
            "link": str(request.base_url).rstrip("/") + made.path,
            "sent": made.sent,
        },
    )


SecretPath = Annotated[str, Path(min_length=10, max_length=200)]


@team_router.get("/invitations/{secret}", response_model=InvitationState, responses=PUBLIC)
def invitation_state(secret: SecretPath, session: Session = Depends(get_session)) -> Any:
    """What an invitation link is for, while it can still be used."""
    row = team_service.invitation_by_secret(session, secret)
    structure = session.get(Structure, row.structure_id)
    return _out(
        session,
        {
            "email": row.email,
            "structure_id": row.structure_id,
            "structure_name": structure.name if structure else "",
            "expires_at": accounts_service._aware(row.expires_at),
        },
    )


@team_router.post(
    "/invitations/{secret}/accept",
    status_code=201,
    response_model=AccountOut,
    responses=PUBLIC,
    dependencies=[Depends(rate_limit("login"))],
)
def accept_invitation(
    secret: SecretPath, body: AcceptIn, session: Session = Depends(get_session)
) -> Any:
    """Choose a name and a password: the counselor account is created, the link stops working."""
    account = team_service.accept_invitation(
        session, secret, display_name=body.display_name, password=body.password
    )
    return _out(session, account_out(account))


@team_router.post(
    "/join-requests",
    status_code=202,
    response_model=JoinReceived,
    responses=PUBLIC,
    dependencies=[Depends(rate_limit("login"))],
)
def ask_to_join(body: JoinIn, session: Session = Depends(get_session)) -> Any:
    """Ask for a counselor account at a structure. The same answer whether or not the address
    has an account already (nothing is stored then)."""
    team_service.ask_to_join(
        session,
        email=body.email,
        display_name=body.display_name,
        password=body.password,
        structure_id=body.structure_id,
        note=body.note,
    )
    return _out(session, {"detail": JOIN_RECEIVED})


def _join_list(session: Session, rows: list[Any]) -> dict[str, Any]:
    ids = {r.structure_id for r in rows}
    names = (
        {s.id: s.name for s in session.scalars(select(Structure).where(Structure.id.in_(ids)))}
        if ids
        else {}
    )
    items = [team_service.join_view(r, names.get(r.structure_id)) for r in rows]
    return {"total": len(items), "items": items}


@team_router.get("/join-requests", response_model=JoinRequestList, responses=PRIVATE)
def join_requests(
    auth: Auth = Depends(require_staff), session: Session = Depends(get_session)
) -> Any:
    """Pending requests to join: the counselor's structure's, every one for an admin."""
    rows = team_service.pending_join_requests(session, auth.account)
    return _out(session, _join_list(session, rows))


@team_router.post(
    "/join-requests/{request_id}/decision", response_model=JoinRequestOut, responses=PRIVATE
)
def decide_join_request(
    request_id: IdPath,
    body: DecisionIn,
    auth: Auth = Depends(require_staff),
    session: Session = Depends(get_session),
) -> Any:
    """Accept (the account is created) or refuse, by a counselor of the structure or an admin."""
    row = team_service.decide(session, auth.account, request_id, approve=body.approve)
    structure = session.get(Structure, row.structure_id)
    return _out(session, team_service.join_view(row, structure.name if structure else None))


@team_router.post("/admin/accounts/{account_id}/leave", response_model=LeaveOut, responses=PRIVATE)
def remove_counselor(
    account_id: IdPath,
    request: Request,
    auth: Auth = Depends(require_admin),
    session: Session = Depends(get_session),
) -> Any:
    """An admin removes a counselor from their structure; its open requests go on."""
    return _out(session, team_service.leave(session, auth.account, account_id, _settings(request)))


@team_router.post("/account/leave", response_model=LeaveOut, responses=PRIVATE)
def leave_structure(
    request: Request, auth: Auth = Depends(require_staff), session: Session = Depends(get_session)
) -> Any:
    """A counselor leaves their structure: the account closes, its requests go on."""
    return _out(
        session,
        team_service.leave(session, auth.account, auth.account.id, _settings(request)),
    )


@team_router.get("/admin/queue", response_model=QueueOut, responses=PRIVATE)
def admin_queue(
    auth: Auth = Depends(require_admin), session: Session = Depends(get_session)
) -> Any:
    """Requests nobody took within their delay, requests whose structure no longer takes part,
    pending requests to join."""
    return _out(session, team_service.queue(session, auth.account))


@team_router.post(
    "/admin/callbacks/{reference}/reassign", response_model=QueueItem, responses=PRIVATE
)
def reassign_callback(
    reference: ReferencePath,
    body: ReassignIn,
    request: Request,
    auth: Auth = Depends(require_admin),
    session: Session = Depends(get_session),
) -> Any:
    """Send an open request to a structure that takes part (audited)."""
    row = team_service.reassign(
        session, auth.account, reference, body.structure_id, _settings(request)
    )
    structure = session.get(Structure, row.structure_id)
    return _out(
        session,
        {
            "reference": row.reference,
            "topic": row.topic,
            "status": row.status,
            "structure_id": row.structure_id,
            "structure_name": structure.name if structure else None,
            "created_at": accounts_service._aware(row.created_at),
            "due_at": accounts_service._aware(row.due_at),
            "overdue": False,
            "structure_takes_part": True,
        },
    )


# ----------------------------------------------------------------------------------------------
# « Signaler une erreur »
# ----------------------------------------------------------------------------------------------

reports_router = APIRouter(prefix="/api/v1/reports", tags=["signalements"])


class ReportIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    target: Literal["structure", "offer"] = Field(description="Un lieu ou une offre de stage.")
    target_id: int = Field(ge=1, le=2_000_000_000)
    reason: Literal["phone", "closed", "moved", "other"] = Field(
        description="phone : téléphone ou contact faux ; closed : fermé ; moved : l'adresse a "
        "changé ; other : autre."
    )
    message: str | None = Field(
        default=None, max_length=500, description="Précision, sans donnée personnelle."
    )
    source: Literal["web", "api", "voice", "app"] = "api"


class ReportCreated(BaseModel):
    id: int
    status: str
    goes_to: Literal["structure", "author", "admin"] = Field(
        description="Qui va vérifier : les conseillers du lieu, l'auteur de l'offre, ou l'équipe."
    )
    speech: str


class ReportOut(BaseModel):
    id: int
    target: str
    target_id: int
    target_name: str | None
    reason: str
    reason_label: str
    message: str | None
    source: str
    goes_to: str
    status: Literal["open", "fixed", "rejected"]
    created_at: datetime
    closed_at: datetime | None


class ReportList(BaseModel):
    total: int
    items: list[ReportOut]


class ReportClose(BaseModel):
    model_config = ConfigDict(extra="forbid")
    outcome: Literal["fixed", "rejected"] = Field(
        description="fixed : corrigé (le lieu est marqué vérifié aujourd'hui) ; rejected : pas "
        "d'erreur."
    )


@reports_router.post(
    "",
    status_code=201,
    response_model=ReportCreated,
    responses=PUBLIC,
    dependencies=[Depends(rate_limit("callbacks"))],
)
def create_report(body: ReportIn, session: Session = Depends(get_session)) -> Any:
    """Say that a place or an offer is wrong. Its counselors (or the offer's author, or the
    admins) check; meanwhile it says « signalé comme à vérifier » everywhere."""
    report = reports_service.create_report(
        session,
        target=body.target,
        target_id=body.target_id,
        reason=body.reason,
        message=body.message,
        source=body.source,
    )
    return _out(session, reports_service.created_view(report))


@reports_router.get("", response_model=ReportList, responses=PRIVATE)
def list_reports(
    status: Literal["open", "fixed", "rejected", "all"] = "open",
    auth: Auth = Depends(require_account),
    session: Session = Depends(get_session),
) -> Any:
    """The reports the account handles: its structure's, its offers', every one for an admin."""
    items = reports_service.queue(session, auth.account, status)
    return _out(session, {"total": len(items), "items": items})


@reports_router.post("/{report_id}/close", response_model=ReportOut, responses=PRIVATE)
def close_report(
    report_id: IdPath,
    body: ReportClose,
    auth: Auth = Depends(require_account),
    session: Session = Depends(get_session),
) -> Any:
    """Close a report: fixed (a place is then marked verified today) or rejected."""
    reports_service.close_report(session, auth.account, report_id, body.outcome)
    found = [r for r in reports_service.queue(session, auth.account, "all") if r["id"] == report_id]
    return _out(session, found[0])


# ----------------------------------------------------------------------------------------------
# Employers: sign-up, moderation of their first offers, replies to applications
# ----------------------------------------------------------------------------------------------

employers_router = APIRouter(prefix="/api/v1", tags=["employeurs"])


class SignUpIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    company: str = Field(min_length=1, max_length=200, description="Nom de l'entreprise")
    email: str = Field(max_length=254)
    password: str = Field(min_length=12, max_length=200)
    siret: str = Field(min_length=14, max_length=20, description="14 chiffres, espaces permis")


class SignUpOut(BaseModel):
    detail: str
    sent: bool = Field(description="Un e-mail de confirmation est parti.")
    company_check: Literal["active", "unavailable", "unchecked"] = Field(
        description="Ce que l'annuaire des entreprises a dit du SIRET."
    )


class ModerationIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    approve: bool
    reason: str | None = Field(default=None, max_length=300)


class ReplyIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    status: Literal["seen", "accepted", "declined"]
    message: str | None = Field(default=None, max_length=500)


class ApplicationStatusOut(BaseModel):
    reference: str
    status: str
    status_label: str
    offer_id: int | None
    offer_title: str | None
    reply: str | None
    replied_at: datetime | None
    speech: str


@employers_router.post(
    "/employers/signup",
    status_code=202,
    response_model=SignUpOut,
    responses=PUBLIC,
    dependencies=[Depends(rate_limit("login"))],
)
def employer_signup(
    body: SignUpIn, request: Request, session: Session = Depends(get_session)
) -> Any:
    """Sign up as an employer: SIRET checked, account opened by the e-mailed link (or an admin).
    The same answer whether or not the address has an account."""
    done = signup_service.sign_up(
        session,
        company=body.company,
        email=body.email,
        password=body.password,
        siret_number=body.siret,
        settings=_settings(request),
    )
    return _out(
        session, {"detail": done.message, "sent": done.sent, "company_check": done.check.status}
    )


@employers_router.post(
    "/employers/confirm/{secret}",
    response_model=AccountOut,
    responses=PUBLIC,
    dependencies=[Depends(rate_limit("login"))],
)
def employer_confirm(secret: SecretPath, session: Session = Depends(get_session)) -> Any:
    """The e-mailed link: the account opens, the link stops working."""
    return _out(session, account_out(signup_service.confirm(session, secret)))


@employers_router.get("/admin/signups", response_model=AccountList, responses=PRIVATE)
def pending_signups(
    auth: Auth = Depends(require_admin), session: Session = Depends(get_session)
) -> Any:
    """Employers who signed up and are not active yet."""
    rows = signup_service.pending(session, auth.account)
    return _out(session, {"total": len(rows), "items": [account_out(a) for a in rows]})


@employers_router.post(
    "/admin/accounts/{account_id}/activate", response_model=AccountOut, responses=PRIVATE
)
def activate_signup(
    account_id: IdPath, auth: Auth = Depends(require_admin), session: Session = Depends(get_session)
) -> Any:
    """Open a signed-up employer's account without its e-mail (after checking the company)."""
    return _out(session, account_out(signup_service.activate(session, auth.account, account_id)))


@employers_router.get("/moderation/offers", response_model=ManagedOfferList, responses=PRIVATE)
def moderation_queue(
    auth: Auth = Depends(require_staff), session: Session = Depends(get_session)
) -> Any:
    """Offers waiting for a moderator: every one for an admin, the département's for a counselor."""
    rows = offers_service.moderation_queue(session, auth.account)
    return _out(
        session, {"total": len(rows), "items": [offers_service.offer_view(o) for o in rows]}
    )


@employers_router.post(
    "/moderation/offers/{offer_id}", response_model=ManagedOffer, responses=PRIVATE
)
def moderate_offer(
    offer_id: IdPath,
    body: ModerationIn,
    auth: Auth = Depends(require_staff),
    session: Session = Depends(get_session),
) -> Any:
    """Publish the offer (its employer's next offers publish at once) or send it back with what
    to change."""
    offer = offers_service.moderate(
        session, auth.account, offer_id, approve=body.approve, reason=body.reason
    )
    return _out(session, offers_service.offer_view(offer))


@employers_router.post(
    "/offers/{offer_id}/applications/{application_id}/reply",
    response_model=ApplicationOut,
    responses=PRIVATE,
)
def reply_to_application(
    offer_id: IdPath,
    application_id: IdPath,
    body: ReplyIn,
    auth: Auth = Depends(require_account),
    session: Session = Depends(get_session),
) -> Any:
    """Answer an applicant: seen, accepted or declined, with a short message they read with
    their application code."""
    row = applications_service.reply_application(
        session, auth.account, offer_id, application_id, body.status, body.message
    )
    return _out(session, applications_service.application_view(row))


@employers_router.get(
    "/applications/{reference}", response_model=ApplicationStatusOut, responses=PUBLIC
)
def application_status(reference: ReferencePath, session: Session = Depends(get_session)) -> Any:
    """An application's status and the employer's reply, from its code alone."""
    found = applications_service.application_status(session, reference)
    if found is None:
        raise NotFound("Aucune candidature ne porte ce code. Vérifiez chaque lettre et chiffre.")
    return _out(session, found)


routers: list[APIRouter] = [
    auth_router,
    offers_router,
    structure_router,
    summaries_router,
    participation_router,
    team_router,
    reports_router,
    employers_router,
    callbacks_router,
    inbox_router,
    admin_router,
]

__all__ = ["routers", "PeopleError"]
