"""``totalacces sync datainclusion`` against recorded answers shaped like the data·inclusion API v1
(``pagination.Page``: items, total, page, size, pages; Bearer token), on SQLite and PostgreSQL:
paging, retries, a source that fails halfway, the close guard, the lock, which value wins."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.models import Structure, StructureSource, SyncLock, SyncRun
from backend.sync import datainclusion
from backend.sync import engine as sync
from backend.sync.http import PoliteClient, SourceError

NOW = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)


def item(n: int, **extra: Any) -> dict[str, Any]:
    """A structure as data·inclusion gives it (schema v1 field names)."""
    base = {
        "id": f"france-travail--ml-{n}",
        "source": "france-travail",
        "nom": f"Mission locale des Quais {n}",
        "siret": None,
        "adresse": f"{n} rue de la République",
        "complement_adresse": None,
        "code_postal": "69002",
        "code_insee": "69382",
        "commune": "Lyon",
        "latitude": 45.7578,
        "longitude": 4.8351,
        "telephone": "+33478000000"[: -len(str(n))] + str(n),
        "courriel": f"contact{n}@ml.example.org",
        "site_web": None,
        "horaires_accueil": "Mo-Fr 09:00-12:00,14:00-17:00; PH off",
        "description": None,
        "date_maj": "2026-11-20",
        "reseaux_porteurs": ["mission-locale"],
        "lien_source": None,
    }
    base.update(extra)
    return base


class FakeSource:
    """Answers like the API: the items of one network, paged; scripted failures."""

    def __init__(self, items: list[dict[str, Any]], size: int = 2) -> None:
        self.items, self.size = items, size
        self.fail: Callable[[httpx.Request], httpx.Response | None] = lambda r: None
        self.seen: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.seen.append(request)
        if request.headers.get("Authorization") != "Bearer jeton-de-test":
            return httpx.Response(401, json={"detail": "Not authenticated"})
        failed = self.fail(request)
        if failed is not None:
            return failed
        network = request.url.params["reseaux_porteurs"]
        page, size = int(request.url.params["page"]), int(request.url.params["size"])
        mine = [i for i in self.items if network in i["reseaux_porteurs"]]
        chunk = mine[(page - 1) * size : page * size]
        pages = -(-len(mine) // size) if mine else 0
        body = {
            "items": chunk,
            "total": len(mine),
            "page": page,
            "size": len(chunk),
            "pages": pages,
        }
        return httpx.Response(200, json=body)


def make_client(source: FakeSource, token: str = "jeton-de-test") -> PoliteClient:
    http = datainclusion.client(
        token, "https://source.test", transport=httpx.MockTransport(source), sleep=lambda s: None
    )
    return http


def run(db: Any, source: FakeSource, **options: Any) -> sync.SyncReport:
    http = make_client(source)
    try:
        return sync.run(
            db,
            datainclusion.NAME,
            "data·inclusion",
            datainclusion.LICENCE,
            lambda: datainclusion.fetch(http, page_size=source.size),
            now=options.pop("now", NOW),
            **options,
        )
    finally:
        http.close()


def places(db: Any) -> list[Structure]:
    with Session(db) as session:
        return list(session.scalars(select(Structure).order_by(Structure.id)))


def test_pages_are_read_to_the_end_and_rows_become_places_with_their_provenance(db: Any) -> None:
    source = FakeSource([item(n) for n in range(1, 6)], size=2)
    report = run(db, source)
    assert report.fetched == 5 and report.added == 5 and not report.rejected
    pages = [
        r.url.params["page"]
        for r in source.seen
        if r.url.params["reseaux_porteurs"] == "mission-locale"
    ]
    assert pages == ["1", "2", "3"]  # 5 items, 2 a page
    first = places(db)[0]
    assert first.kind == "mission_locale" and first.phone == "04 78 00 00 01"
    assert first.opening_hours == "Mo-Fr 09:00-12:00,14:00-17:00; PH off"
    assert first.coord_precision == "address" and first.code_insee == "69382"
    assert first.source == "data·inclusion" and first.source_date == "2026-11-20"
    assert first.verified and first.dataset == "sync:datainclusion"
    with Session(db) as session:
        link = session.scalars(select(StructureSource)).first()
        assert link is not None and link.source_id == "france-travail--ml-1"
        assert link.source_updated_at == "2026-11-20"
        stored = session.scalars(select(SyncRun)).one()
        assert stored.status == "done" and stored.added == 5 and stored.fetched == 5
        assert json.loads(stored.report or "{}")["licence"] == datainclusion.LICENCE
    again = run(db, source)  # a second run changes nothing, and says so
    assert (again.added, again.changed, again.unchanged, again.closed) == (0, 0, 5, 0)


def test_a_bad_row_is_rejected_with_its_reason_and_unreadable_hours_are_dropped(db: Any) -> None:
    rows = [
        item(1),
        item(2, code_insee=None, commune="Nulle-Part-sur-Rien", code_postal=None),
        item(3, nom=""),
        item(4, horaires_accueil="le matin surtout"),
    ]
    report = run(db, FakeSource(rows))
    assert dict(report.rejected) == {
        "france-travail--ml-2": "commune inconnue de Total Accès",
        "france-travail--ml-3": "nom manquant",
    }
    assert report.added == 2
    kept = {p.name: p for p in places(db)}
    assert kept["Mission locale des Quais 4"].opening_hours is None
    assert any("horaires illisibles" in n for n in report.notes)
    assert any("rejetée france-travail--ml-2 : commune inconnue" in line for line in report.lines())


def test_retries_after_a_429_and_a_source_failing_halfway_changes_nothing(db: Any) -> None:
    source = FakeSource([item(n) for n in range(1, 6)], size=2)
    answered: list[int] = []

    def busy_then_ok(request: httpx.Request) -> httpx.Response | None:
        if not answered:
            answered.append(1)
            return httpx.Response(429, headers={"Retry-After": "1"})
        return None

    source.fail = busy_then_ok
    assert run(db, source).added == 5  # the 429 was retried
    before = [(p.id, p.phone) for p in places(db)]
    broken = FakeSource([item(n, telephone="+33499999999") for n in range(1, 6)], size=2)
    broken.fail = lambda r: httpx.Response(500) if r.url.params["page"] == "2" else None
    with pytest.raises(SourceError):
        run(db, broken)
    assert [(p.id, p.phone) for p in places(db)] == before  # nothing half-written
    with Session(db) as session:
        statuses = session.scalars(select(SyncRun.status).order_by(SyncRun.id)).all()
        assert statuses == ["done", "failed"]
        assert session.get(SyncLock, sync.LOCK) is None  # the lock is given back


def test_a_missing_or_refused_token_says_what_to_do() -> None:
    with pytest.raises(datainclusion.MissingToken) as missing:
        datainclusion.client(None)
    assert datainclusion.TOKEN_SETTING in str(missing.value)
    http = datainclusion.client(
        "mauvais", "https://source.test", transport=httpx.MockTransport(FakeSource([])),
        sleep=lambda s: None,
    )  # fmt: skip
    with pytest.raises(SourceError, match="accès refusé"):
        list(datainclusion.fetch(http))


def test_places_gone_from_the_source_are_closed_but_a_mass_closing_asks_for_force(db: Any) -> None:
    run(db, FakeSource([item(n) for n in range(1, 11)]))
    assert len(places(db)) == 10
    one_gone = run(db, FakeSource([item(n) for n in range(1, 10)]))
    assert one_gone.closed == 1
    closed = [p for p in places(db) if p.status == "closed"]
    assert [p.name for p in closed] == ["Mission locale des Quais 10"]
    assert "N'apparaît plus dans data·inclusion" in (closed[0].verification_note or "")
    with pytest.raises(sync.SyncRefused, match="--force"):
        run(db, FakeSource([item(1)]))  # 8 of 9 gone: a broken source, not 8 closings
    assert len([p for p in places(db) if p.status == "active"]) == 9
    forced = run(db, FakeSource([item(1)]), force=True)
    assert forced.closed == 8
    back = run(db, FakeSource([item(n) for n in range(1, 11)]))  # listed again: reopened
    assert back.changed == 9 and all(p.status == "active" for p in places(db))


def test_dry_run_reports_and_writes_nothing(db: Any) -> None:
    report = run(db, FakeSource([item(n) for n in range(1, 4)]), dry_run=True)
    assert report.added == 3 and report.lines()[0].startswith("Essai (rien n'est enregistré)")
    assert places(db) == []


def test_two_syncs_never_run_at_once(db: Any) -> None:
    with Session(db) as session:
        session.add(SyncLock(name=sync.LOCK, acquired_at=NOW))  # another source's run, say
        session.commit()
    with pytest.raises(sync.SyncLocked, match="tourne déjà"):
        run(db, FakeSource([item(1)]))
    assert places(db) == []
    # A lock left by a run killed hours ago does not block for ever.
    assert run(db, FakeSource([item(1)]), now=NOW.replace(hour=18)).added == 1


def _existing(db: Any, **values: Any) -> int:
    base = dict(
        dataset="annuaire_2019", external_id="annuaire-1", kind="mission_locale",
        name="Mission locale des Quais 1", address="1 rue de la République", postcode="69002",
        commune="Lyon 2e Arrondissement", code_insee="69382", departement="69", lat=45.75,
        lon=4.83, coord_precision="commune", phone="04 72 00 00 00", source="Annuaire 2019",
        licence="Licence Ouverte", source_date="2019-07", verified=False, status="active",
    )  # fmt: skip
    base.update(values)
    with Session(db) as session:
        row = Structure(**base)
        session.add(row)
        session.commit()
        return row.id


def test_the_same_place_from_another_dataset_is_merged_and_the_newer_source_wins(db: Any) -> None:
    old = _existing(db)
    report = run(db, FakeSource([item(1)]))
    assert report.added == 0 and report.changed == 1
    (merged,) = places(db)
    assert merged.id == old and merged.phone == "04 78 00 00 01"  # 2026-11 beats 2019-07
    assert merged.coord_precision == "address" and merged.source_date == "2026-11-20"
    with Session(db) as session:
        assert session.scalars(select(StructureSource.structure_id)).all() == [old]


def test_a_counselors_fresh_confirmation_wins_over_the_source(db: Any) -> None:
    _existing(
        db,
        phone="04 72 11 11 11",
        source="Confirmé par la structure sur Total Accès",
        source_date="2026-12-01",
        verified=True,
    )
    run(db, FakeSource([item(1, date_maj="2026-12-02")]))
    (kept,) = places(db)
    assert kept.phone == "04 72 11 11 11"  # the counselor's number stays


def test_merged_by_siret_even_under_another_name(db: Any) -> None:
    old = _existing(db, siret="13002526500013", name="ML Lyon Centre")
    run(db, FakeSource([item(1, siret="13002526500013")]))
    assert [p.id for p in places(db)] == [old]


def test_the_bundled_import_keeps_what_a_live_source_or_a_counselor_changed(db: Any) -> None:
    """A re-import of the 2019 directory does not put back an old phone over a newer one."""
    from backend.importer import _kept_places

    old = _existing(db)
    run(db, FakeSource([item(1)]))
    with db.connect() as conn:
        assert _kept_places(conn, "annuaire_2019") == {"annuaire-1"}
    assert [p.id for p in places(db)] == [old]


def test_phones_are_written_the_french_way() -> None:
    assert sync.phone_text("+33 4 78 12 34 56") == "04 78 12 34 56"
    assert sync.phone_text("04.78.12.34.56") == "04 78 12 34 56"
    assert sync.phone_text("+262 262 12 34 56") == "02 62 12 34 56"
    assert sync.phone_text("12") is None


def test_the_command_runs_a_sync_and_prints_its_report(tmp_path: Any, monkeypatch: Any) -> None:
    from typer.testing import CliRunner

    from totalacces.cli import app

    source = FakeSource([item(1), item(2)])
    real = datainclusion.client

    def recorded(token: str | None, base_url: str = "", **options: Any) -> PoliteClient:
        return real(token, base_url, transport=httpx.MockTransport(source), sleep=lambda s: None)

    monkeypatch.setattr(datainclusion, "client", recorded)
    monkeypatch.setenv("TOTALACCES_DATABASE_URL", f"sqlite:///{tmp_path / 'sync.db'}")
    monkeypatch.delenv(datainclusion.TOKEN_SETTING, raising=False)
    refused = CliRunner().invoke(app, ["sync", "datainclusion"])
    assert refused.exit_code == 2 and datainclusion.TOKEN_SETTING in refused.output
    monkeypatch.setenv(datainclusion.TOKEN_SETTING, "jeton-de-test")
    done = CliRunner().invoke(app, ["sync", "datainclusion", "--dry-run", "--no-geocode"])
    assert done.exit_code == 0, done.output
    assert (
        "Essai (rien n'est enregistré) : datainclusion : 2 lignes lues, 2 lieux ajoutés"
        in done.output
    )


# --- BAN geocoding (geopy's BANFrance against a local server shaped like /search/) -----------


class _Ban:
    """A local server answering like the BAN's /search/: a GeoJSON FeatureCollection."""

    def __init__(self) -> None:
        import http.server
        import threading

        self.answers: list[tuple[int, dict[str, Any]]] = []
        self.queries: list[str] = []
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
                from urllib.parse import parse_qs, urlparse

                outer.queries.append(parse_qs(urlparse(self.path).query)["q"][0])
                status, body = outer.answers.pop(0) if outer.answers else (200, _features())
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.domain = f"127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def _features(score: float = 0.93, city: str = "Lyon", postcode: str = "69002") -> dict[str, Any]:
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [4.8322, 45.7601]},
                "properties": {
                    "label": f"1 Rue de la République {postcode} {city}",
                    "score": score,
                    "city": city,
                    "postcode": postcode,
                    "citycode": "69382",
                },
            }
        ],
    }


@pytest.fixture()
def ban() -> Any:
    server = _Ban()
    yield server
    server.close()


def test_an_address_without_a_point_is_placed_at_its_door_when_the_ban_is_sure(
    db: Any, ban: Any
) -> None:
    from backend.sync.ban import BanGeocoder

    geocode = BanGeocoder(ban.domain, scheme="http", sleep=lambda s: None)
    ban.answers = [(200, _features(0.93)), (200, _features(0.41))]
    rows = [item(1, latitude=None, longitude=None), item(2, latitude=None, longitude=None)]
    run(db, FakeSource(rows), geocode=geocode)
    first, second = places(db)
    assert ban.queries[0] == "1 rue de la République, 69002 Lyon"
    assert first.coord_precision == "address" and first.lat == pytest.approx(45.7601)
    assert second.coord_precision == "commune"  # score 0.41: the commune point stays


def test_the_ban_failing_or_naming_another_commune_keeps_the_commune_point(ban: Any) -> None:
    from backend.sync.ban import BanGeocoder

    geocode = BanGeocoder(ban.domain, scheme="http", retries=1, sleep=lambda s: None)
    ban.answers = [(503, {}), (200, _features(0.95))]
    assert geocode("1 rue de la République", "69002", "Lyon") == pytest.approx(
        (45.7601, 4.8322, 0.95)
    )  # retried after the 503
    ban.answers = [(200, _features(0.99, city="Villeurbanne", postcode="69100"))]
    assert geocode("1 rue de la République", "69002", "Lyon") is None
    ban.answers = [(503, {}), (503, {})]
    assert geocode("1 rue de la République", "69002", "Lyon") is None
    ban.answers = [(200, {"type": "FeatureCollection", "features": []})]
    assert geocode("nulle part", None, "Lyon") is None


def test_the_tokens_are_settings_that_are_never_printed(monkeypatch: Any) -> None:
    from backend.settings import Settings

    monkeypatch.setenv(datainclusion.TOKEN_SETTING, "jeton-tres-secret")
    monkeypatch.setenv("TOTALACCES_LBA_TOKEN", "autre-jeton-secret")
    settings = Settings()
    assert settings.secret("datainclusion_token") == "jeton-tres-secret"
    assert settings.secret("lba_token") == "autre-jeton-secret"
    assert "secret" not in repr(settings) and "secret" not in str(settings.model_dump())


def test_the_open_data_export_is_read_without_a_token(tmp_path: Any, monkeypatch: Any) -> None:
    from typer.testing import CliRunner

    from totalacces.cli import app

    export = tmp_path / "structures.json"
    other = item(3, reseaux_porteurs=["banques-alimentaires"])  # not a network of ours
    export.write_text(json.dumps([item(1), item(2), other]), encoding="utf-8")
    assert [r.source_id for r in datainclusion.fetch_file(export)] == [
        "france-travail--ml-1",
        "france-travail--ml-2",
    ]
    monkeypatch.setenv("TOTALACCES_DATABASE_URL", f"sqlite:///{tmp_path / 'file.db'}")
    monkeypatch.delenv(datainclusion.TOKEN_SETTING, raising=False)
    done = CliRunner().invoke(app, ["sync", "datainclusion", "--file", str(export), "--no-geocode"])
    assert done.exit_code == 0, done.output
    assert "datainclusion : 2 lignes lues, 2 lieux ajoutés" in done.output
    (tmp_path / "broken.json").write_text("{pas du json", encoding="utf-8")
    with pytest.raises(SourceError):
        list(datainclusion.fetch_file(tmp_path / "broken.json"))
