"""Benchmark: Total Accès app start to first frame, against a bare Kivy app, and screen switches.

Each start runs in a fresh process (Kivy has one window per process), alternating bare and app,
headless (SDL offscreen). Goal: app start <= 1.5 x bare Kivy start.

    .venv/bin/python bench/bench_app_start.py [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

T0 = time.perf_counter()
ROOT = Path(__file__).resolve().parents[1]


def child(kind: str) -> None:
    sys.path.insert(0, str(ROOT))
    from tests.support.headless import configure_headless

    configure_headless()
    from kivy.app import App
    from kivy.clock import Clock
    from kivy.core.window import Window

    result: dict[str, float] = {}

    if kind == "bare":
        from kivy.uix.label import Label

        class Bare(App):
            def build(self) -> Label:
                return Label(text="Bonjour")

        app: App = Bare()
    else:
        from mobile.app import TotalAccesApp

        # the real app as `totalacces app` starts it (no request is made before a search)
        app = TotalAccesApp(settings_path=Path(tempfile.mkdtemp()) / "settings.json")

    def on_first_flip(*_: object) -> None:
        Window.unbind(on_flip=on_first_flip)
        result["first_frame_s"] = time.perf_counter() - T0
        if kind == "app":
            Clock.schedule_once(lambda _dt: switch_screens(), 0)
        else:
            Clock.schedule_once(lambda _dt: app.stop(), 0)

    def switch_screens() -> None:
        names = ["near", "settings", "callback", "offers", "careers", "home"]
        timings: list[float] = []
        state = {"i": 0, "t": 0.0}

        def on_flip(*_: object) -> None:
            if state["t"]:
                timings.append(time.perf_counter() - state["t"])
                state["t"] = 0.0
                Clock.schedule_once(lambda _dt: step(), 0)

        def step() -> None:
            if state["i"] >= 3 * len(names):
                Window.unbind(on_flip=on_flip)
                result["switch_median_ms"] = statistics.median(timings) * 1000
                result["switch_max_ms"] = max(timings) * 1000
                app.stop()
                return
            name = names[state["i"] % len(names)]
            state["i"] += 1
            state["t"] = time.perf_counter()
            app.navigate(name)  # type: ignore[attr-defined]
            Window.canvas.ask_update()

        Window.bind(on_flip=on_flip)
        step()

    Window.bind(on_flip=on_first_flip)
    app.run()
    print("RESULT " + json.dumps(result))


def run_child(kind: str) -> tuple[float, dict[str, float]]:
    env = dict(os.environ)
    env.pop("KIVY_HOME", None)
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, __file__, "--child", kind],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    wall = time.perf_counter() - start
    lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    if done.returncode != 0 or not lines:
        raise SystemExit(f"{kind} failed:\n{done.stderr[-3000:]}")
    return wall, json.loads(lines[-1][7:])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--child", choices=["bare", "app"])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    run_child("bare")  # warm the file cache once, not counted
    bare, app, switches, slowest = [], [], [], []
    for _ in range(args.runs):
        bare.append(run_child("bare")[1]["first_frame_s"])
        _wall, data = run_child("app")
        app.append(data["first_frame_s"])
        switches.append(data["switch_median_ms"])
        slowest.append(data["switch_max_ms"])
    b, a = statistics.median(bare), statistics.median(app)
    print(f"runs: {args.runs} (median), headless SDL offscreen")
    print(f"bare Kivy app, start to first frame : {b * 1000:7.0f} ms")
    print(f"Total Accès app, start to first frame: {a * 1000:7.0f} ms")
    print(f"ratio app / bare                    : {a / b:7.2f} x (goal <= 1.5 x)")
    print(f"screen switch to next frame (median) : {statistics.median(switches):7.1f} ms")
    print(f"slowest switch (first build of a screen): {max(slowest):5.1f} ms")


if __name__ == "__main__":
    main()
