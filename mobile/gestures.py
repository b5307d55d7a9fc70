"""Self-voicing gestures, as TalkBack users know them, recognised from raw touches.

- swipe right / left: next / previous element;
- one tap: explore, the element under the finger takes the focus and is spoken;
- double tap (anywhere): activate the focused element.

With TalkBack running, Android swallows single taps and turns a double tap into one tap delivered to
the app, and two-finger swipes arrive as one-finger swipes: in that mode (`tap_activates`) a tap
activates and swipes still move the focus.

Pure Python (no Kivy) so that it is tested with exact timings.
"""

from __future__ import annotations

from dataclasses import dataclass

SWIPE_MIN_DISTANCE = 60.0  # in pixels, the app passes dp(60)
TAP_MAX_MOVE = 24.0
TAP_MAX_DURATION = 0.5
DOUBLE_TAP_INTERVAL = 0.35


@dataclass(frozen=True)
class Gesture:
    kind: str  # "swipe_right" | "swipe_left" | "swipe_up" | "swipe_down" | "tap" | "double_tap" | "activate"
    x: float = 0.0
    y: float = 0.0


class GestureRecognizer:
    def __init__(
        self,
        swipe_min: float = SWIPE_MIN_DISTANCE,
        tap_max_move: float = TAP_MAX_MOVE,
        tap_activates: bool = False,
    ) -> None:
        self.swipe_min = swipe_min
        self.tap_max_move = tap_max_move
        self.tap_activates = tap_activates
        self._down: tuple[float, float, float] | None = None
        self._pending_tap: tuple[float, float, float] | None = None

    def down(self, x: float, y: float, t: float) -> None:
        self._down = (x, y, t)

    def up(self, x: float, y: float, t: float) -> Gesture | None:
        """Return the gesture finished by this touch-up, if it is known already.

        A single tap is only known once the double-tap interval has passed: call `flush(t)`.
        """
        if self._down is None:
            return None
        x0, y0, t0 = self._down
        self._down = None
        dx, dy = x - x0, y - y0
        if max(abs(dx), abs(dy)) >= self.swipe_min and t - t0 <= 1.5:
            self._pending_tap = None
            if abs(dx) >= abs(dy):
                return Gesture("swipe_right" if dx > 0 else "swipe_left", x0, y0)
            return Gesture("swipe_up" if dy > 0 else "swipe_down", x0, y0)
        if (
            abs(dx) <= self.tap_max_move
            and abs(dy) <= self.tap_max_move
            and t - t0 <= TAP_MAX_DURATION
        ):
            if self.tap_activates:
                return Gesture("activate", x, y)
            if self._pending_tap is not None and t - self._pending_tap[2] <= DOUBLE_TAP_INTERVAL:
                self._pending_tap = None
                return Gesture("activate", x, y)
            self._pending_tap = (x, y, t)
            return None
        return None

    def flush(self, t: float) -> Gesture | None:
        """The pending single tap, once no second tap came in time."""
        if self._pending_tap is None:
            return None
        x, y, t0 = self._pending_tap
        if t - t0 < DOUBLE_TAP_INTERVAL:
            return None
        self._pending_tap = None
        return Gesture("tap", x, y)

    def due_in(self, t: float) -> float:
        """Seconds until the pending single tap can be flushed (0 when it can, or none waits)."""
        if self._pending_tap is None:
            return 0.0
        return max(0.0, DOUBLE_TAP_INTERVAL - (t - self._pending_tap[2]))

    @property
    def waiting(self) -> bool:
        return self._pending_tap is not None
