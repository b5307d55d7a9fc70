"""The real Total Accès API in the test process, on a database holding the bundled data.

One SQLite file is loaded once per process (``totalacces import`` does the same import) and one
uvicorn server serves ``backend.app.create_app`` on it, in a background thread, on 127.0.0.1 and a
free port: the voice and the app talk to it over real HTTP through ``totalacces.client.ApiClient``,
as they do in production. ``bundled_api()`` starts it on first use and gives it to every caller.

``Recorder`` is a transport for one client: it records the requests and can play a server that
cannot be reached (``down``: the request really goes to a closed port), a slow network (``delay``)
or an older server without some endpoints (``missing``: answered 404 as an unknown route is).
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import socket
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def closed_url() -> str:
    """The address of a port nobody listens on: connecting there is refused by the system."""
    return f"http://127.0.0.1:{free_port()}"


def load_bundled_data(url: str) -> None:
    """Migrate the database at ``url`` and import the bundled data (``totalacces import``)."""
    from backend.db import make_engine, migrate
    from backend.importer import import_all
    from backend.settings import BUNDLED_DATA_DIR
    from tests.support.templates import prepare_sqlite

    def build() -> None:
        engine = make_engine(url)
        try:
            migrate(engine)
            report = import_all(engine, BUNDLED_DATA_DIR)
            if report.ok:
                from tests.support.participants import take_part

                take_part(engine)
        finally:
            engine.dispose()
        if not report.ok:
            raise RuntimeError(
                "Import des données fournies impossible : " + "; ".join(report.lines())
            )

    prepare_sqlite(url, "bundled-participants", build)


class LocalApi:
    """``create_app`` on a loaded SQLite file, served by uvicorn in a daemon thread."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder: Path | None = folder or Path(tempfile.mkdtemp(prefix="totalacces-api-"))
        self.database_url: str | None = f"sqlite:///{(self.folder / 'bundled.db').as_posix()}"
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self._server: Any = None
        self._thread: threading.Thread | None = None

    @classmethod
    def attach(cls, base_url: str) -> LocalApi:
        """A server another process started (its database is not ours to remove)."""
        api = cls.__new__(cls)
        api.folder, api.database_url, api._server, api._thread = None, None, None, None
        api.base_url = base_url.rstrip("/")
        api.port = httpx.URL(api.base_url).port
        return api

    def start(self, timeout: float = 60.0) -> LocalApi:
        import uvicorn

        from backend.app import create_app
        from backend.people.config import PeopleSettings
        from backend.settings import Settings

        assert self.database_url is not None
        load_bundled_data(self.database_url)
        app = create_app(Settings(database_url=self.database_url))
        # Many clients from one address, over plain HTTP: the public rate limits (tested on
        # their own in tests/people) are off here.
        app.state.people.configure(
            PeopleSettings(
                rate_limit_callbacks=0,
                rate_limit_applications=0,
                rate_limit_login=0,
                cookie_secure=False,
            )
        )
        config = uvicorn.Config(
            app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="on"
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, name="local-api", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"Le serveur de test ne démarre pas sur {self.base_url}.")
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)

    def get(self, path: str, **params: Any) -> Any:
        """A direct call to the API, as a test's independent reference."""
        answer = httpx.get(f"{self.base_url}{path}", params=params, timeout=20)
        answer.raise_for_status()
        return answer.json()

    def publish_offer(self, **values: Any) -> int:
        """An offer published by an employer's account, written through the offers service as
        the dashboard does (the bundled offers are all examples). Returns its id."""
        from datetime import date, timedelta

        from backend.db import make_engine, make_session_factory
        from backend.people.services import accounts, offers

        assert self.database_url is not None, "only on a server this process started"
        body: dict[str, Any] = {
            "title": "Stage de découverte en menuiserie",
            "description": "Une semaine à l'atelier, avec un tuteur.",
            "employer": "Atelier de démonstration",
            "code_insee": "69383",
            "rome_codes": ["H2206"],
            "levels": ["3e"],
            "start_date": date.today() + timedelta(days=30),
            "end_date": date.today() + timedelta(days=34),
            "weeks": 1,
            "places_left": 2,
            "contact_modes": ["telephone"],
            "accessible": True,
            "workplace_accessibility": "Atelier de plain-pied.",
            **values,
        }
        engine = make_engine(self.database_url)
        try:
            with make_session_factory(engine)() as session:
                self._employers = getattr(self, "_employers", 0) + 1
                employer = accounts.create_account(
                    session,
                    email=f"employeur-{self._employers}@exemple.invalid",
                    password="mot de passe de test 2026",
                    role="employer",
                    display_name="Employeur de test",
                )
                session.commit()
                offer = offers.create_offer(session, employer, body)
                offers.publish_offer(session, employer, offer.id)
                return int(offer.id)
        finally:
            engine.dispose()

    def recorder(self) -> Recorder:
        return Recorder(self.base_url)

    def client(self, timeout: float = 20.0) -> Any:
        """An ``ApiClient`` on this server, with a fresh ``Recorder`` as ``client.recorder``."""
        return self.recorder().client(timeout=timeout)


@dataclass
class Exchange:
    request: httpx.Request
    status: int | None = None  # None: no answer (unreachable)
    body: Any = None


@dataclass
class Recorder(httpx.BaseTransport):
    """Sends to the real server and keeps every exchange; plays failures on demand."""

    base_url: str
    down: bool = False
    delay: float = 0.0
    missing: set[str] = field(default_factory=set)  # path prefixes this "older server" lacks
    # path -> what replaces the JSON answer there (a server that sends `total: "x"`)
    corrupt: dict[str, Any] = field(default_factory=dict)
    exchanges: list[Exchange] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._http = httpx.HTTPTransport()
        self._closed = closed_url()

    def client(self, timeout: float = 20.0) -> Any:
        from totalacces.client import ApiClient

        client = ApiClient(self.base_url, timeout=timeout, transport=self)
        client.recorder = self  # type: ignore[attr-defined]
        return client

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        exchange = Exchange(request)
        self.exchanges.append(exchange)
        if self.delay:
            time.sleep(self.delay)
        if self.down:  # a real refused connection: the same request to a closed port
            request.url = request.url.copy_with(port=httpx.URL(self._closed).port)
        elif any(request.url.path.startswith(p) for p in self.missing):
            body = {
                "type": "about:blank",
                "title": "Not Found",
                "status": 404,
                "detail": "Not Found",
            }
            exchange.status, exchange.body = 404, body
            return httpx.Response(404, json=body)
        if request.url.path in self.corrupt:
            exchange.status, exchange.body = 200, self.corrupt[request.url.path]
            return httpx.Response(200, json=self.corrupt[request.url.path])
        response = self._http.handle_request(request)
        response.read()
        exchange.status = response.status_code
        if response.headers.get("content-type", "").startswith(
            ("application/json", "application/problem")
        ):
            exchange.body = json.loads(response.content)
        return response

    def close(self) -> None:
        self._http.close()

    # -- reading what was sent -----------------------------------------------------------------
    @property
    def requests(self) -> list[httpx.Request]:
        return [e.request for e in self.exchanges]

    def params(self, path: str) -> list[dict[str, str]]:
        """The query parameters of every request sent to ``path``, in order."""
        return [dict(e.request.url.params) for e in self.exchanges if e.request.url.path == path]

    @property
    def callbacks(self) -> list[dict[str, Any]]:
        """Every callback request sent (its JSON payload), accepted or not."""
        return [json.loads(e.request.content) for e in self._callback_posts()]

    @property
    def accepted_callbacks(self) -> list[dict[str, Any]]:
        """The server's answers (reference, structure, speech) to the callbacks it accepted."""
        return [e.body for e in self._callback_posts() if e.status == 201]

    def _callback_posts(self) -> list[Exchange]:
        return [
            e
            for e in self.exchanges
            if e.request.method == "POST" and e.request.url.path == "/api/v1/callbacks"
        ]

    def clear(self) -> None:
        self.exchanges.clear()
        self.down = False
        self.delay = 0.0
        self.missing.clear()


#: A child process of a test (a probe run with other Kivy settings) reuses its parent's server.
URL_VARIABLE = "TOTALACCES_TEST_API_URL"
_local: LocalApi | None = None
_lock = threading.Lock()


def bundled_api() -> LocalApi:
    """The process's one local API (started on first use, stopped at exit)."""
    global _local
    with _lock:
        if _local is None:
            if os.environ.get(URL_VARIABLE):
                _local = LocalApi.attach(os.environ[URL_VARIABLE])
            else:
                _local = LocalApi().start()
                atexit.register(_local.stop)
        return _local
