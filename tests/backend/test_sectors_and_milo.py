"""ROME activity sectors (import, /sectors, the careers ``sector`` filter, career detail), the
Missions locales cross-check with the 2023 MILO referential, and the migration that adds them.
On SQLite and on PostgreSQL (``db_url`` / ``loaded_db_url``)."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, func, insert, inspect, select

import backend.people.models  # noqa: F401  (the whole schema is on Base.metadata)
from backend import importer, speech
from backend.api import schemas
from backend.db import MIGRATIONS_DIR, make_engine, migrate
from backend.importer import MILO_ABSENT, import_all
from backend.models import (
    ActivitySector,
    Base,
    Career,
    CareerActivitySector,
    Meta,
    Sector,
    Structure,
)
from backend.settings import BUNDLED_DATA_DIR
from tests.backend.fixture_data import activity_sectors, check, make_data_dir, structure

ROOT = Path(__file__).resolve().parents[2]
RAW_TREE = ROOT.parent / "shared/data/raw/rome/unix_arborescence_secteur_activite_v460.json"
DIGITS = re.compile(r"\d")
HEAD = "0200_activity_sectors_milo"
PREVIOUS_HEAD = "0100_people"
#: The newest migration (the career summary reviews, tests/backend/test_career_summaries.py).
LATEST = "0810_offer_apply_url"


def bundled(name: str) -> list[dict[str, str]]:
    text = (BUNDLED_DATA_DIR / name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


SECTOR_ROWS = bundled("activity_sectors.csv")
SECTOR_CODES = {r["code"]: set(r["rome_codes"].split()) for r in SECTOR_ROWS}
CHECK_ROWS = bundled("missions_locales_2023.csv")


def ok(api: Any, url: str, model: Any = None) -> dict[str, Any]:
    r = api.get(url)
    assert r.status_code == 200, r.text
    body = r.json()
    if model is not None:
        model.model_validate(body)
    return body


def all_career_codes(api: Any, query: str) -> list[str]:
    codes: list[str] = []
    while True:
        body = ok(api, f"/api/v1/careers?{query}&limit=50&offset={len(codes)}")
        codes += [i["code"] for i in body["items"]]
        if len(codes) >= body["total"] or not body["items"]:
            assert len(codes) == body["total"]
            return codes


# --- the committed file ------------------------------------------------------------------------


def test_committed_file_has_the_35_sectors_and_their_sub_sectors() -> None:
    kinds = Counter(r["kind"] for r in SECTOR_ROWS)
    assert kinds == {"activity_sector": 35, "sub_sector": 40}
    careers = {r["code"] for r in bundled("careers.csv")}
    parents = {r["code"] for r in SECTOR_ROWS if r["kind"] == "activity_sector"}
    for r in SECTOR_ROWS:
        assert SECTOR_CODES[r["code"]] <= careers and "¼" not in r["label"] + r["definition"]
        assert "½" not in r["definition"]
        if r["kind"] == "sub_sector":
            assert r["parent"] in parents
            assert SECTOR_CODES[r["code"]] <= SECTOR_CODES[r["parent"]]
    assert set().union(*(SECTOR_CODES[c] for c in parents)) == careers  # every career has one


@pytest.mark.skipif(not RAW_TREE.exists(), reason="../shared/data/raw is not next to the project")
def test_committed_file_keeps_every_rome_code_of_the_raw_tree() -> None:
    tree = json.loads(RAW_TREE.read_text(encoding="utf-8"))["arbo_secteur"]
    for sector in tree:
        subs = sector["liste_sous_secteur"]
        listed = {j["code_rome"] for j in sector["liste_metier"]}
        listed |= {j["code_rome"] for s in subs for j in s["liste_metier"]}
        assert SECTOR_CODES[str(sector["code_secteur"])] == listed
        for s in subs:
            assert SECTOR_CODES[str(s["code_sous_secteur"])] == {
                j["code_rome"] for j in s["liste_metier"]
            }


# --- imported data ---------------------------------------------------------------------------


def test_sectors_and_links_are_imported_with_provenance(loaded_db_url: str) -> None:
    engine = make_engine(loaded_db_url)
    with engine.connect() as conn:
        kinds = dict(
            conn.execute(select(ActivitySector.kind, func.count()).group_by(ActivitySector.kind))
            .tuples()
            .all()
        )
        assert kinds == {"activity_sector": 35, "sub_sector": 40}
        links = conn.execute(
            select(CareerActivitySector.sector_code, CareerActivitySector.career_code)
        ).all()
        assert {(s, c) for s, c in links} == {
            (s, c) for s, codes in SECTOR_CODES.items() for c in codes
        }
        assert (
            conn.execute(
                select(func.count())
                .select_from(ActivitySector)
                .where(
                    (ActivitySector.source == "")
                    | (ActivitySector.licence == "")
                    | (ActivitySector.source_date == "")
                )
            ).scalar()
            == 0
        )
        assert conn.execute(select(func.count()).select_from(Sector)).scalar() == 124
    engine.dispose()


def test_reimporting_the_bundled_data_changes_nothing(loaded_db_url: str) -> None:
    engine = make_engine(loaded_db_url)
    report = import_all(engine, BUNDLED_DATA_DIR)
    engine.dispose()
    assert report.ok and report.changed == 0, list(report.lines())


# --- API ---------------------------------------------------------------------------------------


def test_sectors_keep_the_rome_domains_first_then_list_the_activity_sectors(api: Any) -> None:
    body = ok(api, "/api/v1/sectors", schemas.SectorsAnswer)
    items = body["items"]
    old = [(r["code"], r["label"], r["kind"], r["parent"] or None) for r in bundled("sectors.csv")]
    assert [(i["code"], i["label"], i["kind"], i["parent"]) for i in items[:124]] == sorted(old)
    new = items[124:]
    assert Counter(i["kind"] for i in new) == {"activity_sector": 35, "sub_sector": 40}
    parent = None
    for i in new:  # each sector is followed by its sub-sectors
        if i["kind"] == "activity_sector":
            parent = i["code"]
        assert i["parent"] == (None if i["kind"] == "activity_sector" else parent)
        assert i["career_count"] == len(SECTOR_CODES[i["code"]])
    assert body["speech"] == (
        "Quatorze grands domaines, cent dix domaines professionnels, trente-cinq secteurs "
        "d'activité et quarante sous-secteurs."
    )
    only = ok(api, "/api/v1/sectors?kind=activity_sector", schemas.SectorsAnswer)
    assert [i["code"] for i in only["items"]] == [
        i["code"] for i in new if i["kind"] == "activity_sector"
    ]
    assert only["speech"].startswith("Trente-cinq secteurs d'activité. Premier : ")
    both = ok(api, "/api/v1/sectors?kind=sub_sector&kind=activity_sector")
    assert len(both["items"]) == 75


@pytest.mark.parametrize("code", ["99", "139"])
def test_career_filter_by_sector_returns_exactly_the_codes_of_the_file(api: Any, code: str) -> None:
    codes = all_career_codes(api, f"sector={code}")
    assert len(codes) == len(set(codes))
    assert set(codes) == SECTOR_CODES[code] and codes == sorted(codes)
    body = ok(api, f"/api/v1/careers?sector={code}&limit=3", schemas.CareerList)
    noun = "secteur" if code == "99" else "sous-secteur"
    assert body["speech"].startswith(
        f"J'ai trouvé {speech.count_words(len(SECTOR_CODES[code]), False)} métiers dans le {noun} "
    )
    assert len(body["speech"].split()) <= speech.MAX_WORDS


def test_sector_filter_combines_with_words_and_rome_and_takes_rome_domains(api: Any) -> None:
    btp = SECTOR_CODES["99"]
    masons = ok(api, "/api/v1/careers?sector=99&q=macon&limit=50")["items"]
    assert masons and {i["code"] for i in masons} <= btp
    assert "F1703" in {i["code"] for i in masons}
    assert set(all_career_codes(api, "sector=99&rome=F")) == {c for c in btp if c[0] == "F"}
    assert all_career_codes(api, "sector=H29") == all_career_codes(api, "rome=H29")
    none = ok(api, "/api/v1/careers?sector=139&q=infirmier")
    assert none["total"] == 0 and none["speech"].startswith("Je n'ai trouvé aucun métier dans")


@pytest.mark.parametrize(
    ("url", "status", "words"),
    [
        ("/api/v1/careers?sector=abc", 422, "code de secteur"),
        ("/api/v1/careers?sector=12345", 404, "Aucun secteur"),
        ("/api/v1/sectors/12345", 404, "Aucun secteur"),
        ("/api/v1/sectors/a-b", 422, "code de secteur"),
        ("/api/v1/sectors/%20", 422, "/api/v1/sectors"),
        ("/api/v1/sectors?kind=secteur", 422, "n'existe pas"),
    ],
)
def test_sector_errors_are_french_problems(api: Any, url: str, status: int, words: str) -> None:
    r = api.get(url)
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    assert words in r.json()["detail"]


def test_sector_detail_speaks_only_the_first_sentence_of_its_definition(api: Any) -> None:
    defined = [r for r in SECTOR_ROWS if r["definition"]]
    assert len(defined) >= 15
    for row in SECTOR_ROWS:
        body = ok(api, f"/api/v1/sectors/{row['code']}", schemas.SectorDetail)
        assert body["definition"] == (row["definition"] or None)
        assert body["career_count"] == len(SECTOR_CODES[row["code"]])
        assert body["source_date"] and body["licence"]
        text = body["speech"]
        assert len(text.split()) <= speech.MAX_WORDS and not DIGITS.search(text)
        sentences = re.split(r"(?<=[.!?])\s+", row["definition"])
        if len(sentences) > 1:
            assert speech._clean(sentences[1]) not in text
    btp = ok(api, "/api/v1/sectors/99")
    assert [c["code"] for c in btp["children"]] == [
        r["code"] for r in SECTOR_ROWS if r["parent"] == "99"
    ]
    assert btp["speech"].startswith(
        "Bâtiment et travaux publics, secteur d'activité. "
        "Construisez l'avenir avec les métiers du BTP. Quatre-vingt-quinze métiers."
    )
    sub = ok(api, "/api/v1/sectors/139")
    assert sub["parent"] == "99" and sub["parent_label"] == btp["label"]
    assert ok(api, "/api/v1/sectors/H29")["kind"] == "domain"


def test_career_detail_names_its_sectors(api: Any) -> None:
    for code in ("F1704", "A1423", "H2913"):
        body = ok(api, f"/api/v1/careers/{code}", schemas.Career)
        expected = {s for s, codes in SECTOR_CODES.items() if code in codes}
        got = {s["code"] for s in body["activity_sectors"]} | {
            s["code"] for s in body["sub_sectors"]
        }
        assert got == expected
        labels = {r["code"]: r["label"] for r in SECTOR_ROWS}
        assert all(s["label"] == labels[s["code"]] for s in body["activity_sectors"])
        assert len(body["speech"].split()) <= speech.MAX_WORDS
    a1423 = ok(api, "/api/v1/careers/A1423")
    assert len(a1423["activity_sectors"]) == 2
    assert "Secteurs d'activité : " in a1423["speech"]
    assert (
        "Secteur d'activité : Bâtiment et travaux publics."
        in ok(api, "/api/v1/careers/F1704")["speech"]
    )


def test_openapi_documents_the_sector_endpoints(api: Any) -> None:
    paths = ok(api, "/openapi.json")["paths"]
    assert "/api/v1/sectors/{code}" in paths
    params = {p["name"] for p in paths["/api/v1/careers"]["get"]["parameters"]}
    assert {"q", "rome", "sector", "limit", "offset"} <= params


# --- Missions locales cross-check ------------------------------------------------------------


def test_missions_locales_are_checked_against_the_2023_referential(loaded_db_url: str) -> None:
    status = Counter(r["status"] for r in CHECK_ROWS)
    annuaire_ml = [r for r in CHECK_ROWS if r["external_id"]]
    assert status["matched"] + status["ambiguous"] + status["unmatched"] == 620
    matched_codes = {r["milo_code"] for r in CHECK_ROWS if r["status"] == "matched"}
    assert len(matched_codes) + status["only_2023"] == 450  # every 2023 entry is accounted for
    assert status["matched"] > 400  # measured: 450 (see NOTICE.md)
    engine = make_engine(loaded_db_url)
    with engine.connect() as conn:
        rows = {
            r.external_id: r
            for r in conn.execute(
                select(
                    Structure.external_id,
                    Structure.milo_code,
                    Structure.verified,
                    Structure.verification_note,
                ).where(Structure.kind == "mission_locale")
            )
        }
    engine.dispose()
    from_2019 = {k: v for k, v in rows.items() if k.startswith("annuaire2019:")}
    assert len(from_2019) == len(annuaire_ml) == 620
    # The 2023 entries no 2019 row stands for are imported at their seat, "adresse à confirmer".
    seats = {k: v for k, v in rows.items() if k.startswith("milo2023:")}
    placed = {r["milo_code"] for r in CHECK_ROWS if r["status"] == "only_2023"}
    assert {k.split(":", 1)[1] for k in seats} <= placed and len(seats) >= 40
    assert all(not v.verified and "Adresse à confirmer" in v.verification_note for v in seats.values())
    for r in annuaire_ml:
        row = rows[r["external_id"]]
        if r["status"] == "matched":
            assert row.milo_code == r["milo_code"] and row.verified
            assert f"code MILO {r['milo_code']}" in row.verification_note
        elif r["status"] == "ambiguous":
            assert row.milo_code is None and row.verified and "ambiguë" in row.verification_note
        else:
            assert row.milo_code is None and not row.verified
            assert "absente de la liste 2023 : peut avoir fusionné ou fermé" in (
                row.verification_note
            )
    notice = (BUNDLED_DATA_DIR / "NOTICE.md").read_text(encoding="utf-8")
    assert f"**{status['matched']} confirmées**" in notice
    assert f"{status['only_2023']} sur 450" in notice
    imported = next(line for line in notice.splitlines() if "Importées au siège" in line)
    for r in CHECK_ROWS:
        if r["status"] == "only_2023":
            code = r["milo_code"]
            assert (f"- {code} — " in notice) != (f"{code} " in imported)  # listed once


def test_unmatched_mission_locale_is_flagged_in_detail_and_speech(api: Any) -> None:
    unmatched = next(r for r in CHECK_ROWS if r["status"] == "unmatched")
    matched = next(r for r in CHECK_ROWS if r["status"] == "matched")
    found = {}
    for r in (unmatched, matched):
        items = ok(api, "/api/v1/structures?kind=mission_locale&limit=50&q=" + r["name_2019"])
        found[r["status"]] = next(i for i in items["items"] if i["name"] == r["name_2019"])
    flagged = ok(api, f"/api/v1/structures/{found['unmatched']['id']}", schemas.Structure)
    assert not flagged["verified"] and flagged["verification_note"] == MILO_ABSENT
    assert "à vérifier" in flagged["speech"]
    confirmed = ok(api, f"/api/v1/structures/{found['matched']['id']}")
    assert matched["milo_code"] in confirmed["verification_note"]
    # Confirmed in 2023, but the address is from July 2019: older than two years, so not
    # "verified", and the date is said.
    assert not confirmed["verified"] and confirmed["source_date"] == "2019-07"
    assert "infos de juillet deux mille dix-neuf, à vérifier" in confirmed["speech"]


def _build_script() -> Any:
    spec = importlib.util.spec_from_file_location(
        "build_backend_data", ROOT / "scripts/build_backend_data.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_matcher_normalises_names_and_sorts_matches_ambiguities_and_absences(
    tmp_path: Path,
) -> None:
    build = _build_script()
    assert build.milo_norm("18-ML BOURGES MEHUN ST FLORENT") == "bourges mehun saint florent"
    assert build.milo_norm("Mission locale - Lyon - 8e arrondissement") == "lyon"
    entries = [
        {"id": "18033S00", "nom_officiel": "18-ML BOURGES MEHUN ST FLORENT", "nom_usuel": None},
        {"id": "37003S00", "nom_officiel": "37-ML AMBOISE", "nom_usuel": "ML LOIRE TOURAINE"},
        {"id": "37999S00", "nom_officiel": "37-ML LOIRE-TOURAINE", "nom_usuel": None},
        {"id": "37261S00", "nom_officiel": "37-ML TOURS", "nom_usuel": "ML DE TOURAINE SUD"},
    ]
    for e in entries:
        e["code_departement"] = e["id"][:2]
    raw = tmp_path / "raw"
    (raw / "structures").mkdir(parents=True)
    (raw / "structures/missions_locales_referentiel_structures_milo_2023.json").write_text(
        json.dumps(entries), encoding="utf-8"
    )

    def ml(n: int, name: str, dept: str, insee: str = "") -> dict[str, object]:
        return {
            "external_id": f"t:{n}",
            "kind": "mission_locale",
            "name": name,
            "departement": dept,
            "code_insee": insee,
        }

    annuaire = [
        ml(1, "Mission locale - Saint-Florent-sur-Cher", "18"),  # "saint florent": matched
        ml(2, "Mission locale - Bourges", "37"),  # another département: unmatched
        ml(3, "Mission locale - Loire-Touraine", "37"),  # same name twice in 2023: ambiguous
        ml(4, "Mission locale - Chinon (Sud)", "37"),  # shares only "sud" with TOURS: unmatched
        {**ml(5, "CIO de Tours", "37"), "kind": "cio"},  # not a Mission locale: ignored
    ]
    rows, figures = build.build_milo_crosscheck(raw, annuaire)
    assert rows == build.build_milo_crosscheck(raw, annuaire)[0]  # deterministic
    by_id = {r["external_id"]: r for r in rows if r["external_id"]}
    assert (by_id["t:1"]["status"], by_id["t:1"]["milo_code"]) == ("matched", "18033S00")
    assert by_id["t:2"]["status"] == "unmatched"
    assert by_id["t:3"]["status"] == "ambiguous"
    assert by_id["t:3"]["milo_code"].split() == ["37003S00", "37999S00"]
    assert by_id["t:4"]["status"] == "unmatched" and "t:5" not in by_id
    assert sorted(r["milo_code"] for r in rows if r["status"] == "only_2023") == [
        "37003S00",
        "37261S00",
        "37999S00",
    ]
    assert (figures["matched"], figures["ambiguous"], figures["unmatched"]) == (1, 1, 2)


# --- import rules for the new datasets -----------------------------------------------------------


@pytest.fixture()
def engine(db_url: str) -> Engine:
    eng = make_engine(db_url)
    migrate(eng)
    yield eng
    eng.dispose()


def snapshot_of(engine: Engine) -> tuple[Any, ...]:
    with engine.connect() as conn:
        return (
            conn.execute(select(ActivitySector).order_by(ActivitySector.code)).all(),
            conn.execute(
                select(CareerActivitySector).order_by(
                    CareerActivitySector.sector_code, CareerActivitySector.career_code
                )
            ).all(),
            conn.execute(
                select(
                    Structure.external_id,
                    Structure.milo_code,
                    Structure.verified,
                    Structure.verification_note,
                ).order_by(Structure.external_id)
            ).all(),
            conn.execute(select(Meta.value).where(Meta.key == "data_version")).scalar(),
        )


def small(folder: Path, **over: Any) -> Path:
    args: dict[str, Any] = {
        "activity": activity_sectors(),
        "checks": [
            check(1, "matched", "69266S00"),
            check(2, "ambiguous", "69266S00 69383S00"),
            check(3, "unmatched"),
            check(0, "only_2023", "69123S00", external_id=""),
        ],
    }
    args.update(over)
    return make_data_dir(folder, [structure(i) for i in range(1, 5)], **args)


def test_import_of_sectors_and_checks_is_idempotent(engine: Engine, tmp_path: Path) -> None:
    first = import_all(engine, small(tmp_path / "a"))
    assert first.ok, list(first.lines())
    text = "\n".join(first.lines())
    assert "liens métier : 3 ajoutés" in text
    assert "1 confirmée, 1 ambiguë, 1 absente, 1 entrées 2023" in text
    before = snapshot_of(engine)
    by_id = {r.external_id: r for r in before[2]}
    assert (by_id["test:1"].milo_code, by_id["test:1"].verified) == ("69266S00", True)
    assert by_id["test:2"].milo_code is None and "69266S00 ou 69383S00" in (
        by_id["test:2"].verification_note
    )
    assert not by_id["test:3"].verified and by_id["test:3"].verification_note == MILO_ABSENT
    assert by_id["test:4"].milo_code is None and by_id["test:4"].verification_note is None

    second = import_all(engine, small(tmp_path / "b"))

    assert second.ok and second.changed == 0 and "Aucun changement." in list(second.lines())
    assert snapshot_of(engine) == before


def test_changed_links_and_checks_are_synchronised(engine: Engine, tmp_path: Path) -> None:
    import_all(engine, small(tmp_path / "a"))
    version = snapshot_of(engine)[3]
    sectors = activity_sectors()
    sectors[0]["rome_codes"] = "H2913"  # H2902 leaves the sector
    report = import_all(
        engine, small(tmp_path / "b", activity=sectors, checks=[check(3, "matched", "69123S00")])
    )
    ds = {d.name: d for d in report.datasets}
    assert (ds["activity_sectors"].links_deleted, ds["activity_sectors"].updated) == (1, 0)
    after = snapshot_of(engine)
    assert [(link.sector_code, link.career_code) for link in after[1]] == [
        ("100", "H2913"),
        ("150", "H2913"),
    ]
    by_id = {r.external_id: r for r in after[2]}
    assert by_id["test:3"].milo_code == "69123S00" and by_id["test:3"].verified
    assert by_id["test:1"].milo_code is None and by_id["test:1"].verification_note is None
    assert after[3] != version


def test_invalid_sector_and_check_rows_are_rejected_with_their_line(
    engine: Engine, tmp_path: Path
) -> None:
    sectors = [
        *activity_sectors(),
        {**activity_sectors()[1], "code": "151", "rome_codes": "H2913 Z9999"},  # line 4
        {**activity_sectors()[1], "code": "152", "parent": "999"},  # line 5
        {**activity_sectors()[1], "code": "153", "rome_codes": "H2902 H2902"},  # line 6
        {**activity_sectors()[0], "code": "1a"},  # line 7
    ]
    sectors[1] = {**sectors[1], "rome_codes": "H2913"}
    checks = [
        check(1, "matched", "69266S00"),
        check(2, "matched", ""),  # line 3: no code
        check(3, "bof", "69266S00"),  # line 4
        check(4, "matched", "ABCDE"),  # line 5
    ]
    report = import_all(engine, small(tmp_path / "a", activity=sectors, checks=checks))
    ds = {d.name: d for d in report.datasets}
    assert [r.line for r in ds["activity_sectors"].rejected] == [4, 5, 6, 7]
    assert "Z9999" in ds["activity_sectors"].rejected[0].reason
    assert [r.line for r in ds["ml_checks"].rejected] == [3, 4, 5]
    with engine.connect() as conn:
        assert sorted(conn.execute(select(ActivitySector.code)).scalars()) == ["100", "150"]


def test_sub_sector_must_list_only_careers_of_its_sector(engine: Engine, tmp_path: Path) -> None:
    sectors = activity_sectors()
    sectors[0]["rome_codes"] = "H2902"
    report = import_all(engine, small(tmp_path / "a", activity=sectors))
    rejected = next(d for d in report.datasets if d.name == "activity_sectors").rejected
    assert [r.line for r in rejected] == [3] and "H2913" in rejected[0].reason


def test_broken_check_file_leaves_the_checked_structures_untouched(
    engine: Engine, tmp_path: Path
) -> None:
    import_all(engine, small(tmp_path / "a"))
    before = snapshot_of(engine)
    data = small(tmp_path / "b", checks=[check(3, "matched", "69123S00")])
    (data / "checks.csv").write_text("external_id,statut\n", encoding="utf-8")  # no "status"
    data_structures = data / "structures_test.csv"
    data_structures.write_text(
        data_structures.read_text(encoding="utf-8").replace("test 1", "renommée 1"),
        encoding="utf-8",
    )

    report = import_all(engine, data)

    ds = {d.name: d for d in report.datasets}
    assert ds["ml_checks"].error and "status" in ds["ml_checks"].error
    assert ds["test_structures"].error and "ml_checks" in ds["test_structures"].error
    assert snapshot_of(engine)[2] == before[2]
    with engine.connect() as conn:
        assert "Mission locale test 1" in set(conn.execute(select(Structure.name)).scalars())


def test_failure_while_writing_links_rolls_the_sectors_back(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import_all(engine, small(tmp_path / "a"))
    before = snapshot_of(engine)
    original = importer._sync_links

    def links_then_fail(*args: Any, **kwargs: Any) -> None:
        original(*args, **kwargs)
        if kwargs["insert_now"]:
            raise RuntimeError("disque plein")

    monkeypatch.setattr(importer, "_sync_links", links_then_fail)
    sectors = activity_sectors()
    sectors[0]["label"] = "Nouveau nom"
    sectors[1]["rome_codes"] = ""
    report = import_all(engine, small(tmp_path / "b", activity=sectors))
    ds = next(d for d in report.datasets if d.name == "activity_sectors")
    assert ds.error and "inchangée" in ds.error and ds.changed == 0
    assert snapshot_of(engine)[:2] == before[:2]


# --- migration ---------------------------------------------------------------------------------


def alembic_config(connection: Any) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def test_one_head_and_this_migration_is_in_its_history() -> None:
    script = ScriptDirectory.from_config(alembic_config(None))
    assert script.get_heads() == [LATEST]
    assert HEAD in {rev.revision for rev in script.walk_revisions()}
    assert script.get_revision(HEAD).down_revision == PREVIOUS_HEAD


def test_migration_from_an_empty_database_matches_the_models(db_url: str) -> None:
    engine = make_engine(db_url)
    migrate(engine)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == LATEST
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
        names = set(inspect(conn).get_table_names())
        assert {"activity_sectors", "career_activity_sectors"} <= names
        assert "milo_code" in {c["name"] for c in inspect(conn).get_columns("structures")}
    engine.dispose()


def test_migration_from_the_previous_head_keeps_the_data(db_url: str, tmp_path: Path) -> None:
    engine = make_engine(db_url)
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), PREVIOUS_HEAD)
    with engine.begin() as conn:
        assert "activity_sectors" not in inspect(conn).get_table_names()
        conn.execute(
            insert(Sector.__table__).values(
                code="H",
                label="Industrie",
                kind="grand_domain",
                parent_code=None,
                source="s",
                licence="l",
                source_date="2024",
                verified=True,
            )
        )
        old = {k: v for k, v in structure(1).items() if k in Structure.__table__.c}
        old.update(
            external_id="old:1",
            lat=45.77,
            lon=4.88,
            verified=True,
            verification_note="ancienne note",
        )
        conn.execute(
            insert(Structure.__table__).values(
                **old,
                dataset="old",
                source="s",
                licence="l",
                source_date="2019-07",
                status="active",
            )
        )

    migrate(engine)  # what create_app does at start

    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == LATEST
        row = conn.execute(
            select(Structure.name, Structure.verification_note, Structure.milo_code)
        ).one()
        assert tuple(row) == ("Mission locale test 1", "ancienne note", None)
        assert conn.execute(select(Sector.label)).scalar() == "Industrie"
        assert conn.execute(select(func.count()).select_from(ActivitySector)).scalar() == 0
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
    with engine.begin() as conn:  # and back down, and up again
        command.downgrade(alembic_config(conn), PREVIOUS_HEAD)
    with engine.connect() as conn:
        assert "activity_sectors" not in inspect(conn).get_table_names()
        assert "milo_code" not in {c["name"] for c in inspect(conn).get_columns("structures")}
    migrate(engine)
    report = import_all(engine, small(tmp_path / "data"))
    assert report.ok, list(report.lines())
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Career)).scalar() == 2
    engine.dispose()
