"""Benchmark the API with wrk on 127.0.0.1: searches against /health on the same server.

    .venv/bin/python bench/bench_api.py [--duration 10] [--connections 32] [--workers 2]
                                        [--threads 2] [--database-url URL]

Imports the bundled data into a temporary SQLite database (or uses ``--database-url``), starts
``totalacces serve`` with ``--workers`` processes, then runs wrk (/usr/bin/wrk) on:
/health, structures near Lyon within 20 km, offers near Paris within 10 km. Prints requests per
second, p99 latency and the ratio to /health. Goal (issue 3): ratio >= 60 %, p99 < 50 ms.
Each server process answers repeated list queries from its per-process cache; ``--distinct``
makes every request of a run different, which measures the uncached search: each request is the
next of ``--places`` (default 400) real communes (the most populous whose name is not ambiguous),
structures with the next structure kind (or all kinds), plus an ignored parameter that never
repeats, so that no answer can come from the response cache. The Lua script counts the answers
that are not 200 and those served by the cache (``X-Cache: hit``): both must be 0.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
WRK = shutil.which("wrk") or "/usr/bin/wrk"
TARGETS = {
    "health": "/health",
    "structures Lyon 20 km": "/api/v1/structures?place=Lyon&radius_km=20",
    "offers Paris 10 km": "/api/v1/offers?place=Paris&radius_km=10",
}
# wrk Lua script: every request different (the next place and kind of the list, and an ignored
# "n" parameter that never repeats), so no answer comes from the response cache: this measures
# the search itself.
DISTINCT_LUA = """
local urls = {URLS}
local threads = {}
local thread_count = 0

function setup(thread)
  thread:set("tid", thread_count)
  thread_count = thread_count + 1
  table.insert(threads, thread)
end

function init(args)
  counter = 0
  position = (tid * 7919) % #urls
  not_ok = 0
  cache_hits = 0
  empty = 0
end

function request()
  counter = counter + 1
  position = position % #urls + 1
  return wrk.format("GET", urls[position] .. "&n=" .. tid .. "-" .. counter)
end

function response(status, headers, body)
  if status ~= 200 then not_ok = not_ok + 1 end
  if (headers["X-Cache"] or headers["x-cache"]) == "hit" then cache_hits = cache_hits + 1 end
  if body ~= nil and string.find(body, '"total":0,', 1, true) then empty = empty + 1 end
end

function done(summary, latency, requests)
  local n, c, e = 0, 0, 0
  for _, t in ipairs(threads) do
    n = n + t:get("not_ok")
    c = c + t:get("cache_hits")
    e = e + t:get("empty")
  end
  io.write(string.format("DISTINCT urls=%d not_ok=%d cache_hits=%d empty=%d\\n", #urls, n, c, e))
end
"""


def distinct_urls(path: str, places: int) -> list[str]:
    """``path`` around each of ``places`` real communes; structures also by each kind in turn."""
    from urllib.parse import urlencode

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_web import unambiguous_communes

    from totalacces.vocabulary import KINDS

    kinds = ["", *KINDS]
    urls = []
    for n, commune in enumerate(unambiguous_communes(places)):
        params = {"place": commune.nom}
        if path.startswith("/api/v1/structures"):
            params["kind"] = kinds[n % len(kinds)]
        urls.append(path.split("?")[0] + "?" + urlencode(params) + "&" + path.split("?")[1])
    return urls


def write_distinct_script(target: Path, urls: list[str]) -> None:
    table = "{" + ",".join('"' + u.replace('"', '\\"') + '"' for u in urls) + "}"
    target.write_text(DISTINCT_LUA.replace("{URLS}", table), encoding="utf-8")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def to_ms(value: str) -> float:
    m = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value.strip())
    if not m:
        raise ValueError(value)
    number, unit = float(m.group(1)), m.group(2)
    return number * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}[unit]


def run_wrk(
    url: str, duration: int, connections: int, threads: int, script: Path | None
) -> tuple[float, float, str]:
    cmd = [WRK, f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency"]
    if script:
        cmd += ["-s", str(script)]
    out = subprocess.run([*cmd, url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p99 = to_ms(re.search(r"^\s+99%\s+(\S+)", out, re.MULTILINE).group(1))  # type: ignore[union-attr]
    notes = [
        m.group(0) for m in re.finditer(r"Non-2xx or 3xx responses: \d+|Socket errors: .*", out)
    ]
    distinct = re.search(r"DISTINCT (.*)", out)
    if script is not None and distinct is None:
        raise RuntimeError(f"the wrk script failed: {out}")
    if distinct:
        notes.append(distinct.group(1))
    return rps, p99, "; ".join(notes)


def errors_seen(notes: str) -> bool:
    """A non-2xx answer, a socket error or a cache hit in the notes of a distinct run."""
    return bool(
        re.search(r"Non-2xx|not_ok=[1-9]|cache_hits=[1-9]", notes)
        or re.search(r"Socket errors: connect [1-9]|read [1-9]|write [1-9]", notes)
    )


def main() -> int:
    parser = argparse.ArgumentParser(description="wrk benchmark of the Total Accès API")
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--database-url", default=None)
    parser.add_argument(
        "--distinct", action="store_true", help="every request different (no cache hits)"
    )
    parser.add_argument("--places", type=int, default=400, help="communes of --distinct")
    args = parser.parse_args()
    if not Path(WRK).exists():
        print("wrk est introuvable : installez le paquet Debian « wrk ».", file=sys.stderr)
        return 2

    folder = Path(tempfile.mkdtemp(prefix="totalacces-bench-"))
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("TOTALACCES_") and k != "DATABASE_URL"
    }
    env.update(
        TOTALACCES_DATA_DIR=str(folder), TOTALACCES_WORKERS=str(args.workers), PYTHONPATH=str(ROOT)
    )
    if args.database_url:
        env["DATABASE_URL"] = args.database_url
    subprocess.run(
        [sys.executable, "-m", "totalacces", "import", "--if-empty"],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "totalacces", "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    scripts: dict[str, Path] = {}
    if args.distinct:
        for name, path in TARGETS.items():
            if name != "health":
                scripts[name] = folder / f"distinct-{len(scripts)}.lua"
                write_distinct_script(scripts[name], distinct_urls(path, args.places))
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_web import wait_for_health

    try:
        if not wait_for_health(base, server, 60):
            print("Le serveur n'a pas démarré.", file=sys.stderr)
            return 1
        for path in TARGETS.values():  # warm every worker's snapshot
            for _ in range(args.workers * 4):
                assert httpx.get(base + path, timeout=30).status_code == 200
        db = "sqlite" if not args.database_url else "postgresql"
        print(
            f"wrk {args.duration}s, {args.connections} connections, {args.threads} threads; "
            f"{args.workers} uvicorn workers; {db}; {f'distinct requests ({args.places} communes, every kind)' if args.distinct else 'repeated requests'}"
        )
        print(f"{'endpoint':<24}{'req/s':>10}{'p99 ms':>10}{'ratio':>9}")
        results: dict[str, tuple[float, float]] = {}
        failed = False
        for name, path in TARGETS.items():
            use_script = scripts.get(name)
            rps, p99, errors = run_wrk(
                base + path, args.duration, args.connections, args.threads, use_script
            )
            results[name] = (rps, p99)
            ratio = rps / results["health"][0]
            if args.distinct and name != "health":
                name = f"{name.split()[0]} ({args.places} places)"
            print(f"{name:<24}{rps:>10.0f}{p99:>10.1f}{ratio:>8.0%}  {errors}")
            if name != "health" and (
                (args.distinct and (ratio < 0.3 or errors_seen(errors)))
                or (not args.distinct and (ratio < 0.6 or p99 >= 50))
            ):
                failed = True
        goal = (
            "every request different: ratio >= 30 % (issue 12), no error, no cache hit"
            if args.distinct
            else "ratio >= 60 % and p99 < 50 ms (issue 3)"
        )
        print(f"goal: {goal}:", "met" if not failed else "NOT met")
        return 0
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
