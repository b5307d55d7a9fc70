"""The pyttsx3 worker process: one JSON request a line on stdin, one JSON answer a line on stdout.

pyttsx3 is only ever asked to write WAV files here, each to a new path, with text always queued
before ``runAndWait()``: so the espeak driver's quirks (blocking ``aplay``, a later ``say()``
writing into the last saved file, ``runAndWait()`` hanging with nothing queued) cannot happen.
The parent process kills and restarts this worker when an answer does not come in time.

espeak applies a rate change asynchronously, so the worker waits for it (``Synchronize``)
before each synthesis; otherwise a WAV is now and then made at the previous rate.

Requests: {"cmd": "voices"} | {"cmd": "synth", "text", "path", "voice", "rate"} | {"cmd": "ping"}.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys


def _synchronize() -> None:
    try:
        from pyttsx3.drivers import _espeak

        _espeak.Synchronize()
    except Exception:  # another driver: nothing to wait for
        return


def main() -> None:
    out = sys.stdout
    sys.stdout = io.StringIO()  # pyttsx3 prints "Audio saved to ..." : keep the channel clean
    import pyttsx3

    engine = pyttsx3.init("espeak")
    current: tuple[str, int] | None = None  # (voice, rate) last given to espeak
    for line in sys.stdin:
        try:
            req = json.loads(line)
            cmd = req.get("cmd")
            if cmd == "ping":
                answer: dict[str, object] = {"ok": True}
            elif cmd == "voices":
                voices = [
                    {"id": v.id, "languages": [str(x) for x in (v.languages or [])]}
                    for v in engine.getProperty("voices")
                ]
                answer = {"ok": True, "voices": voices}
            elif cmd == "synth":
                text = str(req["text"]).strip()
                path = str(req["path"])
                if not text:
                    answer = {"ok": False, "error": "empty"}
                else:
                    with contextlib.suppress(FileNotFoundError):
                        os.unlink(path)
                    wanted = (str(req["voice"]), int(req["rate"]))
                    if wanted != current:
                        engine.setProperty("voice", wanted[0])
                        engine.setProperty("rate", wanted[1])
                        # espeak applies parameters asynchronously: without this, a synthesis
                        # that follows a change is now and then made at the previous rate.
                        _synchronize()
                        current = wanted
                    ok = False
                    # espeak now and then writes an empty file (seen in the suite's runs on this
                    # machine): try again before telling the person there is no sound
                    for _attempt in range(3):
                        engine.save_to_file(text, path)
                        engine.runAndWait()
                        ok = os.path.exists(path) and os.path.getsize(path) > 44
                        if ok:
                            break
                    answer = {"ok": ok, "path": path}
            else:
                answer = {"ok": False, "error": f"unknown command {cmd!r}"}
        except Exception as exc:  # answer, never die silently
            answer = {"ok": False, "error": type(exc).__name__}
        sys.stdout = io.StringIO()
        out.write(json.dumps(answer) + "\n")
        out.flush()


if __name__ == "__main__":
    main()
