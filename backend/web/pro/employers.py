"""Employers on the web (``backend.people.services.signup``, ``offers``, ``applications``): the
sign-up form and its confirmation link, the moderation of their first offers, an admin's
activation of a sign-up that no e-mail reached, and the reply to an applicant."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from backend.api.deps import get_session
from backend.people.errors import PeopleError
from backend.people.services import applications as applications_service
from backend.people.services import offers as offers_service
from backend.people.services import signup as signup_service
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
from backend.web.pro.team import password_errors
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

SIGNUP_FIELDS = ["entreprise", "email", "siret", "mot_de_passe", "confirmation"]
#: What the company directory said of a signed-up employer's SIRET.
COMPANY_CHECKS = {
    "active": "établissement ouvert d'après l'annuaire des entreprises",
    "unavailable": "l'annuaire des entreprises n'a pas répondu : vérifiez l'entreprise",
    "unchecked": "annuaire des entreprises non consulté : vérifiez l'entreprise",
}
REPLIES = {"lue": "seen", "acceptee": "accepted", "refusee": "declined"}


def _signup_page(
    request: Request,
    p: Prefs,
    form: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status_code: int | None = None,
) -> HTMLResponse:
    return render(
        request,
        p,
        "dashboard/signup.html",
        _("Créer un compte employeur"),
        form=form or {},
        csrf=form_token(request),
        **form_state(errors, SIGNUP_FIELDS, status_code),
    )


@router.get("/inscription", response_class=HTMLResponse)
def signup_form(request: Request, p: Prefs = Depends(prefs)) -> Response:
    return _signup_page(request, p)


@router.post("/inscription", response_class=HTMLResponse)
async def signup_submit(
    request: Request, p: Prefs = Depends(prefs), session: Session = Depends(get_session)
) -> Response:
    raw, form = await read_form(request, SIGNUP_FIELDS)
    kept = {k: form[k] for k in ("entreprise", "email", "siret")}
    stale = form_expired(request, raw)
    if stale:
        return _signup_page(request, p, kept, {"entreprise": stale}, 400)
    errors = password_errors(form)
    if not errors and rate_limited(request, "login"):
        errors["entreprise"] = _("Trop d'essais depuis cette adresse. Attendez quelques minutes.")
    if errors:
        return _signup_page(request, p, kept, errors)
    try:
        done = signup_service.sign_up(
            session,
            company=form["entreprise"],
            email=form["email"],
            password=form["mot_de_passe"],
            siret_number=form["siret"],
            settings=request.app.state.people.settings,
        )
    except PeopleError as refused:
        field = str(refused.extra.get("field") or "entreprise")
        return _signup_page(request, p, kept, {field: _(refused.detail)})
    return render(
        request,
        p,
        "dashboard/public_message.html",
        _("Inscription reçue"),
        message=_(done.message),
    )


@router.get("/confirmer/{secret}", response_class=HTMLResponse)
def confirm_form(secret: str, request: Request, p: Prefs = Depends(prefs)) -> Response:
    """A button, not an action on GET: mail scanners open links before people do."""
    return render(
        request,
        p,
        "dashboard/confirm.html",
        _("Activer mon compte"),
        secret=secret,
        csrf=form_token(request),
    )


@router.post("/confirmer/{secret}", response_class=HTMLResponse)
async def confirm_submit(
    secret: str,
    request: Request,
    p: Prefs = Depends(prefs),
    session: Session = Depends(get_session),
) -> Response:
    raw = await request.form()
    if form_expired(request, raw):
        return confirm_form(secret, request, p)
    try:
        signup_service.confirm(session, secret)
    except PeopleError as refused:
        return render(
            request,
            p,
            "dashboard/public_message.html",
            _("Activer mon compte"),
            status_code=refused.status,
            message=_(refused.detail),
        )
    return render(
        request,
        p,
        "dashboard/public_message.html",
        _("Votre compte est activé"),
        message=_("Votre compte employeur est activé. Connectez-vous pour publier une offre."),
        login_link=True,
    )


# ----------------------------------------------------------------------------------------------
# Moderation (counselors of the département, admins) and activation (admins)
# ----------------------------------------------------------------------------------------------


def staff_only(visit: Visit = Depends(signed_in)) -> Visit:
    require_staff(visit, _(offers_service.MODERATION_MESSAGES["staff"]))
    return visit


def _moderation_page(
    visit: Visit, session: Session, errors: dict[int, str] | None = None, notice: str | None = None
) -> HTMLResponse:
    offers = [
        offers_service.offer_view(o)
        for o in offers_service.moderation_queue(session, visit.account)
    ]
    signups = (
        signup_service.pending(session, visit.account) if visit.account.role == "admin" else []
    )
    return page(
        visit,
        "dashboard/moderation.html",
        _("Offres à valider"),
        offers=offers,
        signups=signups,
        company_checks=COMPANY_CHECKS,
        row_errors=errors or {},
        notice=notice,
        status_code=422 if errors else 200,
    )


@router.get("/moderation", response_class=HTMLResponse)
def moderation(
    visit: Visit = Depends(staff_only), session: Session = Depends(get_session)
) -> Response:
    notice = {
        "publiee": _(
            "Offre publiée. Les prochaines offres de cet employeur seront publiées tout de suite."
        ),
        "renvoyee": _("Offre renvoyée à l'employeur avec votre message."),
        "active": _("Compte employeur activé."),
    }.get(visit.request.query_params.get("fait", ""))
    return _moderation_page(visit, session, notice=notice)


@router.post("/moderation/{offer_id}", response_class=HTMLResponse)
async def moderate(
    offer_id: int, visit: Visit = Depends(staff_only), session: Session = Depends(get_session)
) -> Response:
    raw, form = await read_form(visit.request, ["decision", "motif"])
    stale = expired(visit.request, raw)
    if stale:
        return _moderation_page(visit, session, {offer_id: stale})
    approve = form["decision"] == "publier"
    try:
        offers_service.moderate(
            session, visit.account, offer_id, approve=approve, reason=form["motif"]
        )
    except PeopleError as refused:
        session.rollback()
        return _moderation_page(visit, session, {offer_id: _(refused.detail)})
    done = "publiee" if approve else "renvoyee"
    return RedirectResponse(f"/espace-pro/moderation?fait={done}", status_code=303)


@router.post("/moderation/compte/{account_id}", response_class=HTMLResponse)
async def activate(
    account_id: int, visit: Visit = Depends(staff_only), session: Session = Depends(get_session)
) -> Response:
    if visit.account.role != "admin":
        return forbidden(visit, _(signup_service.MESSAGES["admin_only"]))
    raw = await visit.request.form()
    if expired(visit.request, raw):
        return _moderation_page(
            visit, session, notice=_("La page a expiré. Rechargez-la puis recommencez.")
        )
    try:
        signup_service.activate(session, visit.account, account_id)
    except PeopleError as refused:
        return message_page(visit, _("Action impossible"), _(refused.detail), refused.status)
    return RedirectResponse("/espace-pro/moderation?fait=active", status_code=303)


# ----------------------------------------------------------------------------------------------
# Replying to an applicant (from the offer's page)
# ----------------------------------------------------------------------------------------------


@router.post("/offres/{offer_id}/candidatures/{application_id}", response_class=HTMLResponse)
async def reply(
    offer_id: int,
    application_id: int,
    visit: Visit = Depends(signed_in),
    session: Session = Depends(get_session),
) -> Response:
    raw = await visit.request.form()
    form = {
        "reponse": str(raw.get(f"reponse-{application_id}", "")),
        "message": str(raw.get(f"message-{application_id}", "")).strip(),
    }
    if expired(visit.request, raw) or form["reponse"] not in REPLIES:
        return message_page(
            visit, _("Action impossible"), _("Choisissez une réponse, puis envoyez."), 422
        )
    try:
        applications_service.reply_application(
            session,
            visit.account,
            offer_id,
            application_id,
            REPLIES[form["reponse"]],
            form["message"],
        )
    except PeopleError as refused:
        return message_page(visit, _("Action impossible"), _(refused.detail), refused.status)
    return RedirectResponse(f"/espace-pro/offres/{offer_id}?enregistre=reponse", status_code=303)
