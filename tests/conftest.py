"""Shared fixtures.

- ``pg_cluster`` (session): a throwaway PostgreSQL 15 cluster (tests/pg.py), started on first use.
- ``db_url`` (function, parametrised ``sqlite`` / ``postgresql``): a fresh, empty database URL.
- ``loaded_db_url`` (session, parametrised the same way): a database with the bundled data
  imported once per session.
- ``api`` (parametrised like ``loaded_db_url``): a FastAPI ``TestClient`` on that database.
- ``live_api`` (session): a real uvicorn process on 127.0.0.1 (free port) with a SQLite database
  holding the bundled data; yields its base URL. Voice, mobile and browser tests use it
  (from another test folder: ``from tests.conftest import live_api``).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.pg import PgCluster, free_port

ROOT = Path(__file__).resolve().parent.parent
DB_PARAMS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres),
]


def pytest_configure(config: pytest.Config) -> None:
    """One folder of prepared databases for this run (tests/support/templates.py)."""
    import tempfile

    from tests.support.templates import ENV

    if ENV not in os.environ:
        config._totalacces_templates = tempfile.mkdtemp(prefix="totalacces-templates-")  # type: ignore[attr-defined]
        os.environ[ENV] = config._totalacces_templates  # type: ignore[attr-defined]


def pytest_unconfigure(config: pytest.Config) -> None:
    import shutil

    from tests.support.templates import ENV

    folder = getattr(config, "_totalacces_templates", None)
    if folder:
        os.environ.pop(ENV, None)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PgCluster]:
    cluster = PgCluster().start()  # raises PgUnavailable with the reason: never a silent skip
    try:
        yield cluster
    finally:
        cluster.stop()


def _fresh_url(request: pytest.FixtureRequest, kind: str, folder: Path) -> str:
    if kind == "sqlite":
        return f"sqlite:///{folder / 'test.db'}"
    cluster: PgCluster = request.getfixturevalue("pg_cluster")
    return cluster.create_database()


@pytest.fixture(params=DB_PARAMS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return _fresh_url(request, request.param, tmp_path)


@pytest.fixture(scope="session", params=DB_PARAMS)
def loaded_db_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    from backend.db import make_engine, migrate
    from backend.importer import import_all
    from backend.settings import BUNDLED_DATA_DIR

    url = _fresh_url(request, request.param, tmp_path_factory.mktemp(f"loaded-{request.param}"))
    engine = make_engine(url)
    migrate(engine)
    report = import_all(engine, BUNDLED_DATA_DIR)
    engine.dispose()
    assert report.ok, list(report.lines())
    return url


_APPS: dict[str, object] = {}


@pytest.fixture()
def api(loaded_db_url: str):  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    from backend.app import create_app
    from backend.settings import Settings

    if loaded_db_url not in _APPS:
        _APPS[loaded_db_url] = create_app(Settings(database_url=loaded_db_url))
    return TestClient(_APPS[loaded_db_url], raise_server_exceptions=False)  # type: ignore[arg-type]


def server_env(**extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("TOTALACCES_") and k != "DATABASE_URL"
    }
    # Live servers in tests are hit by many clients from one address: the public rate limits
    # (tested on their own in tests/people) are off here, and cookies travel over plain HTTP.
    env.update(
        PYTHONPATH=str(ROOT),
        TOTALACCES_RATE_LIMIT_CALLBACKS="0",
        TOTALACCES_RATE_LIMIT_APPLICATIONS="0",
        TOTALACCES_RATE_LIMIT_LOGIN="0",
        TOTALACCES_COOKIE_SECURE="false",
    )
    env.update(extra)
    return env


def start_server(env: dict[str, str], port: int, log: Path) -> subprocess.Popen[bytes]:
    handle = open(log, "wb")  # noqa: SIM115 - kept open for the process's life
    return subprocess.Popen(
        [sys.executable, "-m", "totalacces", "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        cwd=ROOT,
        stdout=handle,
        stderr=subprocess.STDOUT,
    )


def wait_ready(
    proc: subprocess.Popen[bytes], base_url: str, log: Path, timeout: float = 60
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(
                f"Le serveur s'est arrêté : {log.read_text(errors='replace')[-3000:]}"
            )
        try:
            if httpx.get(f"{base_url}/health", timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    proc.kill()
    raise RuntimeError(
        f"Le serveur ne répond pas sur {base_url} : {log.read_text(errors='replace')[-3000:]}"
    )


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


@pytest.fixture(scope="session")
def live_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("live-api")
    env = server_env(TOTALACCES_DATA_DIR=str(folder))
    subprocess.run(
        [sys.executable, "-m", "totalacces", "import", "--if-empty"],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=300,
    )
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    log = folder / "server.log"
    proc = start_server(env, port, log)
    try:
        wait_ready(proc, base_url, log)
        yield base_url
    finally:
        stop_server(proc)
