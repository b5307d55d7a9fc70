"""Counselors' and employers' dashboard ("Espace pro"), over the services of ``backend.people``.

Login opens the same web session as ``POST /api/v1/auth/login`` (HttpOnly SameSite cookie); every
form carries the session's CSRF token, checked before anything changes.

Every page but the login page takes a ``Visit`` from the ``signed_in`` dependency. The guards
(``signed_in``, ``_require_staff``, ``_managed_or_forbidden``, ``_my_structure``) raise
``routes.Refusal`` with the response to send instead: the redirect to the login page or a 403 page.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from backend.web import people_bridge
from backend.web.i18n import gettext as _
from backend.web.routes import (
    Prefs,
    Refusal,
    form_expired,
    form_state,
    form_token,
    get_session,
    prefs,
    read_form,
    render,
)
from totalacces import vocabulary

router = APIRouter(prefix="/espace-pro", include_in_schema=False)

LOGIN_FIELDS = ["email", "mot_de_passe"]
STAFF = ("counselor", "admin")

CALLBACK_STATUS_LABELS = vocabulary.STATUS_LABELS
NEXT_STATUS_LABELS = vocabulary.NEXT_STATUS_LABELS
OUTCOME_LABELS = vocabulary.OUTCOMES
TOPIC_LABELS = vocabulary.TOPIC_LABELS
CHANNEL_LABELS = vocabulary.CHANNEL_LABELS
OFFER_STATUS_LABELS = vocabulary.OFFER_STATUS_LABELS
CONTACT_MODE_LABELS = vocabulary.CONTACT_MODE_LABELS
OFFER_FIELDS = [
    "titre",
    "employeur",
    "description",
    "commune",
    "rome",
    "niveaux",
    "debut",
    "fin",
    "semaines",
    "places",
    "contacts",
    "accessible",
    "accessibilite",
]
STRUCTURE_FIELDS = ["telephone", "email", "site", "horaires", "accessibilite", "description"]


# --------------------------------------------------------------------------------------------
# Session helpers and guards
# --------------------------------------------------------------------------------------------


def _auth() -> Any:
    return people_bridge.module("auth")


def _account(request: Request) -> Any:
    try:
        return _auth().current_account(request)
    except (people_bridge.PeopleUnavailable, AttributeError):
        return None


def _csrf(request: Request) -> str | None:
    try:
        return _auth().csrf_token(request)
    except (people_bridge.PeopleUnavailable, AttributeError):
        return None


def _csrf_ok(request: Request, form: Any) -> bool:
    try:
        return bool(_auth().verify_csrf(request, str(form.get("csrf_token", ""))))
    except (people_bridge.PeopleUnavailable, AttributeError):
        return False


def _expired(request: Request, form: Any) -> str | None:
    """The error to show when ``form`` does not carry this session's CSRF token, else None."""
    if _csrf_ok(request, form):
        return None
    return _("La page a expiré. Rechargez-la puis recommencez.")


def _to_login() -> RedirectResponse:
    return RedirectResponse("/espace-pro/connexion", status_code=303)


@dataclass
class Visit:
    """A dashboard request by a signed-in account, with the visitor's display preferences."""

    request: Request
    p: Prefs
    account: Any

    def saved(self) -> bool:
        """True after a redirect that says the change was saved (``?enregistre=1``)."""
        return self.request.query_params.get("enregistre") == "1"


def _page(visit: Visit, template: str, title: str, **context: Any) -> HTMLResponse:
    response = render(
        visit.request,
        visit.p,
        template,
        title,
        account=visit.account,
        csrf=_csrf(visit.request),
        staff=visit.account.role in STAFF,
        **context,
    )
    response.headers["Cache-Control"] = "no-store"
    return response


def _message_page(visit: Visit, title: str, message: str, status_code: int) -> HTMLResponse:
    return _page(visit, "dashboard/message.html", title, message=message, status_code=status_code)


def _forbidden(visit: Visit, message: str) -> HTMLResponse:
    return _message_page(visit, _("Accès refusé"), message, 403)


def signed_in(request: Request, p: Prefs = Depends(prefs)) -> Visit:
    """Dependency: the signed-in account's visit; without an account, the redirect to the login
    page is sent instead."""
    account = _account(request)
    if account is None:
        raise Refusal(_to_login())
    return Visit(request, p, account)


def _require_staff(visit: Visit, message: str) -> None:
    """Only counselors and admins go further; anyone else gets the 403 page with ``message``."""
    if visit.account.role not in STAFF:
        raise Refusal(_forbidden(visit, message))


def staff_for_callbacks(visit: Visit = Depends(signed_in)) -> Visit:
    """Dependency: a signed-in counselor or admin, the only ones who see callback requests."""
    _require_staff(visit, _("Les demandes de rappel sont pour les conseillers."))
    return visit


# --------------------------------------------------------------------------------------------
# Login, logout, home
# --------------------------------------------------------------------------------------------


def _login_page(
    request: Request,
    p: Prefs,
    form: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status_code: int | None = None,
) -> HTMLResponse:
    return render(
        request,
        p,
        "dashboard/login.html",
        _("Connexion à l'espace professionnel"),
        form=form or {},
        csrf=form_token(request),
        **form_state(errors, LOGIN_FIELDS, status_code),
    )


def _home(account: Any) -> RedirectResponse:
    """Where an account lands once signed in: the callbacks for staff, else the offers."""
    return RedirectResponse(
        "/espace-pro/rappels" if account.role in STAFF else "/espace-pro/offres",
        status_code=303,
    )


@router.get("", response_class=HTMLResponse)
@router.get("/connexion", response_class=HTMLResponse)
def login_form(request: Request, p: Prefs = Depends(prefs)) -> Response:
    account = _account(request)
    if account is not None:
        return _home(account)
    return _login_page(request, p)


def _open_session(request: Request, session: Session, email: str, password: str) -> Response | str:
    """The redirect that carries a new session cookie, or the error to show on the email field."""
    try:
        accounts = people_bridge.module("services.accounts")
        auth = _auth()
        people_state = request.app.state.people
    except (people_bridge.PeopleUnavailable, AttributeError):
        return _("L'espace professionnel n'est pas encore ouvert sur ce serveur.")
    settings = people_state.settings
    limiter = getattr(people_state, "limiter", None)
    if limiter is not None and hasattr(limiter, "hit"):
        from backend.people.security import client_address

        if limiter.hit("login", client_address(request, settings.trust_forwarded_for)):
            return _("Trop d'essais de connexion. Attendez quelques minutes.")
    account = accounts.authenticate(session, email, password, settings)
    if account is None:  # wrong password, unknown address or locked account: one answer
        return _(accounts.BAD_LOGIN, **accounts.bad_login_values(settings))
    secret, _row = accounts.create_secret(session, account, "session", settings)
    session.commit()
    response = _home(account)
    response.set_cookie(
        auth.SESSION_COOKIE,
        secret,
        max_age=settings.session_hours * 3600,
        httponly=True,
        samesite="strict",
        secure=settings.cookie_secure,
        path="/",
    )
    return response


@router.post("/connexion", response_class=HTMLResponse)
async def login_submit(
    request: Request, p: Prefs = Depends(prefs), session: Session = Depends(get_session)
) -> Response:
    raw, form = await read_form(request, LOGIN_FIELDS)
    expired = form_expired(request, raw)  # no login CSRF: the form must come from this site
    if expired:
        return _login_page(request, p, {"email": form["email"]}, {"email": expired}, 400)
    errors: dict[str, str] = {}
    if not form["email"]:
        errors["email"] = _("Indiquez l'adresse e-mail de votre compte.")
    if not form["mot_de_passe"]:
        errors["mot_de_passe"] = _("Indiquez votre mot de passe.")
    if not errors:
        opened = _open_session(request, session, form["email"], form["mot_de_passe"])
        if not isinstance(opened, str):
            return opened
        errors["email"] = opened
    return _login_page(request, p, {"email": form["email"]}, errors)


@router.post("/deconnexion")
async def logout(request: Request, session: Session = Depends(get_session)) -> Response:
    form = await request.form()
    response = _to_login()
    if _csrf_ok(request, form):
        auth = _auth()
        found = auth.resolve(request, session)
        if found is not None:
            people_bridge.module("services.accounts").revoke(session, found.secret)
            session.commit()
        response.delete_cookie(auth.SESSION_COOKIE, path="/")
    return response


# --------------------------------------------------------------------------------------------
# Callback inbox
# --------------------------------------------------------------------------------------------


def _callbacks() -> Any:
    return people_bridge.module("services.callbacks")


def _item(request_row: Any) -> dict[str, Any]:
    return _callbacks().inbox_item(request_row)


@router.get("/rappels", response_class=HTMLResponse)
def inbox(
    visit: Visit = Depends(staff_for_callbacks), session: Session = Depends(get_session)
) -> Response:
    status = visit.request.query_params.get("statut", "")
    if status not in CALLBACK_STATUS_LABELS:
        status = ""
    total, rows = _callbacks().inbox(session, visit.account, status=status or None, limit=50)
    return _page(
        visit,
        "dashboard/inbox.html",
        _("Demandes de rappel"),
        items=[_item(r) for r in rows],
        total=total,
        status=status,
        status_labels=CALLBACK_STATUS_LABELS,
        topic_labels=TOPIC_LABELS,
        channel_labels=CHANNEL_LABELS,
    )


def _callback_page(
    visit: Visit,
    row: Any,
    form: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    saved: bool = False,
) -> HTMLResponse:
    item = _item(row)
    return _page(
        visit,
        "dashboard/callback.html",
        _("Demande %(reference)s") % {"reference": item["reference"]},
        c=item,
        form=form or {},
        **form_state(errors, ["statut", "resultat"]),
        saved=saved,
        status_labels=CALLBACK_STATUS_LABELS,
        next_labels=NEXT_STATUS_LABELS,
        outcome_labels=OUTCOME_LABELS,
        topic_labels=TOPIC_LABELS,
        channel_labels=CHANNEL_LABELS,
    )


def _find_callback(session: Session, account: Any, reference: str) -> Any:
    try:
        return _callbacks().get_for(session, account, reference)
    except ValueError:
        return None


@router.get("/rappels/{reference}", response_class=HTMLResponse)
def callback_detail(
    reference: str,
    visit: Visit = Depends(staff_for_callbacks),
    session: Session = Depends(get_session),
) -> Response:
    row = _find_callback(session, visit.account, reference)
    if row is None:
        return _callback_not_found(visit)
    return _callback_page(visit, row, saved=visit.saved())


def _callback_not_found(visit: Visit) -> HTMLResponse:
    """The 404 page of a request that does not exist or is not in the account's inbox."""
    return _message_page(
        visit,
        _("Demande introuvable"),
        _("Aucune demande ne porte ce code dans la boîte de votre structure."),
        404,
    )


@router.post("/rappels/{reference}", response_class=HTMLResponse)
async def callback_update(
    reference: str,
    visit: Visit = Depends(staff_for_callbacks),
    session: Session = Depends(get_session),
) -> Response:
    raw = await visit.request.form()
    row = _find_callback(session, visit.account, reference)
    if row is None:
        return _callback_not_found(visit)
    form = {"statut": str(raw.get("statut", "")), "resultat": str(raw.get("resultat", ""))}
    errors: dict[str, str] = {}
    expired = _expired(visit.request, raw)
    if expired:
        errors["statut"] = expired
    elif form["statut"] not in NEXT_STATUS_LABELS:
        errors["statut"] = _("Choisissez où en est la demande.")
    elif form["statut"] == "closed" and form["resultat"] not in OUTCOME_LABELS:
        errors["resultat"] = _("Pour clore la demande, choisissez son résultat.")
    if not errors:
        try:
            _callbacks().change_status(
                session,
                visit.account,
                row.reference,
                form["statut"],
                form["resultat"] if form["statut"] == "closed" else None,
            )
        except ValueError as exc:
            errors["statut"] = str(exc)
    if errors:
        session.rollback()
        return _callback_page(visit, row, form, errors)
    return RedirectResponse(f"/espace-pro/rappels/{row.reference}?enregistre=1", status_code=303)


@router.get("/statistiques", response_class=HTMLResponse)
def statistics(
    visit: Visit = Depends(signed_in), session: Session = Depends(get_session)
) -> Response:
    _require_staff(visit, _("Les statistiques sont pour les conseillers."))
    return _page(
        visit,
        "dashboard/stats.html",
        _("Statistiques"),
        s=_callbacks().stats(session, visit.account),
        status_labels=CALLBACK_STATUS_LABELS,
        outcome_labels=OUTCOME_LABELS,
    )


# --------------------------------------------------------------------------------------------
# Offers
# --------------------------------------------------------------------------------------------


def _offers() -> Any:
    return people_bridge.module("services.offers")


@router.get("/offres", response_class=HTMLResponse)
def my_offers(
    visit: Visit = Depends(signed_in), session: Session = Depends(get_session)
) -> Response:
    service = _offers()
    offers = service.offers_of(session, visit.account)
    return _page(
        visit,
        "dashboard/offers.html",
        _("Mes offres de stage"),
        offers=[(o, service.effective_status(o)) for o in offers],
        offer_status_labels=OFFER_STATUS_LABELS,
        saved=visit.request.query_params.get("enregistre", ""),
    )


def _offer_form_values(offer: Any) -> dict[str, Any]:
    return {
        "titre": offer.title,
        "employeur": offer.employer,
        "description": offer.description,
        "commune": offer.commune,
        "rome": offer.rome_codes,
        "niveaux": offer.levels.split(),
        "debut": offer.start_date.isoformat() if offer.start_date else "",
        "fin": offer.end_date.isoformat() if offer.end_date else "",
        "semaines": str(offer.weeks or ""),
        "places": str(offer.places_left),
        "contacts": offer.contact_modes.split(),
        "accessible": "oui" if offer.accessible else "",
        "accessibilite": offer.workplace_accessibility or "",
    }


def _parse_offer(raw: Any) -> tuple[dict[str, Any], dict[str, Any], dict[str, str]]:
    """(form values to show again, service values, errors)."""
    import geodata

    form: dict[str, Any] = {
        k: str(raw.get(k, "")).strip() for k in OFFER_FIELDS if k not in ("niveaux", "contacts")
    }
    form["niveaux"] = [str(v) for v in raw.getlist("niveaux")]
    form["contacts"] = [str(v) for v in raw.getlist("contacts")]
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for key, target, message in (
        ("titre", "title", _("Indiquez le titre du stage.")),
        ("employeur", "employer", _("Indiquez le nom de l'employeur.")),
        ("description", "description", _("Décrivez le stage en quelques phrases.")),
    ):
        if form[key]:
            values[target] = form[key]
        else:
            errors[key] = message
    if not form["commune"]:
        errors["commune"] = _("Indiquez la commune du stage.")
    else:
        try:
            found = geodata.lookup(form["commune"], limit=5)
        except ValueError:
            found = None
        if found is None or found.best is None:
            errors["commune"] = _("Commune introuvable : vérifiez l'orthographe ou le code postal.")
        elif found.ambiguous:
            names = ", ".join(c.label for c in found.candidates[:4])
            errors["commune"] = _(
                "Plusieurs communes portent ce nom : %(names)s. Ajoutez le code postal."
            ) % {"names": names}
        else:
            values["code_insee"] = found.best.code_insee
    codes = form["rome"].upper().replace(",", " ").split()
    if not codes or any(not re.fullmatch(r"[A-Z]\d{4}", c) for c in codes):
        errors["rome"] = _("Codes ROME : une lettre et quatre chiffres, par exemple H2913.")
    else:
        values["rome_codes"] = codes
    from backend.web.data import LEVEL_LABELS

    if not form["niveaux"] or any(v not in LEVEL_LABELS for v in form["niveaux"]):
        errors["niveaux"] = _("Cochez au moins un niveau.")
    else:
        values["levels"] = form["niveaux"]
    if not form["contacts"] or any(v not in CONTACT_MODE_LABELS for v in form["contacts"]):
        errors["contacts"] = _("Cochez au moins un moyen de contact.")
    else:
        values["contact_modes"] = form["contacts"]
    for key, target in (("debut", "start_date"), ("fin", "end_date")):
        if form[key]:
            try:
                values[target] = date.fromisoformat(form[key])
            except ValueError:
                errors[key] = _("Date incorrecte : écrivez-la sous la forme 2027-01-31.")
        else:
            values[target] = None
    if form["semaines"]:
        if form["semaines"].isdigit() and 1 <= int(form["semaines"]) <= 52:
            values["weeks"] = int(form["semaines"])
        else:
            errors["semaines"] = _("Nombre de semaines : un nombre entre 1 et 52.")
    if form["places"].isdigit() and 0 <= int(form["places"]) <= 100:
        values["places_left"] = int(form["places"])
    else:
        errors["places"] = _("Nombre de places : un nombre entre 0 et 100.")
    values["accessible"] = form["accessible"] == "oui"
    values["workplace_accessibility"] = form["accessibilite"] or None
    return form, values, errors


def _offer_form_page(
    visit: Visit,
    offer: Any,
    form: dict[str, Any],
    errors: dict[str, str] | None = None,
    session: Session | None = None,
) -> HTMLResponse:
    from backend.web.data import LEVEL_LABELS

    applications: list[dict[str, Any]] = []
    if offer is not None and session is not None:
        service = people_bridge.module("services.applications")
        applications = [
            service.application_view(a)
            for a in service.applications_for(session, visit.account, offer.id)
        ]

    title = _("Modifier l'offre") if offer is not None else _("Nouvelle offre de stage")
    if offer is not None:
        title = _("Modifier l'offre « %(title)s »") % {"title": offer.title}
    return _page(
        visit,
        "dashboard/offer_form.html",
        title,
        offer=offer,
        offer_status=_offers().effective_status(offer) if offer is not None else None,
        offer_status_labels=OFFER_STATUS_LABELS,
        form=form,
        **form_state(errors, OFFER_FIELDS),
        level_options=LEVEL_LABELS,
        contact_options=CONTACT_MODE_LABELS,
        applications=applications,
    )


async def _save_offer(visit: Visit, session: Session, offer: Any) -> Response:
    """Create (``offer`` None) or update ``offer`` from the posted form; the form again with its
    errors, else the redirect to the list of offers."""
    raw = await visit.request.form()
    form, values, errors = _parse_offer(raw)
    expired = _expired(visit.request, raw)
    if expired:
        errors = {"titre": expired, **errors}
    if not errors:
        service = _offers()
        try:
            if offer is None:
                created = service.create_offer(session, visit.account, values)
                if raw.get("publier") == "oui":
                    service.publish_offer(session, visit.account, created.id)
            else:
                service.update_offer(session, visit.account, offer.id, values)
        except ValueError as exc:
            session.rollback()
            errors["titre"] = str(exc)
    if errors:
        return _offer_form_page(visit, offer, form, errors)
    done = "cree" if offer is None else "modifiee"
    return RedirectResponse(f"/espace-pro/offres?enregistre={done}", status_code=303)


@router.get("/offres/nouvelle", response_class=HTMLResponse)
def new_offer(visit: Visit = Depends(signed_in)) -> Response:
    return _offer_form_page(visit, None, {"niveaux": [], "contacts": ["formulaire"], "places": "1"})


@router.post("/offres/nouvelle", response_class=HTMLResponse)
async def create_offer(
    visit: Visit = Depends(signed_in), session: Session = Depends(get_session)
) -> Response:
    return await _save_offer(visit, session, None)


def _managed(session: Session, account: Any, offer_id: int) -> Any:
    try:
        return _offers().get_managed(session, account, offer_id)
    except ValueError:
        return None


def _managed_or_forbidden(visit: Visit, session: Session, offer_id: int) -> Any:
    """The offer ``offer_id`` if the account manages it; else the 403 page is sent."""
    offer = _managed(session, visit.account, offer_id)
    if offer is None:
        raise Refusal(_forbidden(visit, _("Cette offre n'est pas parmi les vôtres.")))
    return offer


@router.get("/offres/{offer_id}", response_class=HTMLResponse)
def edit_offer(
    offer_id: int, visit: Visit = Depends(signed_in), session: Session = Depends(get_session)
) -> Response:
    offer = _managed_or_forbidden(visit, session, offer_id)
    return _offer_form_page(visit, offer, _offer_form_values(offer), session=session)


@router.post("/offres/{offer_id}", response_class=HTMLResponse)
async def update_offer(
    offer_id: int, visit: Visit = Depends(signed_in), session: Session = Depends(get_session)
) -> Response:
    return await _save_offer(visit, session, _managed_or_forbidden(visit, session, offer_id))


@router.post("/offres/{offer_id}/{action}", response_class=HTMLResponse)
async def offer_action(
    offer_id: int,
    action: str,
    visit: Visit = Depends(signed_in),
    session: Session = Depends(get_session),
) -> Response:
    raw = await visit.request.form()
    offer = _managed(session, visit.account, offer_id)
    if offer is None or action not in ("fermer", "publier") or not _csrf_ok(visit.request, raw):
        return _forbidden(visit, _("Action impossible : rechargez la page."))
    try:
        if action == "fermer":
            _offers().close_offer(session, visit.account, offer_id)
        else:
            _offers().publish_offer(session, visit.account, offer_id)
    except ValueError as exc:
        session.rollback()
        return _offer_form_page(visit, offer, _offer_form_values(offer), {"titre": str(exc)})
    done = "fermee" if action == "fermer" else "publiee"
    return RedirectResponse(f"/espace-pro/offres?enregistre={done}", status_code=303)


# --------------------------------------------------------------------------------------------
# The counselor's structure
# --------------------------------------------------------------------------------------------


def _structure_page(
    visit: Visit,
    structure: Any,
    form: dict[str, str],
    errors: dict[str, str] | None = None,
    saved: bool = False,
) -> HTMLResponse:
    return _page(
        visit,
        "dashboard/structure.html",
        _("Ma structure"),
        s=structure,
        form=form,
        **form_state(errors, STRUCTURE_FIELDS),
        saved=saved,
    )


def _my_structure(visit: Visit, session: Session) -> Any:
    """The structure of a counselor's account; anyone else gets the 403 page."""
    from backend.models import Structure

    account = visit.account
    if account.role == "counselor" and account.structure_id is not None:
        structure = session.get(Structure, account.structure_id)
        if structure is not None:
            return structure
    raise Refusal(
        _forbidden(visit, _("Seul un compte de conseiller rattaché à une structure la modifie."))
    )


@router.get("/structure", response_class=HTMLResponse)
def structure_form(
    visit: Visit = Depends(signed_in), session: Session = Depends(get_session)
) -> Response:
    structure = _my_structure(visit, session)
    form = {
        "telephone": structure.phone or "",
        "email": structure.email or "",
        "site": structure.website or "",
        "horaires": structure.opening_hours or "",
        "accessibilite": structure.building_accessibility or "",
        "description": structure.description or "",
    }
    return _structure_page(visit, structure, form, saved=visit.saved())


@router.post("/structure", response_class=HTMLResponse)
async def structure_save(
    visit: Visit = Depends(signed_in), session: Session = Depends(get_session)
) -> Response:
    structure = _my_structure(visit, session)
    raw, form = await read_form(visit.request, STRUCTURE_FIELDS)
    errors: dict[str, str] = {}
    expired = _expired(visit.request, raw)
    if expired:
        errors["telephone"] = expired
    if form["telephone"] and len(re.sub(r"\D", "", form["telephone"])) < 10:
        errors["telephone"] = _("Numéro incorrect : 10 chiffres, par exemple 04 78 12 34 56.")
    if form["email"] and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", form["email"]):
        errors["email"] = _("Adresse e-mail incorrecte : écrivez-la sous la forme nom@exemple.fr.")
    if form["site"] and not form["site"].startswith(("https://", "http://")):
        errors["site"] = _("L'adresse du site doit commencer par https://")
    for key, limit in (("horaires", 500), ("accessibilite", 2000), ("description", 2000)):
        if len(form[key]) > limit:
            errors[key] = _("Trop long : %(limit)s caractères au plus.") % {"limit": limit}
    if errors:
        return _structure_page(visit, structure, form, errors)
    structure.phone = form["telephone"] or None
    structure.email = form["email"] or None
    structure.website = form["site"] or None
    structure.opening_hours = form["horaires"] or None
    structure.building_accessibility = form["accessibilite"] or None
    structure.description = form["description"] or None
    structure.source = "Mise à jour par la structure sur Total Accès"
    structure.source_date = date.today().isoformat()
    structure.verified = True
    with contextlib.suppress(people_bridge.PeopleUnavailable, AttributeError, TypeError):
        people_bridge.module("services.audit").record(
            session, visit.account, "structure.update", "structure", str(structure.id), structure.id
        )
    session.commit()
    return RedirectResponse("/espace-pro/structure?enregistre=1", status_code=303)
