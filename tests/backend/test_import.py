"""``totalacces import``: validation, rejection report, idempotence, all-or-nothing per dataset."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, select

from backend import importer
from backend.db import make_engine, migrate
from backend.importer import import_all
from backend.models import Career, Meta, Offer, Structure
from tests.backend.fixture_data import make_data_dir, offer, structure


@pytest.fixture()
def engine(db_url: str) -> Engine:
    eng = make_engine(db_url)
    migrate(eng)
    yield eng
    eng.dispose()


def rows(engine: Engine, model: Any) -> list[tuple[Any, ...]]:
    with engine.connect() as conn:
        cols = [c for c in model.__table__.c if c.name not in ("updated_at", "created_at")]
        return [tuple(r) for r in conn.execute(select(*cols).order_by(cols[0]))]


def version(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return conn.execute(select(Meta.value).where(Meta.key == "data_version")).scalar()


def test_second_import_changes_nothing(engine: Engine, tmp_path: Path) -> None:
    data = make_data_dir(tmp_path / "d", [structure(i) for i in range(5)])
    first = import_all(engine, data)
    assert first.ok and first.changed > 0
    before = (rows(engine, Structure), rows(engine, Offer), rows(engine, Career), version(engine))

    second = import_all(engine, data)

    assert second.ok
    assert second.changed == 0
    assert "Aucun changement." in list(second.lines())
    assert (
        rows(engine, Structure),
        rows(engine, Offer),
        rows(engine, Career),
        version(engine),
    ) == before


def test_changed_and_removed_rows_are_synchronised(engine: Engine, tmp_path: Path) -> None:
    import_all(engine, make_data_dir(tmp_path / "a", [structure(1), structure(2), structure(3)]))
    v1 = version(engine)
    report = import_all(
        engine, make_data_dir(tmp_path / "b", [structure(1), structure(2, name="Nouveau nom")])
    )
    ds = next(d for d in report.datasets if d.name == "test_structures")
    assert (ds.inserted, ds.updated, ds.deleted, ds.unchanged) == (0, 1, 1, 1)
    with engine.connect() as conn:
        names = sorted(conn.execute(select(Structure.name)).scalars())
    assert names == ["Mission locale test 1", "Nouveau nom"]
    assert version(engine) != v1


def test_invalid_rows_are_reported_with_line_and_reason_and_valid_ones_kept(
    engine: Engine, tmp_path: Path
) -> None:
    data = make_data_dir(
        tmp_path / "d",
        [
            structure(1),
            structure(2, lat="pas un nombre"),  # line 3
            structure(3, kind="licorne"),  # line 4
            structure(4, lon="200"),  # line 5
            structure(5, name=""),  # line 6
            structure(6),
        ],
        offers=[offer(1), offer(2, levels="master"), offer(3, rome_codes="Z9999")],
    )
    report = import_all(engine, data)
    ds = next(d for d in report.datasets if d.name == "test_structures")
    assert ds.valid == 2
    found = {(r.line, r.file) for r in ds.rejected}
    assert found == {
        (3, "structures_test.csv"),
        (4, "structures_test.csv"),
        (5, "structures_test.csv"),
        (6, "structures_test.csv"),
    }
    reasons = " ".join(r.reason for r in ds.rejected)
    assert (
        "lat" in reasons
        and "licorne" in reasons
        and "hors limites" in reasons
        and "vide" in reasons
    )
    text = "\n".join(report.lines())
    assert "structures_test.csv, ligne 3 :" in text
    offers = next(d for d in report.datasets if d.name == "sample_offers")
    assert [r.line for r in offers.rejected] == [3, 4]
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Structure)).scalar() == 2
        assert conn.execute(select(func.count()).select_from(Offer)).scalar() == 1


def test_malformed_file_leaves_its_table_untouched(engine: Engine, tmp_path: Path) -> None:
    import_all(engine, make_data_dir(tmp_path / "a", [structure(1), structure(2)]))
    before = rows(engine, Structure)
    data = make_data_dir(tmp_path / "b", [structure(i) for i in range(10)])
    path = data / "structures_test.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.insert(6, 'test:x,mission_locale,"Guillemet jamais fermé,rue,69100')  # broken quoting
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    report = import_all(engine, data)

    ds = next(d for d in report.datasets if d.name == "test_structures")
    assert ds.error is not None and "structures_test.csv" in ds.error
    assert not report.ok
    assert rows(engine, Structure) == before  # nothing of the broken file went in
    assert next(d for d in report.datasets if d.name == "sample_offers").error is None


def test_missing_column_rejects_the_whole_file(engine: Engine, tmp_path: Path) -> None:
    data = make_data_dir(tmp_path / "d", [structure(1)])
    path = data / "structures_test.csv"
    text = path.read_text(encoding="utf-8").replace("coord_precision", "precision", 1)
    path.write_text(text, encoding="utf-8")
    report = import_all(engine, data)
    ds = next(d for d in report.datasets if d.name == "test_structures")
    assert ds.error and "coord_precision" in ds.error
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Structure)).scalar() == 0


def test_failure_while_writing_rolls_the_dataset_back(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import_all(engine, make_data_dir(tmp_path / "a", [structure(1)]))
    before = rows(engine, Structure)
    original = importer._sync

    def sync_then_fail(conn, table, key, values, dataset, report):  # type: ignore[no-untyped-def]
        original(conn, table, key, values, dataset, report)  # rows written...
        if table.name == "structures":
            raise RuntimeError("disque plein")  # ...then the write fails

    monkeypatch.setattr(importer, "_sync", sync_then_fail)
    report = import_all(engine, make_data_dir(tmp_path / "b", [structure(i) for i in range(50)]))
    ds = next(d for d in report.datasets if d.name == "test_structures")
    assert ds.error and "inchangée" in ds.error
    assert rows(engine, Structure) == before


def test_if_empty_skips_a_database_that_has_data(engine: Engine, tmp_path: Path) -> None:
    data = make_data_dir(tmp_path / "d", [structure(1)])
    assert import_all(engine, data, if_empty=True).skipped is None
    report = import_all(
        engine, make_data_dir(tmp_path / "e", [structure(1), structure(2)]), if_empty=True
    )
    assert report.skipped and report.changed == 0
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Structure)).scalar() == 1


def test_bundled_data_is_real_and_keeps_its_provenance(loaded_db_url: str) -> None:
    engine = make_engine(loaded_db_url)
    with engine.connect() as conn:
        kinds = dict(
            conn.execute(select(Structure.kind, func.count()).group_by(Structure.kind))
            .tuples()
            .all()
        )
        assert kinds["mission_locale"] > 600 and kinds["cio"] > 400 and kinds["esat"] > 1400
        # 1,024 lycées that train apprentices are a kind of their own, apart from the CFA.
        assert kinds["cfa"] > 4500 and kinds["lycee"] > 1000
        assert kinds["microlycee"] >= 30 and kinds["epide"] == 20
        assert kinds["france_services"] > 1000  # the 2019 "msap"
        epide = conn.execute(
            select(Structure.verified, Structure.source).where(Structure.kind == "epide")
        ).all()
        assert all(not verified for verified, _ in epide)
        missing = conn.execute(
            select(func.count())
            .select_from(Structure)
            .where(
                (Structure.source == "") | (Structure.licence == "") | (Structure.source_date == "")
            )
        ).scalar()
        assert missing == 0
        assert (
            conn.execute(
                select(func.count()).select_from(Offer).where(Offer.is_example.is_(False))
            ).scalar()
            == 0
        )
        assert conn.execute(select(func.count()).select_from(Offer)).scalar() == 5000
        with_summary = conn.execute(
            select(func.count())
            .select_from(Career)
            .where(Career.summary.is_not(None), Career.grand_domain_code == "H")
        ).scalar()
        assert with_summary >= 60
    engine.dispose()


def test_sample_offer_calendar_follows_the_import_day(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The committed sample offers start on 2027-01-04: imported after that day they would all
    # end up expired. An import moves them by whole 52-week years (same weekdays).
    data = make_data_dir(tmp_path / "d", [structure(1)], [offer(1)])

    def dates() -> tuple[Any, Any]:
        with engine.connect() as conn:
            return conn.execute(select(Offer.start_date, Offer.end_date)).one()

    monkeypatch.setattr(importer, "import_day", lambda: date(2026, 11, 29))
    assert import_all(engine, data).ok
    assert tuple(str(d) for d in dates()) == ("2027-01-04", "2027-01-15")
    again = import_all(engine, data)  # same day: nothing moves
    assert again.ok and again.changed == 0
    monkeypatch.setattr(importer, "import_day", lambda: date(2027, 2, 1))
    assert import_all(engine, data).ok
    start, end = dates()
    assert (str(start), str(end)) == ("2028-01-03", "2028-01-14")
    assert start.weekday() == date(2027, 1, 4).weekday() == 0
