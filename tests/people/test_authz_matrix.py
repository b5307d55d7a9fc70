"""The authorization matrix: every write endpoint x (anonymous, employer, counselor of another
structure, counselor of the same structure, admin), each cell with its exact status.

The offer and the callback request of each cell belong to structure 1 (Mission locale de test
Lyon): "same" is its counselor, "other" the counselor of structure 2 (CIO de test Lyon). Every
cell gets fresh objects and a fresh token, so no cell depends on another.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import update
from starlette.testclient import TestClient

from backend.models import Career, Sector
from backend.people.config import PeopleSettings
from backend.people.models import Account, AuthSecret
from backend.people.services import accounts as accounts_service
from backend.people.services import applications as applications_service
from backend.people.services import callbacks as callbacks_service
from backend.people.services import offers as offers_service
from backend.people.services import reports as reports_service
from backend.people.services import signup as signup_service
from backend.people.services import team as team_service
from backend.services.summaries import text_hash
from tests.people.conftest import PASSWORD, World, callback_body, password_hash
from tests.people.test_offers import application_body, offer_body

ROLES = ("anonymous", "employer", "other_counselor", "counselor", "admin")
ACCOUNT_OF = {
    "employer": "employer",
    "other_counselor": "other_counselor",
    "counselor": "counselor",
    "admin": "admin",
}


@dataclass
class Fixture:
    offer_id: int
    application_id: int
    reference: str
    employer_token_id: int
    invitation_secret: str
    join_request_id: int
    leaving_counselor_id: int
    report_id: int
    confirm_secret: str
    signup_id: int
    review_offer_id: int


SUMMARY = "Vous soudez des pièces de métal. Vous lisez un plan."


def _career_with_summary(session: Any) -> None:
    if session.get(Career, "H2913") is None:
        common = {"source": "test", "licence": "test", "source_date": "2024", "verified": True}
        session.add(Sector(code="H", label="Industrie", kind="grand_domain", **common))
        session.add(Sector(code="H29", label="Métal", kind="domain", parent_code="H", **common))
        session.flush()
        session.add(
            Career(code="H2913", label="Soudeur / Soudeuse", domain_code="H29",
                   grand_domain_code="H", summary=SUMMARY, **common)
        )  # fmt: skip


@pytest.fixture(autouse=True)
def _hash_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each cell's fixture creates several accounts and requests: argon2 (slow on purpose) hashes
    the shared test password once; logins still verify it for real."""
    from backend.people import security

    real = security.hash_password
    monkeypatch.setattr(
        security, "hash_password", lambda p: password_hash() if p == PASSWORD else real(p)
    )


def make_fixture(world: World) -> Fixture:
    with world.session() as session:
        _career_with_summary(session)
        # A cell of POST /api/v1/account/leave closed a counselor's account: open it again.
        session.execute(
            update(Account)
            .where(Account.id.in_([world.counselor_id, world.other_counselor_id]))
            .values(active=True)
        )
        admin = session.get(Account, world.admin_id)
        counselor = session.get(Account, world.counselor_id)
        employer = session.get(Account, world.employer_id)
        assert counselor is not None and employer is not None
        offer = offers_service.create_offer(
            session,
            counselor,
            {k: v for k, v in offer_body().items() if k not in ("start_date", "end_date")},
        )
        offers_service.publish_offer(session, counselor, offer.id)
        application = applications_service.create_application(
            session, offer_id=offer.id, first_name="Essai", contact_mode="in_person", consent=True
        )
        request = callbacks_service.create_callback(
            session,
            first_name="Essai",
            phone="06 39 98 00 00",
            age=19,
            topic="training",
            consent=True,
            code_insee="69383",
        )
        assert request.structure_id == 1
        _secret, token = accounts_service.create_secret(
            session, employer, "token", PeopleSettings()
        )
        session.commit()
        invited = team_service.invite(
            session, admin, email=f"i{uuid.uuid4().hex[:8]}@example.invalid", structure_id=4,
            settings=PeopleSettings(),
        )  # fmt: skip
        joining = team_service.ask_to_join(
            session, email=f"j{uuid.uuid4().hex[:8]}@example.invalid", display_name="Nouvelle",
            password=PASSWORD, structure_id=1,
        )  # fmt: skip
        assert joining is not None
        leaving = accounts_service.create_account(
            session, email=f"l{uuid.uuid4().hex[:8]}@example.invalid", password=PASSWORD,
            role="counselor", display_name="Partante", structure_id=1,
        )  # fmt: skip
        report = reports_service.create_report(
            session, target="structure", target_id=1, reason="phone"
        )
        waiting = signup_service.sign_up(
            session, company="Atelier", email=f"s{uuid.uuid4().hex[:8]}@example.invalid",
            password=PASSWORD, siret_number="13002526500013", settings=PeopleSettings(),
        )  # fmt: skip
        joined = signup_service.sign_up(
            session, company="Garage", email=f"g{uuid.uuid4().hex[:8]}@example.invalid",
            password=PASSWORD, siret_number="13002526500013", settings=PeopleSettings(),
        )  # fmt: skip
        assert waiting.account is not None and waiting.secret and joined.account is not None
        newcomer = joined.account
        newcomer.active = True
        to_review = offers_service.create_offer(
            session,
            newcomer,
            {k: v for k, v in offer_body().items() if k not in ("start_date", "end_date")},
        )
        offers_service.publish_offer(session, newcomer, to_review.id)
        assert to_review.status == "review"
        session.commit()
        return Fixture(
            offer.id, application.id, request.reference, token.id, invited.secret, joining.id,
            leaving.id, report.id, waiting.secret, waiting.account.id, to_review.id,
        )  # fmt: skip


def token_for(world: World, role: str) -> dict[str, str]:
    if role == "anonymous":
        return {}
    with world.session() as session:
        account = session.get(Account, getattr(world, f"{ACCOUNT_OF[role]}_id"))
        assert account is not None
        secret, _row = accounts_service.create_secret(session, account, "token", PeopleSettings())
        session.commit()
    return {"Authorization": f"Bearer {secret}"}


Request = Callable[[Fixture], tuple[str, str, Any]]
# (method, path template) -> (request builder, expected status per role in ROLES order)
MATRIX: dict[tuple[str, str], tuple[Request, tuple[int, int, int, int, int]]] = {
    ("POST", "/api/v1/auth/login"): (
        lambda f: (
            "POST",
            "/api/v1/auth/login",
            {"email": "employer@example.invalid", "password": PASSWORD},
        ),
        (200, 200, 200, 200, 200),
    ),
    ("POST", "/api/v1/auth/tokens"): (
        lambda f: (
            "POST",
            "/api/v1/auth/tokens",
            {"email": "employer@example.invalid", "password": PASSWORD},
        ),
        (201, 201, 201, 201, 201),
    ),
    ("DELETE", "/api/v1/auth/tokens/{token_id}"): (
        lambda f: ("DELETE", f"/api/v1/auth/tokens/{f.employer_token_id}", None),
        (401, 204, 404, 404, 204),
    ),
    ("POST", "/api/v1/auth/logout"): (
        lambda f: ("POST", "/api/v1/auth/logout", None),
        (401, 204, 204, 204, 204),
    ),
    ("POST", "/api/v1/offers"): (
        lambda f: ("POST", "/api/v1/offers", offer_body()),
        (401, 201, 201, 201, 201),
    ),
    ("PATCH", "/api/v1/offers/{offer_id}"): (
        lambda f: ("PATCH", f"/api/v1/offers/{f.offer_id}", {"places_left": 3}),
        (401, 403, 403, 200, 200),
    ),
    ("POST", "/api/v1/offers/{offer_id}/publish"): (
        lambda f: ("POST", f"/api/v1/offers/{f.offer_id}/publish", None),
        (401, 403, 403, 200, 200),
    ),
    ("POST", "/api/v1/offers/{offer_id}/close"): (
        lambda f: ("POST", f"/api/v1/offers/{f.offer_id}/close", None),
        (401, 403, 403, 200, 200),
    ),
    ("POST", "/api/v1/offers/{offer_id}/applications"): (
        lambda f: ("POST", f"/api/v1/offers/{f.offer_id}/applications", application_body()),
        (201, 201, 201, 201, 201),
    ),
    ("POST", "/api/v1/offers/{offer_id}/applications/{application_id}/close"): (
        lambda f: (
            "POST",
            f"/api/v1/offers/{f.offer_id}/applications/{f.application_id}/close",
            None,
        ),
        (401, 403, 403, 200, 200),
    ),
    ("POST", "/api/v1/callbacks"): (
        lambda f: ("POST", "/api/v1/callbacks", callback_body()),
        (201, 201, 201, 201, 201),
    ),
    ("POST", "/api/v1/callbacks/{reference}/export"): (
        lambda f: ("POST", f"/api/v1/callbacks/{f.reference}/export", {}),
        (403, 403, 403, 200, 200),
    ),
    ("POST", "/api/v1/callbacks/{reference}/erasure"): (
        lambda f: ("POST", f"/api/v1/callbacks/{f.reference}/erasure", {}),
        (403, 403, 403, 204, 204),
    ),
    ("POST", "/api/v1/inbox/{reference}/assign"): (
        lambda f: ("POST", f"/api/v1/inbox/{f.reference}/assign", None),
        (401, 403, 404, 200, 200),
    ),
    ("POST", "/api/v1/inbox/{reference}/status"): (
        lambda f: ("POST", f"/api/v1/inbox/{f.reference}/status", {"status": "contacted"}),
        (401, 403, 404, 200, 200),
    ),
    # a counselor edits their own structure only (the path has no id to forge); admins have none
    ("PATCH", "/api/v1/account/structure"): (
        lambda f: ("PATCH", "/api/v1/account/structure", {"opening_hours": "Mo 09:00-12:00"}),
        (401, 403, 200, 200, 403),
    ),
    ("POST", "/api/v1/account/structure/confirm"): (
        lambda f: ("POST", "/api/v1/account/structure/confirm", None),
        (401, 403, 200, 200, 403),
    ),
    ("POST", "/api/v1/career-summaries/{code}/review"): (
        lambda f: (
            "POST",
            "/api/v1/career-summaries/H2913/review",
            {"text_sha256": text_hash(SUMMARY)},
        ),
        (401, 403, 200, 200, 200),
    ),
    # pause and delay: the structure's own counselors and admins; the fallback scope: admins only
    ("PATCH", "/api/v1/structures/{structure_id}/participation"): (
        lambda f: ("PATCH", "/api/v1/structures/1/participation", {"response_delay_days": 7}),
        (401, 403, 403, 200, 200),
    ),
    ("POST", "/api/v1/admin/accounts"): (
        lambda f: (
            "POST",
            "/api/v1/admin/accounts",
            {
                "email": f"n{uuid.uuid4().hex[:8]}@example.invalid",
                "password": "un-mot-de-passe-solide",
                "role": "employer",
                "display_name": "Employeur de test",
            },
        ),
        (401, 403, 403, 403, 201),
    ),
    ("POST", "/api/v1/admin/purge"): (
        lambda f: ("POST", "/api/v1/admin/purge", None),
        (401, 403, 403, 403, 200),
    ),
    # employers sign up alone; the e-mailed link opens the account; an admin may instead
    ("POST", "/api/v1/employers/signup"): (
        lambda f: (
            "POST",
            "/api/v1/employers/signup",
            {
                "company": "Boulangerie",
                "email": f"b{uuid.uuid4().hex[:8]}@example.invalid",
                "password": PASSWORD,
                "siret": "13002526500013",
            },
        ),  # fmt: skip
        (202, 202, 202, 202, 202),
    ),
    ("POST", "/api/v1/employers/confirm/{secret}"): (
        lambda f: ("POST", f"/api/v1/employers/confirm/{f.confirm_secret}", None),
        (200, 200, 200, 200, 200),
    ),
    ("POST", "/api/v1/admin/accounts/{account_id}/activate"): (
        lambda f: ("POST", f"/api/v1/admin/accounts/{f.signup_id}/activate", None),
        (401, 403, 403, 403, 200),
    ),
    # a Lyon offer waiting for a moderator: counselors of the Rhône (both) and admins
    ("POST", "/api/v1/moderation/offers/{offer_id}"): (
        lambda f: ("POST", f"/api/v1/moderation/offers/{f.review_offer_id}", {"approve": True}),
        (401, 403, 200, 200, 200),
    ),
    ("POST", "/api/v1/offers/{offer_id}/applications/{application_id}/reply"): (
        lambda f: (
            "POST",
            f"/api/v1/offers/{f.offer_id}/applications/{f.application_id}/reply",
            {"status": "seen"},
        ),
        (401, 403, 403, 200, 200),
    ),
    # « Signaler une erreur »: anyone reports; the place's counselors (and admins) close
    ("POST", "/api/v1/reports"): (
        lambda f: (
            "POST",
            "/api/v1/reports",
            {"target": "structure", "target_id": 2, "reason": "moved"},
        ),
        (201, 201, 201, 201, 201),
    ),
    ("POST", "/api/v1/reports/{report_id}/close"): (
        lambda f: ("POST", f"/api/v1/reports/{f.report_id}/close", {"outcome": "fixed"}),
        (401, 404, 404, 200, 200),
    ),
    # who works at a structure: an admin invites; the link's holder accepts, whoever is logged in
    ("POST", "/api/v1/admin/invitations"): (
        lambda f: (
            "POST",
            "/api/v1/admin/invitations",
            {"email": f"n{uuid.uuid4().hex[:8]}@example.invalid", "structure_id": 4},
        ),
        (401, 403, 403, 403, 201),
    ),
    ("POST", "/api/v1/invitations/{secret}/accept"): (
        lambda f: (
            "POST",
            f"/api/v1/invitations/{f.invitation_secret}/accept",
            {"display_name": "Invitée", "password": PASSWORD},
        ),
        (201, 201, 201, 201, 201),
    ),
    ("POST", "/api/v1/join-requests"): (
        lambda f: (
            "POST",
            "/api/v1/join-requests",
            {
                "email": f"d{uuid.uuid4().hex[:8]}@example.invalid",
                "display_name": "Nouveau",
                "password": PASSWORD,
                "structure_id": 1,
            },
        ),  # fmt: skip
        (202, 202, 202, 202, 202),
    ),
    # a request to join structure 1: its counselors and admins answer; another structure's
    # counselor does not even see it
    ("POST", "/api/v1/join-requests/{request_id}/decision"): (
        lambda f: (
            "POST",
            f"/api/v1/join-requests/{f.join_request_id}/decision",
            {"approve": True},
        ),
        (401, 403, 404, 200, 200),
    ),
    ("POST", "/api/v1/admin/callbacks/{reference}/reassign"): (
        lambda f: ("POST", f"/api/v1/admin/callbacks/{f.reference}/reassign", {"structure_id": 2}),
        (401, 403, 403, 403, 200),
    ),
    ("POST", "/api/v1/admin/accounts/{account_id}/leave"): (
        lambda f: ("POST", f"/api/v1/admin/accounts/{f.leaving_counselor_id}/leave", None),
        (401, 403, 403, 403, 200),
    ),
    # a counselor leaves their own structure (an admin has none: 409); the next cell's fixture
    # opens the account again
    ("POST", "/api/v1/account/leave"): (
        lambda f: ("POST", "/api/v1/account/leave", None),
        (401, 403, 200, 200, 409),
    ),
}


def test_matrix_covers_every_write_endpoint_of_the_api(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    writes = {
        (method.upper(), path)
        for path, operations in paths.items()
        if path.startswith("/api/")
        for method in operations
        if method in ("post", "put", "patch", "delete")
    }
    assert writes - set(MATRIX) == set()
    assert set(MATRIX) - writes == set()


def test_authorization_matrix(client: TestClient, world: World) -> None:
    mismatches: list[str] = []
    cells = 0
    for (method, template), (build, expected) in MATRIX.items():
        for role, status in zip(ROLES, expected, strict=True):
            fixture = make_fixture(world)
            verb, path, body = build(fixture)
            assert verb == method
            client.cookies.clear()
            response = client.request(verb, path, json=body, headers=token_for(world, role))
            cells += 1
            if response.status_code != status:
                mismatches.append(
                    f"{method} {template} as {role}: {response.status_code} != {status}"
                )
            elif status >= 400:
                assert response.headers["content-type"].startswith("application/problem+json")
                assert response.json()["detail"]
    assert mismatches == []
    assert cells == len(MATRIX) * len(ROLES)


def test_revoked_and_logged_out_credentials_are_refused(client: TestClient, world: World) -> None:
    headers = token_for(world, "admin")
    assert client.post("/api/v1/auth/logout", headers=headers).status_code == 204
    assert client.post("/api/v1/admin/purge", headers=headers).status_code == 401
    with world.session() as session:
        assert session.query(AuthSecret).filter(AuthSecret.revoked_at.is_not(None)).count() == 1
