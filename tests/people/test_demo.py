"""``totalacces demo``: a newcomer can try the whole flow on demonstration accounts, labelled as
such wherever they show; a young person routed to one is told nobody will really call back; a
real deployment has none (on SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update
from starlette.testclient import TestClient
from typer.testing import CliRunner

from backend.people.models import Account
from backend.people.services import demo
from backend.people.services.participation import DEMO_NOTE
from tests.people.conftest import World, callback_body


def _only_demo_at_lyon(world: World) -> None:
    """The real counselors of Lyon leave: only the demo one of the Mission locale stays."""
    with world.session() as session:
        session.execute(
            update(Account)
            .where(Account.id.in_([world.counselor_id, world.other_counselor_id]))
            .values(active=False)
        )
        session.commit()


def test_demo_accounts_are_created_once_with_passwords_shown_only_then(world: World) -> None:
    with world.session() as session:
        made = demo.create_demo(session)
    counselors = [a for a in made if a.role == "counselor"]
    assert [a.structure for a in counselors] == ["Mission locale de test Lyon (Lyon)"]
    assert [a.role for a in made].count("employer") == 1
    assert all(a.password and len(a.password) >= 16 for a in made)
    with world.session() as session:
        again = demo.create_demo(session)
        stored = session.scalars(select(Account).where(Account.demo.is_(True))).all()
    assert [a.email for a in again] == [a.email for a in made]
    assert all(a.password is None for a in again)  # never shown twice, never changed
    assert sorted(a.email for a in stored) == sorted(a.email for a in made)
    assert all(a.email.endswith("@demo.totalacces.invalid") for a in stored)


def test_a_request_read_only_by_demo_accounts_says_so_on_every_answer(
    client: TestClient, world: World
) -> None:
    _only_demo_at_lyon(world)
    with world.session() as session:
        demo.create_demo(session)
    coverage = client.get("/api/v1/callbacks/coverage", params={"code_insee": "69383"}).json()
    assert coverage["taken"] is True and coverage["demo"] is True
    assert DEMO_NOTE in coverage["speech"]
    created = client.post("/api/v1/callbacks", json=callback_body())
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["demo"] is True and "personne ne vous rappellera vraiment" in body["speech"]
    place = client.get("/api/v1/structures/1").json()
    assert place["takes_part"] is True and place["takes_part_demo"] is True
    assert "seulement en démonstration" in place["speech"]
    listed = client.get("/api/v1/structures", params={"place": "69383", "kind": "mission_locale"})
    first = listed.json()["items"][0]
    assert first["id"] == 1 and first["takes_part_demo"] is True


def test_a_real_counselor_beside_a_demo_one_makes_the_place_real(
    client: TestClient, world: World
) -> None:
    with world.session() as session:
        demo.create_demo(session)
    body = client.post("/api/v1/callbacks", json=callback_body()).json()
    assert body["demo"] is False and DEMO_NOTE not in body["speech"]
    assert client.get("/api/v1/structures/1").json()["takes_part_demo"] is False


def test_removing_the_demo_leaves_nobody_to_read_requests(client: TestClient, world: World) -> None:
    _only_demo_at_lyon(world)
    with world.session() as session:
        demo.create_demo(session)
    assert client.get("/api/v1/structures/1").json()["takes_part"] is True
    with world.session() as session:
        assert demo.remove_demo(session) == 2
        assert session.scalars(select(Account).where(Account.demo.is_(True))).all() == []
    assert client.get("/api/v1/structures/1").json()["takes_part"] is False
    refused = client.post("/api/v1/callbacks", json=callback_body(topic="job"))
    assert refused.status_code == 409, refused.text


@pytest.fixture
def cli_env(world: World, monkeypatch: pytest.MonkeyPatch) -> World:
    monkeypatch.setenv("TOTALACCES_DATABASE_URL", world.url)
    return world


def test_the_command_prints_each_password_once_and_a_summary(cli_env: World) -> None:
    from totalacces.cli import app

    runner = CliRunner()
    first = runner.invoke(app, ["demo"])
    assert first.exit_code == 0, first.output
    lines = [line for line in first.output.splitlines() if "@demo.totalacces.invalid" in line]
    assert len(lines) == 2 and all("mot de passe : " in line for line in lines)
    assert "Mission locale de test Lyon" in first.output
    assert "2 compte(s) de démonstration, dont 2 créé(s)" in first.output
    second = runner.invoke(app, ["demo"])
    assert "mot de passe : " not in second.output
    assert "dont 0 créé(s)" in second.output
    removed = runner.invoke(app, ["demo", "--remove"])
    assert removed.exit_code == 0 and "supprimés : 2" in removed.output
