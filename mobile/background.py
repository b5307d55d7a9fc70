"""Network calls off the interface thread; results come back on it through the Kivy clock.

Jobs given the same `lane` run one after the other, in the order they were given, on one worker
thread, and their results reach the interface in that order: the turns of the voice dialogue
(two quick questions must not be handled at the same time, nor answered out of order).
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from typing import Any

from kivy.clock import Clock

Task = tuple[Callable[[], Any], Callable[[Any], None], Callable[[Exception], None]]


class BackgroundRunner:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.pending = 0
        #: lane -> its waiting tasks; the first one is running (the lane has a worker thread)
        self._lanes: dict[str, deque[Task]] = {}

    def run(
        self,
        job: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None],
        lane: str | None = None,
    ) -> None:
        task: Task = (job, on_done, on_error)
        with self._lock:
            self.pending += 1
            if lane is not None:
                waiting = self._lanes.get(lane)
                if waiting is not None:  # its worker will take it after the others
                    waiting.append(task)
                    return
                self._lanes[lane] = deque([task])
        if lane is None:
            target: Callable[[], None] = lambda: self._execute(task)  # noqa: E731
        else:
            target = lambda: self._lane_worker(lane)  # noqa: E731
        threading.Thread(target=target, name=f"api-call-{lane or 'any'}", daemon=True).start()

    def _lane_worker(self, lane: str) -> None:
        while True:
            with self._lock:
                waiting = self._lanes[lane]
                if not waiting:
                    del self._lanes[lane]
                    return
                task = waiting[0]  # stays in the deque while it runs: new tasks queue behind it
            self._execute(task)
            with self._lock:
                waiting.popleft()

    def _execute(self, task: Task) -> None:
        job, on_done, on_error = task
        try:
            result = job()
        except Exception as exc:
            self._finish(on_error, exc)
            return
        self._finish(on_done, result)

    def _finish(self, callback: Callable[[Any], None], value: Any) -> None:
        # the clock calls what was scheduled in the order it was scheduled: one lane's results,
        # scheduled one after the other by its single worker, reach the interface in order
        def on_ui(_dt: float) -> None:
            try:
                callback(value)
            finally:
                with self._lock:
                    self.pending -= 1

        Clock.schedule_once(on_ui, 0)
