"""Browser suite fixtures: one uvicorn server, one Chromium, reused pages; axe-core injected."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

PROJECT = Path(__file__).resolve().parents[2]
AXE_JS = PROJECT / "a11y_tests" / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = PROJECT / "test-artifacts" / "screenshots"
DOCS_SHOTS = PROJECT / "docs" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
THEMES = ("default", "dark", "light")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def web_server() -> Iterator[tuple[str, str]]:
    """A real uvicorn process serving the site over a temporary SQLite database: (URL, DB URL)."""
    tmp = tempfile.mkdtemp(prefix="ta-web-")
    port = _free_port()
    env = {
        **os.environ,
        "TOTALACCES_WEB_TEST_DB": f"sqlite:///{tmp}/web.db",
        "TOTALACCES_DATA_DIR": tmp,
        "TOTALACCES_COOKIE_SECURE": "false",
        "TOTALACCES_RATE_LIMIT_CALLBACKS": "1000",
        "TOTALACCES_RATE_LIMIT_APPLICATIONS": "1000",
        "TOTALACCES_RATE_LIMIT_LOGIN": "1000",
        "PYTHONPATH": str(PROJECT),
    }
    log = open(Path(tmp) / "server.log", "wb")  # noqa: SIM115
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "--factory",
            "a11y_tests.web.server:make_app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        cwd=PROJECT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(base + "/", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            log.close()
            raise RuntimeError((Path(tmp) / "server.log").read_text(errors="replace")[-4000:])
        time.sleep(0.2)
    yield base, env["TOTALACCES_WEB_TEST_DB"]
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


@pytest.fixture(scope="session")
def web_base_url(web_server: tuple[str, str]) -> str:
    return web_server[0]


@pytest.fixture(scope="session")
def web_db_url(web_server: tuple[str, str]) -> str:
    return web_server[1]


@dataclass
class ProAccount:
    email: str
    password: str
    structure_id: int
    references: list[str]
    offer_id: int


@pytest.fixture(scope="session")
def pro_account(web_db_url: str) -> ProAccount:
    """A counselor of the structure that received three callback requests, with one offer."""
    from backend.db import make_engine, make_session_factory
    from backend.people.services import accounts, applications, callbacks, offers

    factory = make_session_factory(make_engine(web_db_url))
    with factory() as session:
        made = [
            callbacks.create_callback(
                session,
                first_name=name,
                age=age,
                topic="job",
                consent=True,
                channel="call",
                contact=f"06 12 34 56 {n:02d}",
                commune="Lyon",
            )
            for n, (name, age) in enumerate([("Inès", 19), ("Noah", 17), ("Léa", 22)])
        ]
        structure_id = made[0].structure_id
        assert structure_id is not None, "the callback was routed to no structure"
        password = "mot-de-passe-de-test-2026"
        account = accounts.create_account(
            session,
            email="conseillere@example.org",
            password=password,
            role="counselor",
            display_name="Camille Martin",
            structure_id=structure_id,
        )
        session.commit()
        offer = offers.create_offer(
            session,
            account,
            {
                "title": "Stage de découverte en atelier",
                "description": "Observer le travail de l'atelier.",
                "employer": "Atelier du Rhône",
                "code_insee": "69123",
                "rome_codes": ["H2913"],
                "levels": ["3e"],
                "places_left": 2,
                "contact_modes": ["formulaire"],
            },
        )
        offers.publish_offer(session, account, offer.id)
        applications.create_application(
            session,
            offer_id=offer.id,
            first_name="Jade",
            consent=True,
            contact="jade@example.org",
            message="Bonjour, je suis en 3e et ce stage m'intéresse.",
        )
        return ProAccount(
            "conseillere@example.org",
            password,
            structure_id,
            [m.reference for m in made if m.structure_id == structure_id],
            offer.id,
        )


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Tab:
    """One browser context (cookies for a theme) and its one reused page."""

    def __init__(self, browser: Any, base: str, theme: str = "default", **options: Any) -> None:
        self.base = base
        self.context = browser.new_context(
            viewport=options.pop("viewport", {"width": 390, "height": 844}), **options
        )
        self.context.add_cookies(
            [{"name": "ta_theme", "value": theme, "url": base}] if theme != "default" else []
        )
        self.context.add_init_script(path=str(AXE_JS))
        self.page = self.context.new_page()
        self.theme = theme

    def goto(self, path: str) -> Any:
        return self.page.goto(self.base + path, wait_until="load")

    def axe(self) -> list[dict[str, Any]]:
        result = self.page.evaluate(
            """async (tags) => {
                const r = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                                   resultTypes: ['violations']});
                return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                    nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' :: ' + n.failureSummary)}));
            }""",
            AXE_TAGS,
        )
        return list(result)

    def screenshot(self, name: str) -> Path:
        SHOTS.mkdir(parents=True, exist_ok=True)
        path = SHOTS / f"web-{name}-{self.theme}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def close(self) -> None:
        self.context.close()


@pytest.fixture(scope="session")
def tabs(browser: Any, web_base_url: str) -> Iterator[dict[str, Tab]]:
    opened = {theme: Tab(browser, web_base_url, theme) for theme in THEMES}
    yield opened
    for tab in opened.values():
        tab.close()


@pytest.fixture()
def tab(browser: Any, web_base_url: str) -> Iterator[Tab]:
    """A fresh context (no cookies) for keyboard flows."""
    fresh = Tab(browser, web_base_url)
    yield fresh
    fresh.close()


def format_violations(violations: list[dict[str, Any]]) -> str:
    return json.dumps(violations, ensure_ascii=False, indent=1)
