"""Who works at a structure, on the web (``backend.people.services.team``): the invitation link's
page, the public request to join a structure, the team page (requests to answer, invite, leave)
and the admin queue of requests nobody took."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.api.deps import get_session
from backend.models import Structure
from backend.people import auth
from backend.people.errors import PeopleError
from backend.people.services import team as team_service
from backend.web.i18n import gettext as _
from backend.web.pages import (
    Prefs,
    form_expired,
    form_state,
    form_token,
    prefs,
    rate_limited,
    read_form,
    render,
)
from backend.web.pro.labels import TOPIC_LABELS
from backend.web.pro.visit import (
    Visit,
    expired,
    forbidden,
    message_page,
    page,
    require_staff,
    signed_in,
)

router = APIRouter()

ACCEPT_FIELDS = ["nom", "mot_de_passe", "confirmation"]
JOIN_FIELDS = ["email", "nom", "structure", "mot_de_passe", "confirmation", "message"]
INVITE_FIELDS = ["email", "structure"]


def _settings(request: Request) -> Any:
    return request.app.state.people.settings


def password_errors(form: dict[str, str]) -> dict[str, str]:
    """The errors of a new password and its confirmation (``mot_de_passe``, ``confirmation``)."""
    from backend.people.security import MIN_PASSWORD_LENGTH

    if len(form["mot_de_passe"]) < MIN_PASSWORD_LENGTH:
        return {
            "mot_de_passe": _("Choisissez un mot de passe d'au moins %(num)s caractères.")
            % {"num": MIN_PASSWORD_LENGTH}
        }
    if form["confirmation"] != form["mot_de_passe"]:
        return {"confirmation": _("Les deux mots de passe ne sont pas les mêmes.")}
    return {}


def _structure_number(text: str) -> int | None:
    text = text.strip().removeprefix("#")
    return int(text) if text.isdigit() and 0 < int(text) < 2_000_000_000 else None


# ----------------------------------------------------------------------------------------------
# The invitation link (public: whoever holds the link)
# ----------------------------------------------------------------------------------------------


def _invitation_page(
    request: Request,
    p: Prefs,
    secret: str,
    session: Session,
    form: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status_code: int | None = None,
) -> HTMLResponse:
    try:
        invitation = team_service.invitation_by_secret(session, secret)
    except PeopleError as refused:
        return render(
            request,
            p,
            "dashboard/public_message.html",
            _("Lien d'invitation"),
            status_code=refused.status,
            message=_(refused.detail),
        )
    structure = session.get(Structure, invitation.structure_id)
    return render(
        request,
        p,
        "dashboard/invitation.html",
        _("Rejoindre Total Accès"),
        invitation=invitation,
        structure=structure,
        secret=secret,
        form=form or {},
        csrf=form_token(request),
        **form_state(errors, ACCEPT_FIELDS, status_code),
    )


@router.get("/invitation/{secret}", response_class=HTMLResponse)
def invitation_form(
    secret: str,
    request: Request,
    p: Prefs = Depends(prefs),
    session: Session = Depends(get_session),
) -> Response:
    return _invitation_page(request, p, secret, session)


@router.post("/invitation/{secret}", response_class=HTMLResponse)
async def invitation_accept(
    secret: str,
    request: Request,
    p: Prefs = Depends(prefs),
    session: Session = Depends(get_session),
) -> Response:
    raw, form = await read_form(request, ACCEPT_FIELDS)
    kept = {"nom": form["nom"]}
    stale = form_expired(request, raw)
    if stale:
        return _invitation_page(request, p, secret, session, kept, {"nom": stale}, 400)
    errors: dict[str, str] = {}
    if not form["nom"]:
        errors["nom"] = _("Indiquez votre nom, tel que les jeunes le verront.")
    errors.update(password_errors(form))
    if not errors and rate_limited(request, "login"):
        errors["nom"] = _("Trop d'essais depuis cette adresse. Attendez quelques minutes.")
    if errors:
        return _invitation_page(request, p, secret, session, kept, errors)
    try:
        team_service.accept_invitation(
            session, secret, display_name=form["nom"], password=form["mot_de_passe"]
        )
    except PeopleError as refused:
        return _invitation_page(request, p, secret, session, kept, {"nom": _(refused.detail)})
    return render(
        request,
        p,
        "dashboard/public_message.html",
        _("Votre compte est créé"),
        message=_("Votre compte de conseiller est créé. Connectez-vous avec votre adresse e-mail."),
        login_link=True,
    )


# ----------------------------------------------------------------------------------------------
# Asking to join a structure (public)
# ----------------------------------------------------------------------------------------------


def _join_page(
    request: Request,
    p: Prefs,
    session: Session,
    form: dict[str, str],
    errors: dict[str, str] | None = None,
    status_code: int | None = None,
) -> HTMLResponse:
    number = _structure_number(form.get("structure", ""))
    structure = session.get(Structure, number) if number else None
    return render(
        request,
        p,
        "dashboard/join.html",
        _("Demander un accès conseiller"),
        form=form,
        structure=structure,
        csrf=form_token(request),
        **form_state(errors, JOIN_FIELDS, status_code),
    )


@router.get("/rejoindre", response_class=HTMLResponse)
def join_form(
    request: Request, p: Prefs = Depends(prefs), session: Session = Depends(get_session)
) -> Response:
    """``?structure=ID`` (the link of a place's page) fills the structure in."""
    return _join_page(request, p, session, {"structure": request.query_params.get("structure", "")})


@router.post("/rejoindre", response_class=HTMLResponse)
async def join_submit(
    request: Request, p: Prefs = Depends(prefs), session: Session = Depends(get_session)
) -> Response:
    raw, form = await read_form(request, JOIN_FIELDS)
    kept = {k: form[k] for k in ("email", "nom", "structure", "message")}
    stale = form_expired(request, raw)
    if stale:
        return _join_page(request, p, session, kept, {"email": stale}, 400)
    errors: dict[str, str] = {}
    if "@" not in form["email"]:
        errors["email"] = _("Indiquez votre adresse e-mail professionnelle.")
    if not form["nom"]:
        errors["nom"] = _("Indiquez votre nom, tel que les jeunes le verront.")
    number = _structure_number(form["structure"])
    if number is None or session.get(Structure, number) is None:
        errors["structure"] = _(
            "Indiquez le numéro de votre structure : il est à la fin de l'adresse de sa page "
            "(par exemple /lieux/1234)."
        )
    errors.update(password_errors(form))
    if not errors and rate_limited(request, "login"):
        errors["email"] = _("Trop d'essais depuis cette adresse. Attendez quelques minutes.")
    if errors:
        return _join_page(request, p, session, kept, errors)
    try:
        team_service.ask_to_join(
            session,
            email=form["email"],
            display_name=form["nom"],
            password=form["mot_de_passe"],
            structure_id=number,  # type: ignore[arg-type]
            note=form["message"],
        )
    except PeopleError as refused:
        return _join_page(request, p, session, kept, {"email": _(refused.detail)})
    return render(
        request,
        p,
        "dashboard/public_message.html",
        _("Demande envoyée"),
        message=_(
            "Demande reçue. Les conseillers de la structure, ou un administrateur, vont la lire : "
            "vous pourrez vous connecter avec cette adresse dès qu'elle sera acceptée."
        ),
    )


# ----------------------------------------------------------------------------------------------
# The team page (counselors and admins)
# ----------------------------------------------------------------------------------------------


def staff_for_team(visit: Visit = Depends(signed_in)) -> Visit:
    require_staff(visit, _("Cette page est pour les conseillers et les administrateurs."))
    return visit


def _names(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = session.execute(select(Structure.id, Structure.name).where(Structure.id.in_(ids)))
    return {int(i): str(n) for i, n in rows}


def _team_page(
    visit: Visit,
    session: Session,
    form: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    invited: Any = None,
    notice: str | None = None,
    status_code: int | None = None,
) -> HTMLResponse:
    joins = team_service.pending_join_requests(session, visit.account)
    names = _names(session, {j.structure_id for j in joins})
    structure = (
        session.get(Structure, visit.account.structure_id) if visit.account.structure_id else None
    )
    return page(
        visit,
        "dashboard/team.html",
        _("Équipe"),
        joins=[team_service.join_view(j, names.get(j.structure_id)) for j in joins],
        structure=structure,
        is_admin=visit.account.role == "admin",
        form=form or {},
        invited=invited,
        notice=notice,
        **form_state(errors, INVITE_FIELDS, status_code),
    )


@router.get("/equipe", response_class=HTMLResponse)
def team_page(
    visit: Visit = Depends(staff_for_team), session: Session = Depends(get_session)
) -> Response:
    notice = {
        "accepte": _("Demande acceptée : le compte est créé."),
        "refuse": _("Demande refusée."),
    }.get(visit.request.query_params.get("fait", ""))
    return _team_page(visit, session, notice=notice)


@router.post("/equipe/invitation", response_class=HTMLResponse)
async def team_invite(
    visit: Visit = Depends(staff_for_team), session: Session = Depends(get_session)
) -> Response:
    if visit.account.role != "admin":
        return forbidden(visit, _(team_service.MESSAGES["admin_only"]))
    raw, form = await read_form(visit.request, INVITE_FIELDS)
    stale = expired(visit.request, raw)
    if stale:
        return _team_page(visit, session, form, {"email": stale}, status_code=400)
    number = _structure_number(form["structure"])
    if number is None:
        error = {"structure": _("Indiquez le numéro de la structure (par exemple 1234).")}
        return _team_page(visit, session, form, error)
    try:
        made = team_service.invite(
            session,
            visit.account,
            email=form["email"],
            structure_id=number,
            settings=_settings(visit.request),
        )
    except PeopleError as refused:
        field = "structure" if "structure" in refused.detail else "email"
        return _team_page(visit, session, form, {field: _(refused.detail)})
    link = str(visit.request.base_url).rstrip("/") + made.path
    structure = session.get(Structure, number)
    invited = {
        "email": made.invitation.email,
        "structure": structure.name if structure else str(number),
        "link": link,
        "sent": made.sent,
        "days": _settings(visit.request).invitation_days,
    }
    return _team_page(visit, session, invited=invited)


@router.post("/equipe/demandes/{request_id}", response_class=HTMLResponse)
async def team_decide(
    request_id: int, visit: Visit = Depends(staff_for_team), session: Session = Depends(get_session)
) -> Response:
    raw, form = await read_form(visit.request, ["decision"])
    stale = expired(visit.request, raw)
    if stale:
        return _team_page(visit, session, notice=stale, status_code=400)
    if form["decision"] not in ("accepter", "refuser"):
        return _team_page(
            visit, session, notice=_("Choisissez : accepter ou refuser."), status_code=422
        )
    try:
        team_service.decide(
            session, visit.account, request_id, approve=form["decision"] == "accepter"
        )
    except PeopleError as refused:
        return message_page(visit, _("Action impossible"), _(refused.detail), refused.status)
    done = "accepte" if form["decision"] == "accepter" else "refuse"
    return RedirectResponse(f"/espace-pro/equipe?fait={done}", status_code=303)


@router.post("/equipe/quitter", response_class=HTMLResponse)
async def team_leave(
    visit: Visit = Depends(staff_for_team), session: Session = Depends(get_session)
) -> Response:
    raw, form = await read_form(visit.request, ["confirmer"])
    stale = expired(visit.request, raw)
    if stale:
        return _team_page(visit, session, notice=stale, status_code=400)
    if form["confirmer"] != "oui":
        note = _("Cochez la case pour confirmer que vous quittez la structure.")
        return _team_page(visit, session, notice=note, status_code=422)
    try:
        counts = team_service.leave(
            session, visit.account, visit.account.id, _settings(visit.request)
        )
    except PeopleError as refused:
        return message_page(visit, _("Action impossible"), _(refused.detail), refused.status)
    response = render(
        visit.request,
        visit.p,
        "dashboard/public_message.html",
        _("Vous avez quitté la structure"),
        message=_(
            "Votre compte est fermé. Demandes en cours envoyées à une autre structure : "
            "%(moved)s ; en attente d'un administrateur : %(waiting)s. Les autres restent à vos "
            "collègues."
        )
        % {"moved": counts["rerouted"], "waiting": counts["waiting"]},
    )
    response.delete_cookie(auth.SESSION_COOKIE, path="/")
    return response


# ----------------------------------------------------------------------------------------------
# The admin queue
# ----------------------------------------------------------------------------------------------


def _queue_page(
    visit: Visit, session: Session, errors: dict[str, str] | None = None, notice: str | None = None
) -> HTMLResponse:
    found = team_service.queue(session, visit.account)
    return page(
        visit,
        "dashboard/queue.html",
        _("File des demandes sans réponse"),
        overdue=found["overdue"],
        orphaned=found["orphaned"],
        joins=found["join_requests"],
        topic_labels=TOPIC_LABELS,
        row_errors=errors or {},
        notice=notice,
        status_code=422 if errors else 200,
    )


@router.get("/file", response_class=HTMLResponse)
def queue_page(
    visit: Visit = Depends(staff_for_team), session: Session = Depends(get_session)
) -> Response:
    if visit.account.role != "admin":
        return forbidden(visit, _(team_service.MESSAGES["queue_admin_only"]))
    done = visit.request.query_params.get("reattribuee", "")
    notice = _("Demande %(ref)s réattribuée.") % {"ref": done} if done.isalnum() else None
    return _queue_page(visit, session, notice=notice)


@router.post("/file/{reference}", response_class=HTMLResponse)
async def queue_reassign(
    reference: str, visit: Visit = Depends(staff_for_team), session: Session = Depends(get_session)
) -> Response:
    if visit.account.role != "admin":
        return forbidden(visit, _(team_service.MESSAGES["queue_admin_only"]))
    raw, form = await read_form(visit.request, ["structure"])
    stale = expired(visit.request, raw)
    if stale:
        return _queue_page(visit, session, {reference: stale})
    number = _structure_number(form["structure"])
    if number is None:
        return _queue_page(
            visit, session, {reference: _("Indiquez le numéro de la structure (par exemple 1234).")}
        )
    try:
        moved = team_service.reassign(
            session, visit.account, reference, number, _settings(visit.request)
        )
    except PeopleError as refused:
        return _queue_page(visit, session, {reference: _(refused.detail)})
    return RedirectResponse(f"/espace-pro/file?reattribuee={moved.reference}", status_code=303)
