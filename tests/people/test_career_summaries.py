"""Career summaries written by Total Accès say so until a counselor confirms them, on SQLite and
PostgreSQL: the API detail and its speech, who may confirm, a confirmation tied to the text read,
a rewritten text unconfirmed again, the audit entry; and the migration that holds them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import inspect, select
from starlette.testclient import TestClient

from backend.db import make_engine, migrate
from backend.importer import import_all
from backend.people.models import AuditEntry
from backend.services.summaries import text_hash
from tests.backend.fixture_data import make_data_dir
from tests.backend.test_sectors_and_milo import alembic_config
from tests.people.conftest import World, bearer, build_app

SUMMARY = "Vous soudez des pièces de métal."
WRITTEN_NOTE = "Résumé rédigé par Total Accès, pas encore relu par un conseiller."


def _import(world: World, folder: Path, summary: str = SUMMARY) -> None:
    data = make_data_dir(folder, [])  # the careers only (the world has its structures)
    (data / "career_summaries_fr.yaml").write_text(f"H2913: {summary}\n", encoding="utf-8")
    report = import_all(world.engine, data)
    assert report.ok, list(report.lines())


@pytest.fixture
def app_client(world: World, tmp_path: Path) -> Iterator[TestClient]:
    _import(world, tmp_path / "data")
    with TestClient(build_app(world.url), base_url="https://testserver") as client:
        yield client


def test_a_summary_says_it_was_written_by_total_acces_in_fields_and_speech(
    app_client: TestClient,
) -> None:
    body = app_client.get("/api/v1/careers/H2913").json()
    assert body["summary"] == SUMMARY
    assert body["summary_author"] == "total_acces"
    assert body["summary_reviewed_at"] is None
    assert body["summary_note"] == WRITTEN_NOTE
    assert WRITTEN_NOTE in body["speech"]
    bare = app_client.get("/api/v1/careers/H2902").json()  # no summary: nothing to attribute
    assert bare["summary"] is None and bare["summary_author"] is None
    assert bare["summary_note"] is None


def test_a_counselor_confirms_the_text_they_read_and_every_reader_is_told(
    app_client: TestClient, world: World
) -> None:
    listed = app_client.get("/api/v1/career-summaries", headers=bearer(world, "counselor"))
    assert listed.status_code == 200
    (item,) = [i for i in listed.json()["items"] if i["code"] == "H2913"]
    assert item["reviewed"] is False and item["text_sha256"] == text_hash(SUMMARY)
    detail = app_client.get("/api/v1/career-summaries/H2913", headers=bearer(world, "counselor"))
    assert detail.json()["problems"] == ["1 phrase(s) : il en faut de 2 à 4"]
    assert detail.json()["job_titles"] == ["Soudeur / Soudeuse à l'arc"]

    done = app_client.post(
        "/api/v1/career-summaries/h2913/review",
        json={"text_sha256": item["text_sha256"]},
        headers=bearer(world, "counselor"),
    )
    assert done.status_code == 200, done.text
    assert done.json()["summary_author"] == "counselor"

    body = app_client.get("/api/v1/careers/H2913").json()
    assert body["summary_author"] == "counselor"
    assert body["summary_reviewed_at"] is not None
    assert body["summary_note"].startswith("Résumé rédigé par Total Accès, relu par un conseiller le ")
    assert "pas encore relu" not in body["speech"]
    still = app_client.get("/api/v1/career-summaries", headers=bearer(world, "counselor")).json()
    assert "H2913" not in {i["code"] for i in still["items"]}  # nothing left to read there
    with world.session() as session:
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "career_summary.confirm")
        ).one()
        assert (entry.account_id, entry.object_ref) == (world.counselor_id, "H2913")


def test_only_staff_confirm_and_only_the_text_they_read(
    app_client: TestClient, world: World
) -> None:
    good = {"text_sha256": text_hash(SUMMARY)}
    url = "/api/v1/career-summaries/H2913/review"
    assert app_client.post(url, json=good).status_code == 401
    employer = app_client.post(url, json=good, headers=bearer(world, "employer"))
    assert employer.status_code == 403
    stale = app_client.post(url, json={"text_sha256": "0" * 64}, headers=bearer(world, "counselor"))
    assert stale.status_code == 409 and "relisez-le" in stale.json()["detail"]
    missing = app_client.post(
        "/api/v1/career-summaries/H2902/review", json=good, headers=bearer(world, "admin")
    )
    assert missing.status_code == 404  # no summary to confirm
    assert app_client.get("/api/v1/careers/H2913").json()["summary_author"] == "total_acces"


def test_a_rewritten_summary_is_unconfirmed_again_after_the_import(
    app_client: TestClient, world: World, tmp_path: Path
) -> None:
    app_client.post(
        "/api/v1/career-summaries/H2913/review",
        json={"text_sha256": text_hash(SUMMARY)},
        headers=bearer(world, "counselor"),
    )
    assert app_client.get("/api/v1/careers/H2913").json()["summary_author"] == "counselor"
    _import(world, tmp_path / "again", summary="Vous assemblez des pièces de métal. Au chaud.")
    body = app_client.get("/api/v1/careers/H2913").json()
    assert body["summary"] == "Vous assemblez des pièces de métal. Au chaud."
    assert body["summary_author"] == "total_acces" and body["summary_note"] == WRITTEN_NOTE
    _import(world, tmp_path / "back")  # the confirmed text again: its confirmation holds
    assert app_client.get("/api/v1/careers/H2913").json()["summary_author"] == "counselor"


def test_the_reviews_migration_goes_up_and_down(db_url: str) -> None:
    engine = make_engine(db_url)
    migrate(engine)
    with engine.connect() as conn:
        assert "career_summary_reviews" in inspect(conn).get_table_names()
    with engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0200_activity_sectors_milo")
    with engine.connect() as conn:
        assert "career_summary_reviews" not in inspect(conn).get_table_names()
    migrate(engine)
    with engine.connect() as conn:
        assert "career_summary_reviews" in inspect(conn).get_table_names()
    engine.dispose()
