"""Accounts: login with throttling, web sessions with CSRF, bearer tokens, security headers,
and the ``totalacces user create`` command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from fastapi import Request
from sqlalchemy import select
from starlette.testclient import TestClient

from backend.people.models import Account
from backend.people.security import verify_password
from tests.people.conftest import PASSWORD, World, bearer, build_app, relaxed_settings

ROOT = Path(__file__).resolve().parents[2]


def _login(client: TestClient, role: str, password: str = PASSWORD):  # type: ignore[no-untyped-def]
    return client.post(
        "/api/v1/auth/login", json={"email": f"{role}@example.invalid", "password": password}
    )


def test_login_opens_an_httponly_samesite_session_and_forms_need_csrf(client: TestClient) -> None:
    r = _login(client, "employer")
    assert r.status_code == 200
    cookie = r.headers["set-cookie"]
    assert "ta_session=" in cookie
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Secure" in cookie
    csrf = r.json()["csrf_token"]
    offer = {
        "title": "Stage en atelier",
        "description": "Découverte de l'usinage.",
        "employer": "Atelier de test",
        "code_insee": "69383",
        "rome_codes": ["H2913"],
        "levels": ["3e"],
    }
    r = client.post("/api/v1/offers", json=offer)  # cookie but no CSRF token
    assert r.status_code == 403 and "CSRF" in r.json()["detail"]
    r = client.post("/api/v1/offers", json=offer, headers={"X-CSRF-Token": "forged.token"})
    assert r.status_code == 403
    r = client.post("/api/v1/offers", json=offer, headers={"X-CSRF-Token": csrf})
    assert r.status_code == 201
    me = client.get("/api/v1/auth/me").json()
    assert me["via"] == "session" and me["account"]["role"] == "employer" and me["csrf_token"]

    r = client.post("/api/v1/auth/logout", headers={"X-CSRF-Token": csrf})
    assert r.status_code == 204
    assert client.get("/api/v1/auth/me").status_code == 401


def test_wrong_password_is_refused_then_the_account_is_locked(world: World) -> None:
    app = build_app(world.url, relaxed_settings(login_max_failures=3, login_lock_seconds=600))
    with TestClient(app, base_url="https://testserver") as c:
        for _ in range(3):
            r = _login(c, "counselor", "mauvais mot de passe")
            assert r.status_code == 401
            assert "incorrect" in r.json()["detail"]
        r = _login(c, "counselor")  # the right password, but locked now: the same answer
        assert r.status_code == 401 and "bloqué" in r.json()["detail"]
        assert "retry-after" not in r.headers
        # An unknown account answers exactly like a wrong password.
        r = _login(c, "nobody")
        assert r.status_code == 401 and "incorrect" in r.json()["detail"]


def test_login_is_rate_limited_per_address(world: World) -> None:
    app = build_app(world.url, relaxed_settings(rate_limit_login=2))
    with TestClient(app, base_url="https://testserver") as c:
        assert [_login(c, "admin").status_code for _ in range(3)] == [200, 200, 429]


def test_bearer_tokens_can_be_created_used_and_revoked(client: TestClient) -> None:
    r = client.post(
        "/api/v1/auth/tokens",
        json={"email": "admin@example.invalid", "password": PASSWORD, "label": "script"},
    )
    assert r.status_code == 201
    token, token_id = r.json()["token"], r.json()["id"]
    h = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/auth/me", headers=h).json()["via"] == "token"
    # A token needs no CSRF token (it is not sent automatically by a browser).
    assert client.get("/api/v1/admin/accounts", headers=h).status_code == 200
    assert client.delete(f"/api/v1/auth/tokens/{token_id}", headers=h).status_code == 204
    r = client.get("/api/v1/auth/me", headers=h)
    assert r.status_code == 401 and "révoqué" in r.json()["detail"]
    r = client.get("/api/v1/auth/me", headers={"Authorization": "Bearer invente-de-toutes-pieces"})
    assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"


def test_admin_creates_a_counselor_attached_to_a_structure(
    client: TestClient, world: World
) -> None:
    h = bearer(world, "admin")
    body = {
        "email": "nouveau.conseiller@example.invalid",
        "password": "un-mot-de-passe-solide",
        "role": "counselor",
        "display_name": "Conseiller de test",
        "structure_id": 2,
    }
    r = client.post("/api/v1/admin/accounts", json=body, headers=h)
    assert r.status_code == 201 and r.json()["structure_id"] == 2
    assert client.post("/api/v1/admin/accounts", json=body, headers=h).status_code == 409
    r = client.post(
        "/api/v1/admin/accounts",
        json={**body, "email": "x@example.invalid", "structure_id": None},
        headers=h,
    )
    assert r.status_code == 422 and "structure" in r.json()["detail"]
    with world.session() as session:
        account = session.scalar(select(Account).where(Account.email == body["email"]))
        assert account is not None and account.password_hash.startswith("$argon2id$")
        assert verify_password(account.password_hash, "un-mot-de-passe-solide")
        assert not verify_password(account.password_hash, "autre chose")


def test_security_headers_on_api_and_docs(client: TestClient) -> None:
    r = client.get("/api/v1/callbacks/ZZZZZZZZ")
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "no-referrer"
    assert r.headers["x-frame-options"] == "DENY"
    assert r.headers["cache-control"] == "no-store"
    docs = client.get("/docs")
    assert (
        docs.status_code == 200
        and "frame-ancestors 'none'" in docs.headers["content-security-policy"]
    )


def test_user_create_command_reads_the_password_from_stdin(world: World) -> None:
    env = {"DATABASE_URL": world.url, "PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    code = (
        "import typer, sys\n"
        "from backend.people.commands import register\n"
        "app = typer.Typer()\n"
        "register(app)\n"
        "app(sys.argv[1:])\n"
    )
    args = [
        sys.executable,
        "-c",
        code,
        "user",
        "create",
        "--email",
        "premier.admin@example.invalid",
        "--name",
        "Premier admin",
        "--password-stdin",
    ]
    done = subprocess.run(
        args,
        input="une-phrase-de-passe-longue\n",
        text=True,
        env=env,
        cwd=ROOT,
        capture_output=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "Compte admin" in done.stdout
    assert "une-phrase-de-passe-longue" not in done.stdout + done.stderr
    short = subprocess.run(
        [*args[:-5], "--email", "autre@example.invalid", "--password-stdin"],
        input="court\n",
        text=True,
        env=env,
        cwd=ROOT,
        capture_output=True,
        timeout=120,
    )
    assert short.returncode == 1 and "trop court" in short.stderr
    with world.session() as session:
        account = session.scalar(
            select(Account).where(Account.email == "premier.admin@example.invalid")
        )
        assert account is not None and account.role == "admin"
        assert verify_password(account.password_hash, "une-phrase-de-passe-longue")


def test_helpers_for_the_web_pages(world: World) -> None:
    """``current_account``, ``csrf_token``, ``verify_csrf`` and ``rate_limit_wait`` as a page uses
    them."""
    from backend.people.auth import csrf_token, current_account, verify_csrf
    from backend.people.auth import rate_limit_wait as rate_limited

    app = build_app(world.url, relaxed_settings(rate_limit_applications=1))

    @app.get("/essai-page")
    def page(request: Request) -> dict[str, object]:
        account = current_account(request)
        return {"who": account.role if account else None, "csrf": csrf_token(request)}

    @app.post("/essai-formulaire")
    async def form(request: Request) -> dict[str, object]:
        data = await request.form()
        return {
            "csrf_ok": verify_csrf(request, str(data.get("csrf_token", ""))),
            "wait": rate_limited(request, "applications"),
        }

    with TestClient(app, base_url="https://testserver") as c:
        assert c.get("/essai-page").json() == {"who": None, "csrf": None}
        assert (
            c.post(
                "/api/v1/auth/login",
                json={"email": "counselor@example.invalid", "password": PASSWORD},
            ).status_code
            == 200
        )
        page_data = c.get("/essai-page").json()
        assert page_data["who"] == "counselor" and page_data["csrf"]
        first = c.post("/essai-formulaire", data={"csrf_token": page_data["csrf"]}).json()
        assert first == {"csrf_ok": True, "wait": None}
        second = c.post("/essai-formulaire", data={"csrf_token": "faux.jeton"}).json()
        assert second["csrf_ok"] is False and second["wait"] > 0
