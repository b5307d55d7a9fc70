"""Sessions that end and a lockout that holds, on SQLite and PostgreSQL.

- Every logout path (web "Se déconnecter", API logout) revokes the session row: the same cookie,
  replayed by another client, gets the login page and a 401.
- Simultaneous wrong passwords, from threads and from two processes, get at most
  ``login_max_failures`` passwords checked; then even the right password is refused.
- An unknown address and a locked account get the very same answer as a wrong password.
"""

from __future__ import annotations

import multiprocessing
import threading
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select, update
from starlette.testclient import TestClient

from backend.people import security
from backend.people.config import PeopleSettings
from backend.people.models import Account, AuthSecret
from backend.people.services import accounts
from tests.people.conftest import PASSWORD, World, build_app, relaxed_settings
from tests.web.csrf import form_token, token_in

LOGIN = "/espace-pro/connexion"
COUNSELOR = "counselor@example.invalid"
LOCK = PeopleSettings(login_max_failures=5, login_lock_seconds=900)


def _web_sign_in(client: TestClient, email: str = COUNSELOR, password: str = PASSWORD) -> Any:
    token = form_token(client, LOGIN)
    return client.post(
        LOGIN,
        data={"email": email, "mot_de_passe": password, "csrf_token": token},
        follow_redirects=False,
    )


def _replay(app: Any, cookie: str) -> tuple[Any, Any]:
    """What a second client holding the copied cookie gets: the dashboard page and /auth/me."""
    with TestClient(app, base_url="https://testserver", cookies={"ta_session": cookie}) as other:
        page = other.get("/espace-pro/offres", follow_redirects=False)
        me = other.get("/api/v1/auth/me")
    return page, me


def _session_rows(world: World) -> list[AuthSecret]:
    with world.session() as session:
        return list(session.scalars(select(AuthSecret).where(AuthSecret.kind == "session")))


def test_web_logout_ends_the_session_for_a_replayed_cookie(world: World) -> None:
    app = build_app(world.url)
    with TestClient(app, base_url="https://testserver") as client:
        assert _web_sign_in(client).status_code == 303
        cookie = client.cookies["ta_session"]
        page, me = _replay(app, cookie)  # before logout, the copied cookie works
        assert page.status_code == 200 and me.status_code == 200
        csrf = token_in(client.get("/espace-pro/rappels").text)
        out = client.post(
            "/espace-pro/deconnexion", data={"csrf_token": csrf}, follow_redirects=False
        )
        assert out.status_code == 303 and out.headers["location"] == LOGIN
    page, me = _replay(app, cookie)
    assert page.status_code == 303 and page.headers["location"] == LOGIN
    assert me.status_code == 401
    rows = _session_rows(world)
    assert len(rows) == 1 and rows[0].revoked_at is not None


def test_api_logout_ends_the_session_for_a_replayed_cookie(world: World) -> None:
    app = build_app(world.url)
    with TestClient(app, base_url="https://testserver") as client:
        r = client.post("/api/v1/auth/login", json={"email": COUNSELOR, "password": PASSWORD})
        assert r.status_code == 200
        cookie = client.cookies["ta_session"]
        r = client.post("/api/v1/auth/logout", headers={"X-CSRF-Token": r.json()["csrf_token"]})
        assert r.status_code == 204
    page, me = _replay(app, cookie)
    assert page.status_code == 303 and me.status_code == 401
    assert all(row.revoked_at is not None for row in _session_rows(world))


def test_a_revoked_session_row_is_not_revoked_again(world: World) -> None:
    """revoke() works on a row loaded by a session that is closed (as a request caches it)."""
    with world.session() as session:
        account = session.get(Account, world.counselor_id)
        _secret, row = accounts.create_secret(session, account, "session", LOCK)
        session.commit()
    # ``row`` is detached now; revoking it through another session reaches the database
    with world.session() as session:
        accounts.revoke(session, row)
        session.commit()
    with world.session() as session:
        first = session.get(AuthSecret, row.id).revoked_at
        assert first is not None
        accounts.revoke(session, session.get(AuthSecret, row.id))
        session.commit()
        assert session.get(AuthSecret, row.id).revoked_at == first


# --------------------------------------------------------------------------------------------
# Lockout
# --------------------------------------------------------------------------------------------


class CheckCounter:
    """Wraps ``security.verify_password``: counts the checks against a real password hash."""

    def __init__(self) -> None:
        self.real = 0
        self._lock = threading.Lock()
        self._original = security.verify_password

    def __call__(self, password_hash: str | None, password: str) -> bool:
        if password_hash is not None:
            with self._lock:
                self.real += 1
        return self._original(password_hash, password)


def _guess_together(
    factory: Any, email: str, passwords: list[str], settings: PeopleSettings
) -> list[Any]:
    barrier = threading.Barrier(len(passwords))
    results: list[Any] = [None] * len(passwords)

    def one(i: int) -> None:
        barrier.wait()
        with factory() as session:
            found = accounts.authenticate(session, email, passwords[i], settings)
            results[i] = found.id if found is not None else None

    threads = [threading.Thread(target=one, args=(i,)) for i in range(len(passwords))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results


def _account(world: World) -> Account:
    with world.session() as session:
        account = session.scalar(select(Account).where(Account.email == COUNSELOR))
        assert account is not None
        session.expunge(account)
        return account


def test_forty_simultaneous_wrong_passwords_check_at_most_five(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    counter = CheckCounter()
    monkeypatch.setattr(security, "verify_password", counter)
    results = _guess_together(world.factory, COUNSELOR, ["mauvais mot de passe"] * 40, LOCK)
    assert results == [None] * 40
    assert 1 <= counter.real <= 5
    locked = _account(world)
    assert locked.locked_until is not None
    # locked: even the right password is refused, and it is not checked
    with world.session() as session:
        assert accounts.authenticate(session, COUNSELOR, PASSWORD, LOCK) is None
    assert counter.real <= 5


def test_the_right_password_among_the_first_guesses_opens_and_resets(world: World) -> None:
    with world.session() as session:
        for _ in range(4):
            assert accounts.authenticate(session, COUNSELOR, "mauvais", LOCK) is None
        assert accounts.authenticate(session, COUNSELOR, PASSWORD, LOCK) is not None
    account = _account(world)
    assert account.failed_logins == 0 and account.locked_until is None
    with world.session() as session:  # the count starts again: four more wrong ones do not lock
        for _ in range(4):
            assert accounts.authenticate(session, COUNSELOR, "mauvais", LOCK) is None
        assert accounts.authenticate(session, COUNSELOR, PASSWORD, LOCK) is not None


def test_an_expired_lock_lets_the_right_password_in(world: World) -> None:
    with world.session() as session:
        session.execute(
            update(Account)
            .where(Account.email == COUNSELOR)
            .values(failed_logins=5, locked_until=datetime.now(UTC) - timedelta(seconds=1))
        )
        session.commit()
        assert accounts.authenticate(session, COUNSELOR, PASSWORD, LOCK) is not None


def _guess_in_process(url: str, start_at: float, threads: int, out: Any) -> None:
    """In a child process: ``threads`` wrong passwords at ``start_at``; puts the real checks."""
    from backend.db import make_engine, make_session_factory

    engine = make_engine(url)
    counter = CheckCounter()
    security.verify_password = counter  # type: ignore[assignment]
    time.sleep(max(0.0, start_at - time.time()))
    _guess_together(make_session_factory(engine), COUNSELOR, ["mauvais"] * threads, LOCK)
    engine.dispose()
    out.put(counter.real)


def test_two_processes_guessing_at_once_check_at_most_five(world: World) -> None:
    ctx = multiprocessing.get_context("spawn")
    out = ctx.Queue()
    start_at = time.time() + 4.0  # both children are imported and connected by then
    procs = [
        ctx.Process(target=_guess_in_process, args=(world.url, start_at, 20, out)) for _ in range(2)
    ]
    for p in procs:
        p.start()
    checks = [out.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(30)
        assert p.exitcode == 0
    assert 1 <= sum(checks) <= 5, checks
    assert _account(world).locked_until is not None


def _answers(client: TestClient, email: str, password: str) -> tuple[int, str, str | None]:
    r = client.post("/api/v1/auth/login", json={"email": email, "password": password})
    return r.status_code, r.json()["detail"], r.headers.get("retry-after")


def test_unknown_and_locked_accounts_get_the_same_answer_as_a_wrong_password(
    world: World,
) -> None:
    settings = relaxed_settings(login_max_failures=3, login_lock_seconds=600)
    app = build_app(world.url, settings)
    with TestClient(app, base_url="https://testserver") as c:
        wrong = _answers(c, COUNSELOR, "mauvais mot de passe")
        for _ in range(2):
            _answers(c, COUNSELOR, "mauvais mot de passe")
        locked = _answers(c, COUNSELOR, PASSWORD)  # the right one, but locked now
        unknown = _answers(c, "personne@example.invalid", "mauvais mot de passe")
        assert wrong == locked == unknown
        assert wrong[0] == 401 and "3 essais" in wrong[1] and "10 min" in wrong[1]
        assert wrong[1] == accounts.bad_login_message(settings)
        # the web login page says the same, for the three cases
        pages = []
        for email, password in (
            (COUNSELOR, "mauvais"),
            (COUNSELOR, PASSWORD),
            ("personne@example.invalid", "mauvais"),
        ):
            page = _web_sign_in(c, email, password)
            pages.append((page.status_code, page.text.count("est bloqué 10 min")))
        assert pages[0] == pages[1] == pages[2]
        assert pages[0][0] == 422 and pages[0][1] >= 1
