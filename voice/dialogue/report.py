"""« Signaler une erreur »: what is wrong with the place or offer just read, sent to the API."""

from __future__ import annotations

import logging

from geodata.text import fold
from totalacces import vocabulary
from voice import language
from voice.dialogue.reply import Reply
from voice.understanding import Understanding

log = logging.getLogger("voice.dialogue")


class ReportMixin:
    """An error reported on the item just read."""

    def _report_start(self, text: str) -> Reply:
        """ "Il y a une erreur" on the place or offer just read: the reason, then it is sent."""
        reason = vocabulary.report_reason(fold(text))
        if reason is not None and reason != "other":
            return self._report_send(reason)
        self.state = "report_reason"
        return self._say(language.prompt("ok"), prompt=self._prompt_for_state())

    def _in_report_reason(self, u: Understanding, text: str) -> Reply | None:
        reason = vocabulary.report_reason(fold(text))
        if reason is None and u.intent == "no":
            self.state = "detail"
            return self._say(language.prompt("nothing_sent"), prompt=self._prompt_for_state())
        if reason is None:
            return None
        return self._report_send(reason)

    def _report_send(self, reason: str) -> Reply:
        item = self.selected or {}
        target = "offer" if self.list_kind == "offers" else "structure"
        self.state = "detail"
        try:
            sent = self.client.report_error(target, int(item["id"]), reason, "voice")
        except Exception as exc:  # a server down or refusing: say so, keep the place
            log.info("voice dialogue: report failed (%s)", type(exc).__name__)
            return self._say(
                "Je n'ai pas pu envoyer le signalement. Réessayez plus tard.",
                prompt=self._prompt_for_state(),
            )
        item["reported"] = True
        return self._say(str(sent.get("speech") or "Merci."), prompt=self._prompt_for_state())
