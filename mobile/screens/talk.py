"""Parler: the voice dialogue. Without a microphone, a text field feeds the same dialogue.

The dialogue's turns run one at a time, in the order they were asked, on one worker thread (the
"dialogue" lane of the app's BackgroundRunner), and their replies are shown in that order: two
quick questions can never be handled at the same time nor answered out of order."""

from __future__ import annotations

import logging
import threading
from typing import Any

from mobile.screens.base import BaseScreen
from mobile.speech import MAX_RATE, MIN_RATE, RATE_STEP

LISTEN_SECONDS = 10.0
DIALOGUE_LANE = "dialogue"

log = logging.getLogger(__name__)


class TalkScreen(BaseScreen):
    screen_name = "talk"
    title = "Parler"

    def build(self) -> None:
        self.dialogue: Any = None
        self._generation = 0  # "Recommencer" drops the replies of the previous conversation
        self.intro = self.text("")
        self.question = self.field(
            "Votre question", hint="Par exemple : une mission locale près de Lyon", submit=self.send
        )
        self.button("Envoyer", self.send)
        self.mic_box = self.section()
        self.replies = self.section()
        self.button("Recommencer", self.restart)

    def prepare(self, **_: Any) -> None:
        self.mic_box.clear_widgets()
        if self.host.speech_input_available():
            self.intro.text = "Touchez « Écouter » et parlez, ou écrivez votre question."
            self.button(
                "Écouter",
                self.listen,
                parent=self.mic_box,
                hint="Dites votre question à voix haute",
            )
        else:
            self.intro.text = "Pas de micro utilisable sur cet appareil : écrivez votre question."
        if self.dialogue is None:
            self.restart()
        elif self.host.position is not None and hasattr(self.dialogue, "position"):
            dialogue, position = self.dialogue, self.host.position
            if dialogue.position != position:
                # found since the dialogue began ("Utiliser ma position"); changed between turns
                self._run(lambda: setattr(dialogue, "position", position), show=False)

    def restart(self) -> None:
        self._generation += 1
        self.replies.clear_widgets()
        try:
            self.dialogue = self.host.make_dialogue()
        except Exception:
            self.dialogue = None
        if self.dialogue is None:
            self.say_in(self.replies, "Erreur : le dialogue n'est pas disponible.", "alert")
            return
        self._run(self.dialogue.start)

    def send(self) -> None:
        text = self.question.text.strip()
        if not text:
            self.say_in(self.replies, "Erreur : écrivez une question.", "alert")
            return
        if self.dialogue is None:
            self.restart()
            if self.dialogue is None:
                return
        self.question.text = ""
        self.text(f"Vous : {text}", parent=self.replies)
        self._run(lambda: self.dialogue.handle(text))

    def listen(self) -> None:
        """One utterance from the microphone (voice.Listener, on a worker thread)."""
        if self.dialogue is None:
            self.restart()
            if self.dialogue is None:
                return
        dialogue = self.dialogue
        self.host.say("Je vous écoute.")

        def job(_client: Any) -> str:
            listener = self.host.make_listener()
            try:
                listener.expect(dialogue)
            except Exception:  # no grammar: free recognition
                log.warning("voice: no grammar for this question, free recognition", exc_info=True)
            heard: list[str] = []
            stop = threading.Event()
            timer = threading.Timer(LISTEN_SECONDS, stop.set)
            timer.start()
            try:
                listener.listen(lambda result: heard.append(result.text) or False, stop=stop)
            finally:
                timer.cancel()
            if not heard or not heard[0].strip():
                raise LookupError("rien entendu")
            return heard[0]

        self.host.call_api(job, self.heard, self.not_heard)

    def heard(self, text: str) -> None:
        self.question.text = text
        self.send()

    def not_heard(self, exc: Exception) -> None:
        if isinstance(exc, LookupError):
            message = "Erreur : je n'ai rien entendu. Réessayez, ou écrivez votre question."
        elif exc.__class__.__name__ == "ModelNotFound":
            message = "Erreur : " + str(exc)  # voice says how to install the French model
        else:
            message = "Erreur : le micro ne fonctionne pas. Écrivez votre question."
        self.say_in(self.mic_box, message, "alert")
        self.button("Écouter", self.listen, parent=self.mic_box)

    def _run(self, step: Any, show: bool = True) -> None:
        # the dialogue calls the API: never on the interface thread; one turn at a time, in order
        generation = self._generation

        def done(reply: Any) -> None:
            if show and generation == self._generation:
                self.replied(reply)

        def failed(exc: Exception) -> None:
            if generation == self._generation:
                self.show_error(self.replies, exc, None)

        self.host.call_api(lambda _client: step(), done, failed, lane=DIALOGUE_LANE)

    def replied(self, reply: Any) -> None:
        widget = self.text(f"Total Accès : {reply.text}", parent=self.replies)
        self.host.focus_and_say(widget, reply.text)
        for action in getattr(reply, "actions", []) or []:
            self.perform(action)

    def perform(self, action: Any) -> None:
        kind, data = action.kind, dict(action.data or {})
        platform = self.host.platform
        if kind == "dial" and data.get("phone"):
            if not platform.dial(str(data["phone"])):
                self.text(f"Composez le {data['phone']}.", parent=self.replies)
        elif kind == "route" and data.get("lat") is not None:
            platform.open_route(float(data["lat"]), float(data["lon"]), str(data.get("name", "")))
        elif kind == "open_url" and data.get("url"):
            platform.open_url(str(data["url"]))
        elif kind == "rate":
            step = RATE_STEP if data.get("change") == "faster" else -RATE_STEP
            self.host.set_speech_rate(
                max(MIN_RATE, min(MAX_RATE, self.host.settings.speech_rate + step))
            )
        elif kind == "end":
            self.dialogue = None
