"""The guides: the best answer to a question, and a guide's text read as sentences.

A guide's Markdown is parsed as the web and the app parse it (:mod:`totalacces.guide_markdown`)
and said as written for the ear; acronyms with their words in brackets say the words once.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from geodata.text import fold
from totalacces import guide_markdown
from totalacces.vocabulary import KINDS
from voice import language
from voice.dialogue import reply
from voice.dialogue.kinds import KIND_EXPLAINED, _one_who_helps, _only_kind
from voice.dialogue.reply import Reply, _heard_words, _nth
from voice.language import alternatives, mapping
from voice.understanding import FUNCTION_WORDS, UNKNOWN, Understanding

log = logging.getLogger("voice.dialogue")


GUIDE_CHUNK = 3  # sentences of a guide's full text read at a time

_GUIDE_ALIASES = mapping("guide_aliases")

# "c'est quoi X" asks for a definition: a guide titled "C'est quoi X ?" answers it best.
_DEFINITION_ASKED = re.compile(rf"\b({alternatives('definition_asked')})")


def _guide_tokens(text: str) -> frozenset[str]:
    out = set()
    for word in fold(text).split():
        word = _GUIDE_ALIASES.get(word, word)
        if word in FUNCTION_WORDS or (len(word) < 2 and not word.isdigit()):
            continue
        if len(word) > 4 and word[-1] in "sx":
            word = word[:-1]
        out.add(word)
    return frozenset(out)


def _guide_hits(asked: frozenset[str], words: frozenset[str]) -> int:
    """How many asked words a text has ("stage" meets "stages", "aide" meets "aider")."""
    return sum(
        1
        for a in asked
        if a in words
        or (
            len(a) >= 4 and any(len(w) >= 4 and (w.startswith(a) or a.startswith(w)) for w in words)
        )
    )


def closest_guides(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The guide that answers (one item), the ones that answer it as well (up to 3), or none,
    as the API ranked them (``/api/v1/guides?q=``: ``best`` marks the guides as good as the
    first). When the first guide has none of the words in its title, keywords or short answer
    (``named``), the service found them in the texts only: no answer."""
    if not items or not items[0].get("named"):
        return []
    return [item for item in items if item.get("best")][:3]


_ACRONYM = r"[A-Z0-9]*[A-Z][A-Z0-9]*[A-Z][A-Z0-9]*"


def _heard(text: str) -> str:
    """A guide's words made to be heard: "la RQTH (reconnaissance ...)" says the words once."""
    text = re.sub(rf"\b{_ACRONYM}\s*\(([^()]+)\)", r"\1", text)  # ABBR (words) -> words
    text = re.sub(rf"\s*\({_ACRONYM}\)", "", text)  # words (ABBR) -> words
    text = re.sub(r"\s*\(([^()]+)\)", r", \1,", text)  # any other aside, between commas
    text = re.sub(r",\s*([.!?;:])", r"\1", text)
    text = " ".join(text.split()).strip()
    if text and text[-1] not in ".!?":
        text = text.rstrip(",;:") + "."
    return text


def guide_sentences(markdown: str) -> list[str]:
    """The full text of a guide as sentences to read, block by block (titles, list items,
    paragraphs), parsed as the web and the app parse it (:mod:`totalacces.guide_markdown`)."""
    sentences: list[str] = []
    for block in guide_markdown.parse(markdown or ""):
        heard = _heard(block.text)
        sentences.extend(s for s in re.split(r"(?<=[.!?])\s+", heard) if s.strip())
    return sentences


class GuidesMixin:
    """Questions answered by the guides, and a guide read three sentences at a time."""

    def _guide(self, u: Understanding) -> Reply | None:
        """A question: the best guide's short answer, or up to three guides to choose from."""
        kind = u.slots.get("kind")
        topic = u.slots.get("topic_text") or (KINDS[kind].spoken if kind in KINDS else "")
        if not topic:
            return None
        definition = bool(_DEFINITION_ASKED.search(u.text))
        try:
            answer = self.client.guides(q=topic, limit=5, definition=definition)
        except Exception as exc:
            return self._guide_failure(exc, kind)
        items = [i for i in answer.get("items") or [] if i.get("slug")]
        if kind and definition and _only_kind(topic, kind):
            # "c'est quoi une mission locale": the guide named after that place, or what it does
            own = [i for i in items if i.get("in_title")]
            if own:
                return self._guide_answer(own[0], kind)
            if kind in KIND_EXPLAINED:
                return self._explain_kind(kind)
        found = closest_guides(items)
        if not found:
            if kind in KIND_EXPLAINED:
                return self._explain_kind(kind)
            self._reset_search()
            self.state = "home"
            return self._say(
                "Je n'ai pas de réponse à cette question.",
                prompt=language.prompt("ask_otherwise"),
            )
        if len(found) == 1:
            return self._guide_answer(found[0], kind, asked=topic)
        self._reset_search()
        self.guide_choices = found[:3]
        self.state = "guide_choice"
        lines = ["Plusieurs guides répondent à votre question."]
        for n, item in enumerate(self.guide_choices, start=1):
            title = " ".join(str(item.get("title") or "").split())
            if title[-1:] not in ("?", ".", "!"):
                title += "."
            lines.append(f"{_nth(n).capitalize()} : {title}")
        return self._say(
            *lines,
            prompt=self._prompt_for_state(),
            items_read=len(self.guide_choices),
        )

    def _guide_detail(self, item: dict[str, Any]) -> dict[str, Any]:
        """The guide with its full text and `speech` (the summary alone if that fails)."""
        if "speech" in item:
            return item
        try:
            return {**item, **self.client.guide(str(item["slug"]))}
        except Exception as exc:  # the summary's short answer will do
            log.info("voice dialogue: guide detail failed (%s)", type(exc).__name__)
            return dict(item)

    def _guide_answer(
        self, item: dict[str, Any], kind: str | None = None, asked: str = ""
    ) -> Reply:
        self._reset_search()
        guide = self._guide_detail(item)
        helpers = [h["kind"] if isinstance(h, dict) else h for h in guide.get("helpers") or []]
        self.guide = guide
        self.guide_kind = self._helpful_kind([kind, *helpers] if kind else helpers)
        self.state = "guide"
        answer = " ".join(str(guide.get("speech") or guide.get("short_answer") or "").split())
        # The question answered, when the answer needs it ("Oui, ...") or differs from what
        # was asked: the person knows what they hear.
        title = " ".join(str(guide.get("title") or "").split())
        if title and (re.match(r"(?i)(oui|non)\b", answer) or (asked and not item.get("in_title"))):
            title = title if title[-1:] in ("?", ".", "!") else title + "."
        else:
            title = ""
        who = f"{_one_who_helps(self.guide_kind)} peut vous aider." if self.guide_kind else ""
        return self._say(title, answer, who, prompt=self._guide_question(), quoted=answer)

    def _explain_kind(self, kind: str) -> Reply:
        """What a kind of place does (no guide is about it), then its places near the person."""
        self._reset_search()
        self.guide_kind = self._helpful_kind([kind])
        if self.guide_kind is None:
            return self._career({"kind": kind})
        self.state = "guide"
        return self._say(*KIND_EXPLAINED[kind], prompt=self._guide_question())

    def _guide_failure(self, exc: Exception, kind: str | None) -> Reply:
        from totalacces.client import ApiError

        if isinstance(exc, ApiError):
            log.warning("voice dialogue: guides error %s", exc.status)
            return self._say(
                language.prompt("service_problem"), prompt=language.prompt("try_later")
            )
        return self._api_failure(exc)

    def _available_kinds(self) -> frozenset[str]:
        if self._available is None:
            try:
                items = self.client.kinds().get("items") or []
                self._available = frozenset(
                    str(i.get("kind")) for i in items if i.get("available", True)
                )
            except Exception as exc:  # not known: every kind may have places
                log.info("voice dialogue: kinds failed (%s)", type(exc).__name__)
                self._available = frozenset(KINDS)
        return self._available

    def _helpful_kind(self, kinds: list[str | None]) -> str | None:
        """The first of `kinds` the voice knows and the service has places for."""
        known = [k for k in kinds if k in KINDS]
        if not known:
            return None
        available = self._available_kinds()
        return next((k for k in known if k in available), None)

    def _guide_question(self) -> str:
        if self.guide_kind:
            return language.prompt("guide_prompts")["places"]
        return language.prompt("guide_prompts")["more"]

    def _guide_places(self, slots: dict[str, Any] | None = None) -> Reply:
        params: dict[str, Any] = {"kind": self.guide_kind}
        params.update({k: v for k, v in (slots or {}).items() if k.startswith("place")})
        if not params.get("place") and self.position:
            params["near_me"] = True
        return self._find_structures(params)

    def _guide_read(self, offset: int) -> Reply:
        """The full text of the guide, three sentences at a time, fewer when three would be
        over MAX_WORDS heard words (at least one)."""
        sentences = guide_sentences(str((self.guide or {}).get("body_markdown") or ""))
        if not sentences or offset >= len(sentences):
            self.state = "guide" if self.guide_kind else "home"
            first = "C'est la fin du guide." if sentences else "Je n'ai pas plus de détails."
            return self._say(first, prompt=self._prompt_for_state())
        if not self._guide_pages or self._guide_pages[-1] != offset:
            self._guide_pages.append(offset)  # where each chunk read starts, for « précédent »
        self.guide_offset = offset
        budget = reply.MAX_WORDS - _heard_words(
            " ".join(["C'est la fin du guide.", self._prompt_for_state()])
        )
        end, used = offset + 1, _heard_words(sentences[offset])
        while end < min(len(sentences), offset + GUIDE_CHUNK):
            used += _heard_words(sentences[end])
            if used > budget:
                break
            end += 1
        self.guide_next = end
        chunk = " ".join(sentences[offset : self.guide_next])
        if self.guide_next < len(sentences):
            self.state = "guide_reading"
            return self._say(chunk, prompt=self._prompt_for_state(), quoted=chunk)
        self.state = "guide" if self.guide_kind else "home"
        return self._say(
            chunk, "C'est la fin du guide.", prompt=self._prompt_for_state(), quoted=chunk
        )

    def _guide_before(self) -> int:
        """Where the chunk read before the current one starts."""
        if len(self._guide_pages) >= 2:
            self._guide_pages.pop()
            return self._guide_pages.pop()  # read again: _guide_read notes it anew
        return 0

    def _in_guide(self, u: Understanding, text: str) -> Reply | None:
        if u.intent == "yes":
            if not self.guide_kind:
                return self._guide_read(self.guide_next)
            from voice.understanding import place_in

            return self._guide_places(place_in(u.text, None))  # "oui, à Lyon"
        if u.intent == "no":
            self._reset_search()
            self.state = "home"
            return self._say(language.prompt("ok"), prompt=self._prompt_for_state())
        if u.intent == "details":
            return self._guide_read(self.guide_next)
        if self.guide_kind and u.intent == UNKNOWN and u.slots.get("place"):
            return self._guide_places(u.slots)  # "lyon", "à grenoble"
        if self.guide_kind and u.intent == UNKNOWN and u.slots.get("near_me"):
            return self._guide_places()
        return None

    def _in_guide_reading(self, u: Understanding, text: str) -> Reply | None:
        if u.intent in ("yes", "details"):
            return self._guide_read(self.guide_next)
        if u.intent == "no":
            self.state = "guide" if self.guide_kind else "home"
            return self._say(language.prompt("ok"), prompt=self._prompt_for_state())
        return None

    def _in_guide_choice(self, u: Understanding, text: str) -> Reply | None:
        choices = self.guide_choices
        if u.intent == "select" and u.slots.get("index") is not None:
            index = len(choices) if u.slots["index"] == -1 else int(u.slots["index"])
            if 1 <= index <= len(choices):
                return self._guide_answer(choices[index - 1])
            return self._say(
                f"Il n'y a pas de numéro {index}.",
                prompt=language.prompt("number_between").format(last=_nth(len(choices))),
            )
        if u.intent == "no":
            self._reset_search()
            self.state = "home"
            return self._say(language.prompt("ok"), prompt=self._prompt_for_state())
        if u.confidence < 1.0:  # words of a title: "celui sur l'employeur"
            said = _guide_tokens(u.text)
            scores = [_guide_hits(said, _guide_tokens(c.get("title") or "")) for c in choices]
            best = max(scores, default=0)
            if best > 0 and scores.count(best) == 1:
                return self._guide_answer(choices[scores.index(best)])
        return None
