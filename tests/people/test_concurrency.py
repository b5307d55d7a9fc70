"""Real concurrency and durability against a real uvicorn process, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import concurrent.futures
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from backend.people.models import CallbackRequest
from tests.people.conftest import World, callback_body
from tests.people.server import LiveServer

pytestmark = pytest.mark.slow


def _count(world: World) -> int:
    with world.session() as session:
        return session.scalar(select(func.count()).select_from(CallbackRequest)) or 0


async def _post_many(base_url: str, n: int) -> list[httpx.Response]:
    limits = httpx.Limits(max_connections=n, max_keepalive_connections=n)
    async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=120.0) as client:
        start = asyncio.Event()

        async def one(i: int) -> httpx.Response:
            await start.wait()
            body = callback_body(
                first_name=f"Essai{i}", phone=f"06 39 98 {i // 100:02d} {i % 100:02d}"
            )
            return await client.post("/api/v1/callbacks", json=body)

        tasks = [asyncio.create_task(one(i)) for i in range(n)]
        await asyncio.sleep(0.05)
        start.set()
        return await asyncio.gather(*tasks)


def test_500_concurrent_callbacks_give_500_rows(world: World, tmp_path: Path) -> None:
    server = LiveServer(world.url, tmp_path / "server.log")
    server.start()
    try:
        started = time.perf_counter()
        responses = _run_in_own_loop(_post_many(server.base_url, 500))
        elapsed = time.perf_counter() - started
    finally:
        server.stop()
    statuses = [r.status_code for r in responses]
    assert statuses.count(201) == 500, {s: statuses.count(s) for s in set(statuses)}
    references = {r.json()["reference"] for r in responses}
    assert len(references) == 500  # every request got its own code
    assert _count(world) == 500
    print(f"500 concurrent callback POSTs on {world.url.split(':')[0]}: {elapsed:.1f} s")


def test_every_201_survives_kill_9(world: World, tmp_path: Path) -> None:
    """Stream POSTs from 8 clients, kill -9 the server mid-stream, restart: every 201 is stored."""
    server = LiveServer(world.url, tmp_path / "server.log")
    server.start()
    accepted: list[str] = []
    lock = threading.Lock()
    stop = threading.Event()

    def stream(worker: int) -> None:
        with httpx.Client(base_url=server.base_url, timeout=10.0) as client:
            i = 0
            while not stop.is_set():
                i += 1
                try:
                    r = client.post(
                        "/api/v1/callbacks", json=callback_body(first_name=f"Flux{worker}x{i}")
                    )
                except httpx.HTTPError:
                    return  # the server is gone
                if r.status_code == 201:
                    with lock:
                        accepted.append(r.json()["reference"])

    threads = [threading.Thread(target=stream, args=(w,)) for w in range(8)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with lock:
            if len(accepted) >= 150:
                break
        time.sleep(0.01)
    server.kill()  # mid-stream: requests are in flight
    stop.set()
    for thread in threads:
        thread.join(timeout=30)
    assert len(accepted) >= 150

    restarted = LiveServer(world.url, tmp_path / "server2.log")
    restarted.start()
    try:
        with httpx.Client(base_url=restarted.base_url, timeout=10.0) as client:
            missing = [
                ref for ref in accepted if client.get(f"/api/v1/callbacks/{ref}").status_code != 200
            ]
    finally:
        restarted.stop()
    assert missing == []
    assert _count(world) >= len(accepted)


def _run_in_own_loop(coroutine: Any) -> Any:
    """asyncio.run in a thread of its own: Playwright's sync API (browser tests in the same
    pytest process) leaves an event loop set on the main thread."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()
