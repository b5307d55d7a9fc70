"""Network calls off the interface thread; results come back on it through the Kivy clock."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from kivy.clock import Clock


class BackgroundRunner:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.pending = 0

    def run(
        self,
        job: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None],
    ) -> None:
        with self._lock:
            self.pending += 1

        def finish(callback: Callable[[Any], None], value: Any) -> None:
            def on_ui(_dt: float) -> None:
                try:
                    callback(value)
                finally:
                    with self._lock:
                        self.pending -= 1

            Clock.schedule_once(on_ui, 0)

        def worker() -> None:
            try:
                result = job()
            except Exception as exc:
                finish(on_error, exc)
                return
            finish(on_done, result)

        threading.Thread(target=worker, name="api-call", daemon=True).start()
