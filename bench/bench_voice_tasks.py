"""Voice, measured on a held-out set: utterances and conversations written without the templates.

`bench/voice_set/utterances.yaml` (single utterances, each with the context it is said in, the
intent and the slots meant) and `bench/voice_set/conversations.yaml` (multi-turn tasks with a
goal) were written by a helper that was given only the list of tasks, intents and slot names,
and never read the project's code, sentence templates or tests. They stay out of the templates'
tuning: a miss found here is fixed at its cause, and new utterances are written to check it.

1. Utterances. `home`: `voice.understand` must give the intent and every slot listed. `results`
   and `detail`: the same, said after a real search ("mission locale à lyon", then "le premier"
   for `detail`). `ask_place`: said after "mission locale" and "Dans quelle ville ?"; what counts
   is the place the dialogue then sends to the API (`code_insee`, or `departement`/`region`).
   Places are written "Name|département" and compared by INSEE code (the gazetteer's reading of
   the name and its département), "dept:93" and "region:Bretagne" by area. Slots compared:
   kind, place, radius_km, level, accessible, near_me, index, topic, words (folded), job
   (the career words or the career found). Goal: >= 95 % right.
2. Conversations: each runs in a fresh dialogue against the real API on the bundled data (served
   in this process, tests/support/backend.py); the goal is reached when the dialogue does what
   was asked (dial or route after a search of that kind and place, a callback accepted by the
   server, offers read for that place, the career described, a guide answer holding one of the
   words, the hours or the distance told). Goal: >= 90 % completed, median turns <= 4.

Baseline in the same run: the project's own utterance cases (tests/voice/utterances.yaml, tuned
with the templates), intent and slots, to show how far the held-out set is from them. Run: .venv/bin/python bench/bench_voice_tasks.py [--misses]
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SET = ROOT / "bench" / "voice_set"

COMPARED = ("kind", "radius_km", "level", "accessible", "near_me", "index", "topic")


def _fold(text: str) -> str:
    from geodata.text import fold

    return fold(text)


def expected_place(spec: str) -> str:
    """ "Lille|59" -> "59350"; "dept:93" -> "departement:93"; "region:Bretagne" -> "region:53"."""
    import geodata

    if spec.startswith("dept:"):
        return "departement:" + spec.split(":", 1)[1].upper()
    if spec.startswith("region:"):
        name = _fold(spec.split(":", 1)[1])
        for area in geodata.all_areas():
            if area.kind == "region" and _fold(area.nom) == name:
                return area.key
        raise ValueError(f"unknown region {spec}")
    name, _, dept = spec.partition("|")
    res = geodata.lookup(f"{name} {dept}".strip())
    if not res.candidates:
        raise ValueError(f"unknown commune {spec}")
    return res.candidates[0].code_insee


def same_place(got_code: str | None, got_area: str | None, want: str) -> bool:
    import geodata

    if want.startswith(("departement:", "region:")):
        return got_area == want
    if got_code == want:
        return True
    # an arrondissement for its city, or the city for one of its arrondissements
    a, b = geodata.get_commune(got_code or ""), geodata.get_commune(want)
    return bool(a and b and (a.parent_insee == b.code_insee or b.parent_insee == a.code_insee))


def check_slots(slots: dict[str, Any], want: dict[str, Any]) -> list[str]:
    from voice.vocabulary import find_rome

    wrong = []
    for key, value in want.items():
        if key == "place":
            place = expected_place(str(value))
            if not same_place(slots.get("place"), slots.get("place_area"), place):
                wrong.append(f"place {slots.get('place') or slots.get('place_area')} != {value}")
        elif key == "words":
            if _fold(str(slots.get("words") or "")) != _fold(str(value)):
                wrong.append(f"words {slots.get('words')!r} != {value!r}")
        elif key == "job":
            words, rome = _fold(str(slots.get("words") or "")), slots.get("rome")
            if _fold(str(value))[:5] not in words and not (
                rome and rome == find_rome(_fold(value))
            ):
                wrong.append(f"job {slots.get('words')!r}/{rome} != {value!r}")
        elif key in COMPARED and slots.get(key) != value:
            wrong.append(f"{key} {slots.get(key)!r} != {value!r}")
    return wrong


def dialogue_at(api: Any, context: str) -> Any:
    from voice import Dialogue

    d = Dialogue(api.client())
    d.start()
    if context in ("results", "detail"):
        d.handle("mission locale à lyon")
    if context == "detail":
        d.handle("le premier")
    if context == "ask_place":
        d.handle("mission locale")
    return d


def tuned_baseline() -> tuple[int, int]:
    """(right, total) on the project's own cases, whose places are INSEE codes already."""
    from voice import understand

    cases = yaml.safe_load((ROOT / "tests" / "voice" / "utterances.yaml").read_text("utf-8"))
    right = 0
    for said, intent, slots in cases:
        u = understand(said)
        got = {k: u.slots.get(k) for k in slots}
        right += u.intent == intent and got == slots
    return right, len(cases)


def run_utterances(api: Any, cases: list[dict[str, Any]]) -> list[str]:
    from voice import understanding

    misses: list[str] = []
    for case in cases:
        said, context = case["said"], case.get("context", "home")
        want = dict(case.get("slots") or {})
        if context == "ask_place":
            recorder = api.recorder()
            d = dialogue_at(api, context)
            recorder.clear()
            d.client = recorder.client()
            reply = d.handle(said)
            sent = (recorder.params("/api/v1/structures") or [{}])[0]
            area = next((f"{k}:{sent[k]}" for k in ("departement", "region") if k in sent), None)
            if "place" in want:
                if not same_place(sent.get("code_insee"), area, expected_place(want["place"])):
                    misses.append(f"{said!r} [ask_place] sent {sent} ({reply.state})")
            elif want.get("near_me") and reply.state == "ask_place" and not sent:
                pass  # no position on this machine: asking again is the right answer
            continue
        u = understanding.understand(said)
        intent = u.intent
        if context == "ask_place":
            intent = case["intent"]  # the rules alone have no state: only the slots count
        slots = dict(u.slots)
        wrong = [] if intent == case["intent"] else [f"intent {intent} != {case['intent']}"]
        wrong += check_slots(slots, want)
        if wrong:
            misses.append(f"{said!r} [{context}] " + "; ".join(wrong))
    return misses


def goal_reached(goal: dict[str, Any], reply: Any, recorder: Any, d: Any) -> bool:
    action = goal["action"]
    structures = recorder.params("/api/v1/structures")
    last = structures[-1] if structures else {}

    def searched(params: dict[str, str]) -> bool:
        if goal.get("kind") and params.get("kind") != goal["kind"]:
            return False
        if "place" not in goal:
            return True
        area = next((f"{k}:{params[k]}" for k in ("departement", "region") if k in params), None)
        return same_place(params.get("code_insee"), area, expected_place(goal["place"]))

    if action in ("dial", "route"):
        return any(a.kind == action for a in reply.actions) and searched(last)
    if action == "callback":
        accepted = recorder.accepted_callbacks
        if not accepted:
            return False
        sent = recorder.callbacks[-1]
        return not goal.get("topic") or sent.get("topic") == goal["topic"]
    if action == "offers":
        offers = recorder.params("/api/v1/offers")
        if reply.state != "results" or d.list_kind != "offers" or not offers:
            return False
        sent = offers[-1]
        if goal.get("words") and _fold(goal["words"]).split()[0][:5] not in _fold(
            sent.get("q", "")
        ):
            return False
        if goal.get("level") and sent.get("level") != goal["level"]:
            return False
        return searched({**sent, "kind": goal.get("kind", "")})
    if action == "career":
        careers = [
            e for e in recorder.exchanges if e.request.url.path.startswith("/api/v1/careers/")
        ]
        return bool(careers) and _fold(goal["job"])[:5] in _fold(reply.text)
    if action == "guide":
        return any(_fold(w) in _fold(reply.text) for w in goal["about"])
    if action == "hours":
        said = _fold(reply.text)
        return searched(last) and any(w in said for w in ("ouvert", "horaire", "ferme", "heure"))
    if action == "distance":
        said = _fold(reply.text)
        return searched(last) and any(w in said for w in ("kilometre", "metre", "ici meme"))
    raise ValueError(f"unknown goal {action}")


# What the dialogue says when the data cannot do what was asked: no structure there reads
# callback requests, no place of that kind is listed, the place has no phone or no address, no
# offer for those words. A conversation that ends on one of them is not completed; it is
# counted apart, to tell the voice's misses from the data's holes.
DATA_HOLES = (
    "Nous ne pouvons pas transmettre votre demande ici",
    "n'a pas encore la liste",
    "Je n'ai pas de numéro",
    "Ce lieu n'a pas de numéro à lui",
    "adresse non connue",
    "Je n'ai trouvé aucune offre de stage pour",
)


def run_conversations(
    api: Any, conversations: list[dict[str, Any]]
) -> tuple[int, list[int], list[str], int]:
    from voice import Dialogue

    done, turns_used, failed, holes = 0, [], [], 0
    for conv in conversations:
        recorder = api.recorder()
        d = Dialogue(recorder.client())
        d.start()
        transcript, said = [], []
        for n, turn in enumerate(conv["turns"], start=1):
            reply = d.handle(turn)
            said.append(reply.text)
            transcript.append(f"    > {turn}\n      [{reply.state}] {reply.text[:160]}")
            if goal_reached(conv["goal"], reply, recorder, d):
                done += 1
                turns_used.append(n)
                break
        else:
            hole = any(marker in text for text in said for marker in DATA_HOLES)
            holes += hole
            tag = " [the data lacks it]" if hole else ""
            failed.append(f"  {conv['task']} ({conv['goal']}){tag}\n" + "\n".join(transcript))
        recorder.close()
    return done, turns_used, failed, holes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list every miss")
    parser.add_argument(
        "--set",
        default="",
        help="a folder of bench/voice_set holding another held-out set (e.g. round2)",
    )
    args = parser.parse_args()
    from tests.support.backend import bundled_api

    api = bundled_api()
    folder = SET / args.set if args.set else SET
    print(f"set: {folder.relative_to(ROOT)}")
    cases = yaml.safe_load((folder / "utterances.yaml").read_text(encoding="utf-8"))
    conversations = yaml.safe_load((folder / "conversations.yaml").read_text(encoding="utf-8"))

    misses = run_utterances(api, cases)
    right = len(cases) - len(misses)
    print(f"utterances: {right}/{len(cases)} right ({100 * right / len(cases):.1f} %, goal 95 %)")
    by_context: dict[str, list[int]] = {}
    missed = {m.split("' [", 1)[0] for m in misses}
    for case in cases:
        counts = by_context.setdefault(case.get("context", "home"), [0, 0])
        counts[1] += 1
        counts[0] += repr(case["said"]).rstrip("'") not in missed
    for context, (ok, total) in sorted(by_context.items()):
        print(f"  {context:10s} {ok}/{total}")
    base_right, base_total = tuned_baseline()
    print(
        f"  baseline, the project's own cases: {base_right}/{base_total} "
        f"({100 * base_right / base_total:.1f} %); held-out / own = "
        f"{(right / len(cases)) / (base_right / base_total):.2f}"
    )

    done, used, failed, holes = run_conversations(api, conversations)
    median = statistics.median(used) if used else float("nan")
    print(
        f"conversations: {done}/{len(conversations)} completed "
        f"({100 * done / len(conversations):.1f} %, goal 90 %), median turns {median} (goal <= 4)"
    )
    print(
        f"  not completed: {len(failed)}, of which {holes} ended on an answer that the data "
        f"cannot do it (no structure reading requests there, no place of that kind, no phone, "
        f"no offer for those words)"
    )
    if args.misses:
        print("\nmissed utterances:")
        for m in misses:
            print("  " + m)
        print("\nconversations not completed:")
        for f in failed:
            print(f)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
