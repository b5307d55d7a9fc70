"""The authorization matrix of the dashboard's write forms (``/espace-pro``).

Every write form x (anonymous, employer, other employer, counselor of another structure,
counselor of the same structure, admin), each cell with its exact status. Every signed-in cell
posts the session's valid CSRF token, so that the authorization, not the CSRF check, decides; the
CSRF cells at the end prove that a missing or wrong token is refused (dashboard and public forms).

"Same" is the counselor of structure 1, which every callback request and every structure offer of
the matrix belongs to; "other" the counselor of structure 2. Every cell gets fresh objects.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.web.csrf import form_token, offer_taking_applications, token_in

PASSWORD = "mot-de-passe-solide-42"
ROLES = ("anonymous", "employer", "other_employer", "other_counselor", "counselor", "admin")
ACCOUNTS = {  # role -> (account role, structure)
    "employer": ("employer", None),
    "other_employer": ("employer", None),
    "other_counselor": ("counselor", 2),
    "counselor": ("counselor", 1),
    "admin": ("admin", None),
}
LOGIN = "/espace-pro/connexion"
OFFER_FORM = {
    "titre": "Stage en atelier",
    "employeur": "Atelier du Parc",
    "description": "Découvrir l'atelier.",
    "commune": "69003",
    "rome": "G1602",
    "niveaux": ["3e"],
    "places": "2",
    "contacts": ["formulaire"],
}


@dataclass
class Pro:
    """The web visitor of one role: its client (signed in unless anonymous), its session's CSRF
    token and its account id."""

    client: TestClient
    csrf: str
    account_id: int | None


@pytest.fixture(scope="module")
def emails(web_app: Any) -> dict[str, str]:
    from backend.people.services import accounts

    suffix = uuid.uuid4().hex[:8]
    made: dict[str, str] = {}
    with web_app.state.session_factory() as session:
        for role, (account_role, structure_id) in ACCOUNTS.items():
            email = f"{role.replace('_', '.')}.{suffix}@example.org"
            accounts.create_account(
                session,
                email=email,
                password=PASSWORD,
                role=account_role,
                display_name=role,
                structure_id=structure_id,
            )
            made[role] = email
        session.commit()
    return made


def _reset_limits(app: Any) -> None:
    limiter = getattr(getattr(app.state, "people", None), "limiter", None)
    if limiter is not None and hasattr(limiter, "reset"):
        limiter.reset()


def sign_in(client: TestClient, email: str) -> str:
    """Log in through the web form (its page first, for the CSRF token); the session's token."""
    _reset_limits(client.app)
    token = form_token(client, LOGIN)
    response = client.post(
        LOGIN,
        data={"email": email, "mot_de_passe": PASSWORD, "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    assert response.headers["location"].startswith("/espace-pro/")
    return token_in(client.get("/espace-pro/offres").text)


def _account_id(app: Any, email: str) -> int:
    from sqlalchemy import select

    from backend.people.models import Account

    with app.state.session_factory() as session:
        found = session.scalar(select(Account.id).where(Account.email == email))
        assert found is not None
        return int(found)


@pytest.fixture(scope="module")
def pros(web_app: Any, emails: dict[str, str]) -> Iterator[dict[str, Pro]]:
    with contextlib.ExitStack() as stack:
        made: dict[str, Pro] = {}
        for role in ROLES:
            client = stack.enter_context(TestClient(web_app, base_url="http://testserver"))
            if role == "anonymous":
                made[role] = Pro(client, "", None)
            else:
                made[role] = Pro(
                    client, sign_in(client, emails[role]), _account_id(web_app, emails[role])
                )
        yield made


# --------------------------------------------------------------------------------------------
# Fresh objects for each cell
# --------------------------------------------------------------------------------------------


def _account(session: Any, account_id: int) -> Any:
    from backend.people.models import Account

    account = session.get(Account, account_id)
    assert account is not None
    return account


def new_callback(app: Any) -> str:
    """A new callback request in the inbox of structure 1; its reference."""
    from backend.people.services import callbacks

    with app.state.session_factory() as session:
        row = callbacks.create_callback(
            session,
            first_name="Essai",
            phone="06 39 98 00 00",
            age=19,
            topic="training",
            consent=True,
            commune="Lyon",
        )
        row.structure_id = 1
        reference = str(row.reference)
        session.commit()
    return reference


def new_offer(app: Any, owner_id: int, published: bool) -> int:
    """A new offer created by the account ``owner_id`` (a counselor's offer belongs to its
    structure, an employer's to the employer alone); its id."""
    from backend.people.services import offers

    values = {
        "title": "Stage de la matrice",
        "description": "Un stage pour tester les droits.",
        "employer": "Entreprise de test",
        "code_insee": "69383",
        "rome_codes": ["H2902"],
        "levels": ["3e"],
        "places_left": 2,
        "contact_modes": ["formulaire"],
    }
    with app.state.session_factory() as session:
        owner = _account(session, owner_id)
        offer = offers.create_offer(
            session,
            owner,
            {k: v for k, v in values.items() if k in offers.EDITABLE or k == "code_insee"},
        )
        if published:
            offers.publish_offer(session, owner, offer.id)
        return int(offer.id)


# --------------------------------------------------------------------------------------------
# The matrix
# --------------------------------------------------------------------------------------------

# A cell: (pros, app) -> (path, form data without the CSRF token)
Cell = Callable[[dict[str, Pro], Any], tuple[str, dict[str, Any]]]


def _structure_offer(published: bool) -> Callable[[dict[str, Pro], Any], int]:
    return lambda pros, app: new_offer(app, pros["counselor"].account_id or 0, published)


def _employer_offer(published: bool) -> Callable[[dict[str, Pro], Any], int]:
    return lambda pros, app: new_offer(app, pros["employer"].account_id or 0, published)


def _edit(offer: Callable[[dict[str, Pro], Any], int]) -> Cell:
    return lambda pros, app: (f"/espace-pro/offres/{offer(pros, app)}", dict(OFFER_FORM))


def _act(offer: Callable[[dict[str, Pro], Any], int], action: str) -> Cell:
    return lambda pros, app: (f"/espace-pro/offres/{offer(pros, app)}/{action}", {})


TO_LOGIN = "login"  # 303 to the login page
# name -> (cell, expected status per role in ROLES order; "login" is a 303 to the login page)
MATRIX: dict[str, tuple[Cell, tuple[int | str, ...]]] = {
    "POST /espace-pro/rappels/{ref} (structure 1)": (
        lambda pros, app: (f"/espace-pro/rappels/{new_callback(app)}", {"statut": "contacted"}),
        (TO_LOGIN, 403, 403, 404, 303, 303),
    ),
    "POST /espace-pro/rappels/{ref} (unknown reference)": (
        lambda pros, app: ("/espace-pro/rappels/ZZZZZZZZ", {"statut": "contacted"}),
        (TO_LOGIN, 403, 403, 404, 404, 404),
    ),
    "POST /espace-pro/offres/nouvelle": (
        lambda pros, app: ("/espace-pro/offres/nouvelle", dict(OFFER_FORM)),
        (TO_LOGIN, 303, 303, 303, 303, 303),
    ),
    "POST /espace-pro/offres/{id} (structure offer)": (
        _edit(_structure_offer(published=False)),
        (TO_LOGIN, 403, 403, 403, 303, 303),
    ),
    "POST /espace-pro/offres/{id} (employer's offer)": (
        _edit(_employer_offer(published=False)),
        (TO_LOGIN, 303, 403, 403, 403, 303),
    ),
    "POST /espace-pro/offres/{id} (unknown offer)": (
        lambda pros, app: ("/espace-pro/offres/999999", dict(OFFER_FORM)),
        (TO_LOGIN, 403, 403, 403, 403, 403),
    ),
    "POST /espace-pro/offres/{id}/publier (structure offer)": (
        _act(_structure_offer(published=False), "publier"),
        (TO_LOGIN, 403, 403, 403, 303, 303),
    ),
    "POST /espace-pro/offres/{id}/publier (employer's offer)": (
        _act(_employer_offer(published=False), "publier"),
        (TO_LOGIN, 303, 403, 403, 403, 303),
    ),
    "POST /espace-pro/offres/{id}/fermer (structure offer)": (
        _act(_structure_offer(published=True), "fermer"),
        (TO_LOGIN, 403, 403, 403, 303, 303),
    ),
    "POST /espace-pro/offres/{id}/fermer (employer's offer)": (
        _act(_employer_offer(published=True), "fermer"),
        (TO_LOGIN, 303, 403, 403, 403, 303),
    ),
    "POST /espace-pro/offres/{id}/{unknown action}": (
        _act(_structure_offer(published=True), "supprimer"),
        (TO_LOGIN, 403, 403, 403, 403, 403),
    ),
    "POST /espace-pro/structure": (
        lambda pros, app: (
            "/espace-pro/structure",
            {"telephone": "04 72 00 00 00", "h-lu-1-de": "09:00", "h-lu-1-a": "17:00"},
        ),
        # Each counselor edits the structure of its own account; nobody else has one.
        (TO_LOGIN, 403, 403, 303, 303, 403),
    ),
    "POST /espace-pro/structure/confirmer": (
        lambda pros, app: ("/espace-pro/structure/confirmer", {}),
        # Each counselor confirms the structure of its own account; nobody else has one.
        (TO_LOGIN, 403, 403, 303, 303, 403),
    ),
}


def _check(response: Any, expected: int | str, label: str) -> None:
    if expected == TO_LOGIN:
        assert response.status_code == 303, label
        assert response.headers["location"] == "/espace-pro/connexion", label
        return
    assert response.status_code == expected, (
        f"{label}: {response.status_code} {response.text[:300]}"
    )
    if expected == 303:
        assert response.headers["location"].startswith("/espace-pro/"), label
        assert "connexion" not in response.headers["location"], label
    if expected in (403, 404):
        assert response.headers["content-type"].startswith("text/html"), label


@pytest.mark.parametrize("name", list(MATRIX))
def test_write_form_matrix(name: str, pros: dict[str, Pro], web_app: Any) -> None:
    cell, expected = MATRIX[name]
    assert len(expected) == len(ROLES)
    for role, status in zip(ROLES, expected, strict=True):
        pro = pros[role]
        path, data = cell(pros, web_app)
        if pro.csrf:
            data = {**data, "csrf_token": pro.csrf}
        response = pro.client.post(path, data=data, follow_redirects=False)
        _check(response, status, f"{name} as {role}")


def test_callback_status_really_changes_only_for_allowed_roles(
    pros: dict[str, Pro], web_app: Any
) -> None:
    from backend.people.services import callbacks

    for role, changed in (("other_counselor", False), ("employer", False), ("counselor", True)):
        reference = new_callback(web_app)
        pro = pros[role]
        pro.client.post(
            f"/espace-pro/rappels/{reference}",
            data={"statut": "contacted", "csrf_token": pro.csrf},
            follow_redirects=False,
        )
        with web_app.state.session_factory() as session:
            row = callbacks.find(session, reference)
            assert (row.status == "contacted") is changed, role


@pytest.mark.parametrize("role", ROLES)
def test_login_matrix(role: str, web_app: Any, emails: dict[str, str]) -> None:
    """The login form, posted by each kind of visitor with the employer's credentials and the
    form's token: a 303 to the employer's offers, whatever session the browser had."""
    with TestClient(web_app, base_url="http://testserver") as client:
        if role != "anonymous":
            sign_in(client, emails[role])
        _reset_limits(web_app)
        # Signed in, the login page redirects to the dashboard: the token of another public form
        # (the visitor's same ``ta_csrf`` token) is used.
        token = form_token(client, LOGIN if role == "anonymous" else "/rappel")
        response = client.post(
            LOGIN,
            data={"email": emails["employer"], "mot_de_passe": PASSWORD, "csrf_token": token},
            follow_redirects=False,
        )
        assert response.status_code == 303
        assert response.headers["location"] == "/espace-pro/offres"


@pytest.mark.parametrize("role", ROLES)
def test_logout_matrix(role: str, web_app: Any, emails: dict[str, str]) -> None:
    """Logout: a 303 to the login page for everyone; a signed-in session really ends."""
    with TestClient(web_app, base_url="http://testserver") as client:
        csrf = "" if role == "anonymous" else sign_in(client, emails[role])
        data = {"csrf_token": csrf} if csrf else {}
        response = client.post("/espace-pro/deconnexion", data=data, follow_redirects=False)
        assert response.status_code == 303
        assert response.headers["location"] == "/espace-pro/connexion"
        after = client.get("/espace-pro/offres", follow_redirects=False)
        assert after.status_code == 303 and after.headers["location"] == "/espace-pro/connexion"


# --------------------------------------------------------------------------------------------
# CSRF: a missing or wrong token is refused
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("token", [None, "", "faux.jeton"])
def test_dashboard_form_without_the_session_token_is_refused(
    token: str | None, pros: dict[str, Pro], web_app: Any
) -> None:
    from backend.people.services import callbacks

    reference = new_callback(web_app)
    data: dict[str, str] = {"statut": "contacted"}
    if token is not None:
        data["csrf_token"] = token
    response = pros["counselor"].client.post(
        f"/espace-pro/rappels/{reference}", data=data, follow_redirects=False
    )
    assert response.status_code == 422 and "La page a expiré" in response.text
    with web_app.state.session_factory() as session:
        assert callbacks.find(session, reference).status == "new"
    offer_id = new_offer(web_app, pros["counselor"].account_id or 0, published=True)
    refused = pros["counselor"].client.post(
        f"/espace-pro/offres/{offer_id}/fermer", data=data, follow_redirects=False
    )
    assert refused.status_code == 403


def test_logout_without_the_token_keeps_the_session(web_app: Any, emails: dict[str, str]) -> None:
    with TestClient(web_app, base_url="http://testserver") as client:
        sign_in(client, emails["counselor"])
        response = client.post("/espace-pro/deconnexion", data={}, follow_redirects=False)
        assert response.status_code == 303
        assert client.get("/espace-pro/rappels", follow_redirects=False).status_code == 200


def test_another_sessions_token_is_refused(pros: dict[str, Pro], web_app: Any) -> None:
    reference = new_callback(web_app)
    response = pros["counselor"].client.post(
        f"/espace-pro/rappels/{reference}",
        data={"statut": "contacted", "csrf_token": pros["admin"].csrf},
        follow_redirects=False,
    )
    assert response.status_code == 422 and "La page a expiré" in response.text


PUBLIC_FORMS = {
    LOGIN: {"email": "personne@example.org", "mot_de_passe": PASSWORD},
    "/rappel": {"prenom": "Sami", "canal": "telephone", "contact": "06 12 34 56 78"},
    "/reglages": {"theme": "dark", "text": "large", "lang": "fr"},
}


def _public_forms(client: TestClient) -> dict[str, dict[str, str]]:
    forms = dict(PUBLIC_FORMS)
    forms[offer_taking_applications(client)] = {"prenom": "Yanis", "contact": "yanis@example.org"}
    return forms


@pytest.mark.parametrize("case", ["no cookie, no field", "cookie, no field", "field, no cookie", "wrong field"])  # fmt: skip
def test_public_forms_refuse_a_missing_or_wrong_token(case: str, web_app: Any) -> None:
    with TestClient(web_app, base_url="http://testserver") as client:
        for path, data in _public_forms(client).items():
            client.cookies.clear()
            if case == "no cookie, no field":
                sent = dict(data)
            else:
                token = form_token(client, path)
                if case == "cookie, no field":
                    sent = dict(data)
                elif case == "field, no cookie":
                    client.cookies.clear()
                    sent = {**data, "csrf_token": token}
                else:
                    sent = {
                        **data,
                        "csrf_token": token[:-2] + ("AA" if token[-2:] != "AA" else "BB"),
                    }
            response = client.post(path, data=sent, follow_redirects=False)
            assert response.status_code == 400, (case, path, response.status_code)
            assert "La page a expiré. Envoyez le formulaire à nouveau." in response.text, path
            # The form comes back with a fresh token in the cookie and the hidden field.
            assert client.cookies.get("ta_csrf") == token_in(response.text), path
            assert 'aria-invalid="true"' in response.text or path == "/reglages", path
            assert "ta_session" not in client.cookies


def test_public_form_token_cookie_flags(web_app: Any) -> None:
    with TestClient(web_app, base_url="http://testserver") as client:
        response = client.get("/rappel")
        cookie = next(
            c for c in response.headers.get_list("set-cookie") if c.startswith("ta_csrf=")
        )
        assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/" in cookie
        # The web test app runs with cookie_secure off (TOTALACCES_COOKIE_SECURE=false).
        assert ("Secure" in cookie) is bool(web_app.state.people.settings.cookie_secure)
        token = token_in(response.text)
        assert client.cookies.get("ta_csrf") == token
        # The same token for the other forms and tabs of this visitor.
        assert form_token(client, LOGIN) == token


def test_public_forms_work_with_the_page_token(web_app: Any) -> None:
    with TestClient(web_app, base_url="http://testserver") as client:
        token = form_token(client, "/reglages")
        saved = client.post(
            "/reglages",
            data={"theme": "dark", "text": "large", "lang": "fr", "csrf_token": token},
            follow_redirects=False,
        )
        assert saved.status_code == 303
        token = form_token(client, "/rappel")
        errors = client.post("/rappel", data={"csrf_token": token})
        assert errors.status_code == 422 and "Indiquez votre prénom." in errors.text
