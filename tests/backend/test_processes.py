"""Real uvicorn processes: two API processes on one PostgreSQL, and the ``live_api`` fixture.

Design of the two-process test (there is no write endpoint yet; issue 4 adds them): processes A
and B serve the same PostgreSQL database. A row is then written by ``totalacces import`` (a third
process, the production write path) and must be found through both A and B, list and detail,
each of which holds its own in-memory search snapshot: this proves the snapshot follows the
shared database (``meta.data_version``) rather than serving a process-local copy.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.backend.fixture_data import make_data_dir, structure
from tests.conftest import ROOT, server_env, start_server, stop_server, wait_ready
from tests.pg import PgCluster, free_port

NEAR = "/api/v1/structures?place=Villeurbanne&radius_km=5&limit=50"


def run_import(env: dict[str, str]) -> str:
    res = subprocess.run(
        [sys.executable, "-m", "totalacces", "import"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert res.returncode == 0, res.stdout + res.stderr
    return res.stdout


def names(base: str) -> set[str]:
    r = httpx.get(base + NEAR, timeout=10)
    assert r.status_code == 200, r.text
    return {i["name"] for i in r.json()["items"]}


@pytest.mark.postgres
@pytest.mark.slow
def test_row_written_through_one_process_is_found_through_the_other(
    pg_cluster: PgCluster, tmp_path: Path
) -> None:
    url = pg_cluster.create_database("twoproc")
    env = server_env(
        DATABASE_URL=url, TOTALACCES_IMPORT_DIR=str(make_data_dir(tmp_path / "v1", [structure(1)]))
    )
    run_import(env)
    procs, bases = [], []
    try:
        for name in ("a", "b"):
            port = free_port()
            base = f"http://127.0.0.1:{port}"
            log = tmp_path / f"{name}.log"
            procs.append(start_server(env, port, log))
            wait_ready(procs[-1], base, log)
            bases.append(base)
        a, b = bases
        assert names(a) == names(b) == {"Mission locale test 1"}
        assert httpx.get(a + "/health").json()["database"] == "postgresql"

        v2 = make_data_dir(
            tmp_path / "v2", [structure(1), structure(2, name="Nouvelle mission locale")]
        )
        out = run_import({**env, "TOTALACCES_IMPORT_DIR": str(v2)})
        assert "1 ajoutées" in out

        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not all(
            "Nouvelle mission locale" in names(x) for x in bases
        ):
            time.sleep(0.2)
        for base in bases:
            found = {i["name"]: i["id"] for i in httpx.get(base + NEAR).json()["items"]}
            assert "Nouvelle mission locale" in found
            detail = httpx.get(
                f"{base}/api/v1/structures/{found['Nouvelle mission locale']}"
            ).json()
            assert detail["name"] == "Nouvelle mission locale"
    finally:
        for proc in procs:
            stop_server(proc)


def test_live_api_serves_the_bundled_data(live_api: str) -> None:
    health = httpx.get(f"{live_api}/health", timeout=10).json()
    assert health["database"] == "sqlite" and health["counts"]["structures"] > 11000
    r = httpx.get(
        f"{live_api}/api/v1/structures",
        params={"place": "Villeurbanne", "kind": "mission_locale"},
        timeout=10,
    )
    assert r.status_code == 200 and r.json()["items"][0]["commune"] == "Villeurbanne"
    bad = httpx.get(f"{live_api}/api/v1/careers", params={"limit": 500}, timeout=10)
    assert bad.status_code == 422 and bad.headers["content-type"].startswith(
        "application/problem+json"
    )
