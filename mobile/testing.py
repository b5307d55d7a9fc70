"""Helpers to drive the app headless in tests and benchmarks.

Kivy has one Window per process, so the test-suite shares one app (`get_harness()`) and resets it
between tests. `FakeApi` answers like the real API (shapes of docs/ARCHITECTURE.md) through
`httpx.MockTransport`; it can also play a server that cannot be reached.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any


def configure_headless() -> None:
    """Environment for Kivy without a screen; must run before the first `import kivy`."""
    os.environ.setdefault("KIVY_NO_ARGS", "1")
    os.environ.setdefault("KIVY_NO_CONSOLELOG", "1")
    os.environ.setdefault("KIVY_NO_FILELOG", "1")
    os.environ.setdefault("KIVY_LOG_MODE", "PYTHON")
    if "KIVY_HOME" not in os.environ:
        os.environ["KIVY_HOME"] = tempfile.mkdtemp(prefix="kivy-home-")
    if not os.environ.get("DISPLAY"):
        os.environ.setdefault("SDL_VIDEODRIVER", "offscreen")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    from kivy.config import Config  # reading the config does not open the window

    Config.set("graphics", "width", "480")
    Config.set("graphics", "height", "800")
    Config.set("graphics", "maxfps", "0")
    Config.set("kivy", "exit_on_escape", "0")


# -- a fake API with the contract's shapes -----------------------------------------------------
LYON = {
    "code_insee": "69383",
    "nom": "Lyon 3e Arrondissement",
    "departement": "69",
    "departement_nom": "Rhône",
    "population": 103000,
    "lat": 45.7597,
    "lon": 4.8422,
    "postcodes": ["69003"],
}
SAINT_DENIS = [
    {
        **LYON,
        "code_insee": "93066",
        "nom": "Saint-Denis",
        "departement": "93",
        "departement_nom": "Seine-Saint-Denis",
        "lat": 48.936,
        "lon": 2.357,
        "postcodes": ["93200"],
    },
    {
        **LYON,
        "code_insee": "97411",
        "nom": "Saint-Denis",
        "departement": "974",
        "departement_nom": "La Réunion",
        "lat": -20.88,
        "lon": 55.45,
        "postcodes": ["97400"],
    },
]
DIRECTIONS = [
    "au nord",
    "au nord-est",
    "à l'est",
    "au sud-est",
    "au sud",
    "au sud-ouest",
    "à l'ouest",
    "au nord-ouest",
]
KINDS = [("mission_locale", "Mission locale"), ("cio", "CIO"), ("e2c", "École de la 2e chance")]


def _structure(i: int) -> dict[str, Any]:
    kind, label = KINDS[i % len(KINDS)]
    metres = 350 + i * 420
    direction = DIRECTIONS[i % 8]
    km = f"{metres / 1000:.1f}".replace(".", ",")
    distance = f"à {metres} mètres" if metres < 1000 else f"à {km} kilomètres"
    return {
        "id": 100 + i,
        "kind": kind,
        "kind_label": label,
        "name": f"{label} de Lyon {i + 1}",
        "address": f"{i + 2} rue de la République",
        "postcode": "69003",
        "commune": "Lyon",
        "code_insee": "69383",
        "lat": 45.7597 + 0.003 * (i + 1),
        "lon": 4.8422 + 0.002 * (i + 1),
        "phone": f"04 78 {10 + i:02d} 34 56",
        "distance_m": float(metres),
        "direction": direction,
        "distance_text": f"{distance} {direction}",
        "verified": i % 2 == 0,
        "source": "Annuaire de l'éducation",
    }


def _structure_detail(i: int) -> dict[str, Any]:
    s = _structure(i)
    return {
        **s,
        "email": f"contact{i}@exemple.fr",
        "website": f"https://exemple.fr/structure/{i}",
        "opening_hours": "du lundi au vendredi, de 9 heures à 17 heures",
        "age_min": 16,
        "age_max": 25,
        "description": "Accueil des jeunes de 16 à 25 ans pour l'emploi, la formation et la santé.",
        "building_accessibility": "Entrée de plain-pied, ascenseur, boucle magnétique à l'accueil.",
        "source_date": "2025-09-01",
        "licence": "Licence Ouverte 2.0",
        "speech": f"{s['name']}, {s['distance_text']}. Téléphone : zéro quatre, soixante-dix-huit.",
    }


def _offer(i: int) -> dict[str, Any]:
    return {
        "id": 500 + i,
        "title": f"Stage d'observation en atelier {i + 1}",
        "employer": f"Entreprise Exemple {i + 1}",
        "commune": "Lyon",
        "code_insee": "69383",
        "lat": 45.76 + 0.01 * i,
        "lon": 4.84,
        "rome_codes": ["H2913"],
        "levels": ["3e", "cap"],
        "start_date": "2026-12-07",
        "end_date": "2026-12-11",
        "weeks": 1,
        "places_left": 2,
        "accessible": i % 2 == 0,
        "distance_m": 1000.0 * (i + 1),
        "direction": "au nord",
        "distance_text": f"à {i + 1} kilomètres au nord" if i else "à 1 kilomètre au nord",
        "is_example": i != 13,  # the last one stands for an offer an employer published
        "status": "published",
    }


def _career(i: int) -> dict[str, Any]:
    return {
        "code": f"H29{13 + i}",
        "label": f"Soudage manuel {i + 1}",
        "domain_code": "H29",
        "domain_label": "Mécanique, travail des métaux",
        "grand_domain_code": "H",
        "grand_domain_label": "Industrie",
        "is_industry": True,
        "summary": "Assembler des pièces de métal en les faisant fondre.",
        "onisep_url": "https://www.onisep.fr/metier/soudeur",
    }


# guides: the shapes of GET /api/v1/guides, /api/v1/guides/topics and /api/v1/guides/{slug}
GUIDE_TOPICS = [
    ("decrochage", "J'ai quitté l'école"),
    ("retour_ecole", "Reprendre des études"),
    ("structures", "Les lieux qui aident les jeunes"),
    ("aides", "Être accompagné vers l'emploi"),
    ("apprentissage", "Apprentissage et alternance"),
    ("stages", "Stages"),
    ("handicap", "Handicap : études et travail"),
    ("deficience_visuelle", "Aveugle ou malvoyant"),
    ("argent", "Argent et aides financières"),
    ("accompagnement", "Être conseillé, être rappelé"),
]
GUIDE_HELPERS = {
    "mission_locale": "Mission locale",
    "cio": "Centre d'information et d'orientation (CIO)",
    "e2c": "École de la 2e chance",
    "cij": "Centre d'information jeunesse",
    "mdph": "Maison départementale des personnes handicapées (MDPH)",
    "cap_emploi": "Cap emploi",
    "agefiph": "Agefiph",
    "cfa": "Centre de formation d'apprentis (CFA)",
    "crous": "CROUS (vie étudiante : bourses, logement, repas)",
}
RQTH_SPEECH = (
    "La R Q T H, reconnaissance de la qualité de travailleur handicapé, reconnaît que votre santé "
    "rend le travail plus difficile. Vous la demandez gratuitement à la M D P H, maison "
    "départementale des personnes handicapées."
)
RQTH_BODY = """La RQTH (reconnaissance de la qualité de travailleur handicapé) est une décision officielle.
Elle dit que votre handicap ou votre maladie réduit vos possibilités de trouver ou de garder un
emploi.

## À quoi sert-elle ?

- Être accompagné par Cap emploi, un service spécialisé dans l'emploi des personnes handicapées.
- Obtenir des aides de l'Agefiph (Association de gestion du fonds pour l'insertion
  professionnelle des personnes handicapées), par exemple pour du matériel.
- Faire adapter votre poste ou vos horaires de travail.

## Comment la demander ?

1. Remplissez le formulaire de demande de la **MDPH** (maison départementale des personnes
   handicapées).
2. Joignez un certificat médical récent, rempli par votre médecin.
3. Envoyez le dossier à la MDPH de votre département.

La demande est gratuite. Elle est possible dès 16 ans.

## Qui peut m'aider ?

- La MDPH (maison départementale des personnes handicapées) : elle reçoit votre demande.
- Cap emploi : il vous accompagne vers l'emploi une fois la RQTH obtenue.
- L'Agefiph : elle finance des aides.

Total Accès vous indique la MDPH et le Cap emploi les plus proches de chez vous.
"""


def _guide(
    slug: str,
    title: str,
    topic: str,
    short_answer: str,
    helpers: list[str],
    keywords: list[str],
    body: str | None = None,
    speech: str | None = None,
) -> dict[str, Any]:
    helpers_text = "\n".join(f"- {GUIDE_HELPERS[k]}." for k in helpers)
    return {
        "slug": slug,
        "title": title,
        "topic": topic,
        "topic_label": dict(GUIDE_TOPICS)[topic],
        "short_answer": short_answer,
        "body_markdown": body or f"{short_answer}\n\n## Qui peut m'aider ?\n\n{helpers_text}\n",
        "helpers": [
            {"kind": k, "label": GUIDE_HELPERS[k], "structures_url": f"/api/v1/structures?kind={k}"}
            for k in helpers
        ],
        "sources": [
            {
                "title": f"{title} (Service public)",
                "url": f"https://www.service-public.fr/particuliers/vosdroits/{slug}",
            }
        ],
        "last_checked": "2026-11-01" if slug == "cio" else "2026-11-29",
        "keywords": keywords,
        "speech": speech or short_answer,
    }


FAKE_GUIDES = [
    _guide(
        "rqth",
        "C'est quoi la RQTH ?",
        "handicap",
        "La RQTH (reconnaissance de la qualité de travailleur handicapé) reconnaît que votre santé "
        "rend le travail plus difficile. Vous la demandez gratuitement à la MDPH (maison "
        "départementale des personnes handicapées).",
        ["mdph", "cap_emploi", "agefiph"],
        ["RQTH", "travailleur handicapé", "MDPH"],
        body=RQTH_BODY,
        speech=RQTH_SPEECH,
    ),
    _guide(
        "dire-son-handicap",
        "Dois-je dire mon handicap à mon employeur ?",
        "handicap",
        "Non, vous n'êtes jamais obligé de dire votre handicap ou votre RQTH. C'est votre choix.",
        ["cap_emploi", "agefiph", "mission_locale"],
        ["dire son handicap", "employeur"],
    ),
    _guide(
        "mission-locale",
        "C'est quoi une Mission locale ?",
        "structures",
        "La Mission locale aide les jeunes de 16 à 25 ans : emploi, formation, logement, santé.",
        ["mission_locale"],
        ["mission locale", "16 25 ans"],
    ),
    _guide(
        "cio",
        "C'est quoi un CIO ?",
        "structures",
        "Un CIO (centre d'information et d'orientation) vous aide à choisir vos études. C'est gratuit.",
        ["cio"],
        ["CIO", "orientation"],
    ),
    _guide(
        "ecole-deuxieme-chance",
        "C'est quoi une École de la 2e chance ?",
        "structures",
        "L'École de la 2e chance accueille les jeunes sans diplôme pour préparer un métier.",
        ["e2c", "mission_locale"],
        ["E2C", "deuxième chance"],
    ),
    _guide(
        "apprentissage",
        "C'est quoi l'apprentissage ?",
        "apprentissage",
        "L'apprentissage permet d'apprendre un métier en travaillant dans une entreprise.",
        ["cfa", "mission_locale", "cio"],
        ["apprentissage", "alternance", "CFA"],
    ),
    _guide(
        "stage-de-3e",
        "Comment trouver mon stage de 3e ?",
        "stages",
        "Le stage de 3e dure une semaine. Demandez autour de vous et à votre collège.",
        ["cio"],
        ["stage", "3e", "collège"],
    ),
    _guide(
        "trouver-un-stage",
        "Comment trouver un stage ?",
        "stages",
        "Faites une liste d'entreprises, appelez-les et envoyez un message court.",
        ["mission_locale", "cio"],
        ["stage", "entreprise"],
    ),
    _guide(
        "quitter-ecole-sans-diplome",
        "J'ai quitté l'école sans diplôme : que faire ?",
        "decrochage",
        "Vous avez des solutions à tout âge. Une Mission locale vous reçoit et vous conseille.",
        ["mission_locale", "e2c"],
        ["décrochage", "sans diplôme"],
    ),
    _guide(
        "contrat-engagement-jeune",
        "C'est quoi le contrat d'engagement jeune ?",
        "aides",
        "Le CEJ (contrat d'engagement jeune) vous accompagne vers l'emploi, avec une allocation.",
        ["mission_locale", "cij"],
        ["CEJ", "allocation"],
    ),
    _guide(
        "bourses-etudes",
        "Comment payer mes études ?",
        "argent",
        "Des bourses existent selon les revenus de vos parents. Demandez-les au CROUS.",
        ["crous"],
        ["bourse", "argent"],
    ),
    _guide(
        "travailler-aveugle-malvoyant",
        "Travailler quand on est aveugle ou malvoyant ?",
        "deficience_visuelle",
        "Beaucoup de métiers sont possibles. Des aides paient le matériel adapté.",
        ["cap_emploi", "agefiph"],
        ["aveugle", "malvoyant", "emploi"],
    ),
]


def _words(text: str) -> str:
    import unicodedata

    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in text if not unicodedata.combining(c))


def _guide_summary(guide: dict[str, Any]) -> dict[str, Any]:
    keys = ("slug", "title", "topic", "short_answer", "last_checked")
    return {**{k: guide[k] for k in keys}, "helpers": [h["kind"] for h in guide["helpers"]]}


def search_fake_guides(q: str | None, topic: str | None) -> list[dict[str, Any]]:
    """Every word must be found (title first), as the real search does, without its ranking."""
    found = [g for g in FAKE_GUIDES if not topic or g["topic"] == topic]
    words = _words(q or "").split()
    if not words:
        return found

    def haystack(g: dict[str, Any]) -> str:
        return _words(" ".join([g["title"], g["short_answer"], *g["keywords"], g["body_markdown"]]))

    found = [g for g in found if all(w in haystack(g) for w in words)]
    return sorted(found, key=lambda g: not all(w in _words(g["title"]) for w in words))


class FakeApi:
    """Answers like the Total Accès API. Set `down = True` to play an unreachable server."""

    def __init__(self, structures: int = 12) -> None:
        self.down = False
        self.delay = 0.0
        self.n_structures = structures
        self.requests: list[Any] = []
        self.callbacks: dict[str, dict[str, Any]] = {}

    def transport(self):  # type: ignore[no-untyped-def]
        import httpx

        return httpx.MockTransport(self.handle)

    def handle(self, request):  # type: ignore[no-untyped-def]
        import httpx

        self.requests.append(request)
        if self.delay:
            time.sleep(self.delay)
        if self.down:
            raise httpx.ConnectError("connexion refusée", request=request)
        path = request.url.path
        q = dict(request.url.params)

        def ok(body: dict[str, Any], status: int = 200) -> httpx.Response:
            return httpx.Response(status, json=body)

        def problem(status: int, detail: str, **extra: Any) -> httpx.Response:
            body = {"type": "about:blank", "title": "Erreur", "status": status, "detail": detail}
            body.update(extra)
            return httpx.Response(
                status, json=body, headers={"content-type": "application/problem+json"}
            )

        limit, offset = int(q.get("limit", 20)), int(q.get("offset", 0))
        if path in ("/health", "/api/v1/health"):
            return ok({"status": "ok", "database": "sqlite", "counts": {}})
        if path == "/api/v1/places":
            text = q.get("q", "").lower()
            cands = (
                SAINT_DENIS
                if "denis" in text
                else ([LYON] if "lyon" in text or "69" in text else [])
            )
            return ok(
                {
                    "query": q.get("q"),
                    "matched_by": "name" if cands else "none",
                    "ambiguous": len(cands) > 1,
                    "note": None,
                    "candidates": cands,
                    "speech": f"{len(cands)} communes.",
                }
            )
        if path == "/api/v1/structures":
            place = q.get("place", "") or q.get("code_insee", "")
            if (
                place
                and not q.get("code_insee")  # a commune's own code is always known
                and "lyon" not in place.lower()
                and not place.startswith("69")
            ):
                cands = SAINT_DENIS if "denis" in place.lower() else []
                return problem(
                    404,
                    f"Commune « {place} » inconnue. Vérifiez l'orthographe ou donnez le code postal.",
                    candidates=cands,
                )
            items = [_structure(i) for i in range(self.n_structures)]
            if q.get("kind"):
                items = [s for s in items if s["kind"] == q["kind"]]
            page = items[offset : offset + limit]
            return ok(
                {
                    "total": len(items),
                    "limit": limit,
                    "offset": offset,
                    "items": page,
                    "place": LYON if place else None,
                    "speech": f"{len(items)} structures près de Lyon. La plus proche : {page[0]['name'] if page else ''}.",
                }
            )
        if path.startswith("/api/v1/structures/"):
            i = int(path.rsplit("/", 1)[1]) - 100
            if not 0 <= i < self.n_structures:
                return problem(404, "Cette structure n'existe pas ou plus.")
            return ok(_structure_detail(i))
        if path == "/api/v1/offers":
            items = [_offer(i) for i in range(14)]
            if q.get("accessible") == "true":
                items = [o for o in items if o["accessible"]]
            return ok(
                {
                    "total": len(items),
                    "limit": limit,
                    "offset": offset,
                    "items": items[offset : offset + limit],
                    "place": None,
                    "speech": f"{len(items)} stages, ce sont des exemples.",
                }
            )
        if path.startswith("/api/v1/offers/"):
            i = int(path.rsplit("/", 1)[1]) - 500
            offer = _offer(i)
            # as the API: an example offer takes no application, and says why (also in speech)
            from backend.services.offer_rules import EXAMPLE_NOTE  # not in the APK

            note = EXAMPLE_NOTE if offer["is_example"] else None
            return ok(
                {
                    **offer,
                    "accepts_applications": note is None,
                    "applications_note": note,
                    "description": "Découvrir le travail en atelier, avec un tuteur.",
                    "workplace_accessibility": "Atelier de plain-pied.",
                    "contact_modes": {"phone": "04 72 00 00 00", "email": "stage@exemple.fr"},
                    "source": "exemple",
                    "speech": " ".join(x for x in ("Stage d'observation en atelier.", note) if x),
                }
            )
        if path == "/api/v1/careers":
            items = [_career(i) for i in range(3)]
            return ok(
                {
                    "total": len(items),
                    "limit": limit,
                    "offset": offset,
                    "items": items[offset : offset + limit],
                    "speech": "3 métiers.",
                }
            )
        if path.startswith("/api/v1/careers/"):
            code = path.rsplit("/", 1)[1]
            i = int(code[3:]) - 13
            return ok({**_career(i), "job_titles": ["Soudeur", "Soudeuse"], "speech": "Soudage."})
        if path == "/api/v1/guides":
            topics = dict(GUIDE_TOPICS)
            if q.get("topic") and q["topic"] not in topics:
                return problem(400, f"Le thème « {q['topic']} » n'existe pas.")
            found = search_fake_guides(q.get("q"), q.get("topic"))
            return ok(
                {
                    "total": len(found),
                    "limit": limit,
                    "offset": offset,
                    "items": [_guide_summary(g) for g in found[offset : offset + limit]],
                    "speech": f"{len(found)} guides.",
                }
            )
        if path == "/api/v1/guides/topics":
            return ok(
                {
                    "items": [
                        {
                            "topic": t,
                            "label": label,
                            "count": sum(g["topic"] == t for g in FAKE_GUIDES),
                        }
                        for t, label in GUIDE_TOPICS
                    ]
                }
            )
        if path.startswith("/api/v1/guides/"):
            slug = path.rsplit("/", 1)[1]
            guide = next((g for g in FAKE_GUIDES if g["slug"] == slug), None)
            if guide is None:
                return problem(404, f"Aucun guide ne porte le nom « {slug} ».", candidates=[])
            return ok(guide)
        if path == "/api/v1/callbacks" and request.method == "POST":
            import json

            body = json.loads(request.content)
            if not body.get("consent"):
                return problem(422, "Le consentement est obligatoire.")
            ref = f"TA{len(self.callbacks) + 1:04d}"
            self.callbacks[ref] = body
            return ok(
                {
                    "reference": ref,
                    "status": "new",
                    "structure": {"id": 100, "name": "Mission locale de Lyon 1"},
                    "speech": f"Demande enregistrée. Référence {ref}.",
                },
                201,
            )
        if path.startswith("/api/v1/callbacks/"):
            ref = path.rsplit("/", 1)[1]
            if ref not in self.callbacks:
                return problem(404, "Aucune demande avec cette référence. Vérifiez-la.")
            return ok({"reference": ref, "status": "new", "speech": f"Demande {ref} : reçue."})
        return problem(404, "Adresse inconnue.")


class FakeDialogue:
    """Stands for voice.Dialogue: text in, Reply(text, actions) out."""

    def __init__(self, client: Any = None, position: Any = None) -> None:
        self.client = client
        self.position = position
        self.heard: list[str] = []

    def start(self) -> Any:
        return SimpleNamespace(text="Bonjour. Que cherchez-vous ?", actions=[], state="start")

    def handle(self, text: str) -> Any:
        self.heard.append(text)
        if "appelle" in text:
            action = SimpleNamespace(kind="dial", data={"phone": "04 78 10 34 56"})
            return SimpleNamespace(text="J'appelle la mission locale.", actions=[action], state="x")
        return SimpleNamespace(text=f"Vous avez dit : {text}.", actions=[], state="x")


# -- the shared app ---------------------------------------------------------------------------
class Harness:
    """One app for the whole test session; `reset()` puts it back to the Accueil, default settings."""

    def __init__(self, base_url: str | None = None) -> None:
        configure_headless()
        from kivy.base import EventLoop
        from kivy.core.window import Window

        from mobile.app import TotalAccesApp
        from mobile.platform.fake import FakePlatform
        from totalacces.client import ApiClient

        self.Window = Window
        self.EventLoop = EventLoop
        self.fake_api = FakeApi()
        self.platform = FakePlatform()
        self.settings_dir = Path(tempfile.mkdtemp(prefix="totalacces-settings-"))
        self.fake_client = ApiClient("http://api.test", transport=self.fake_api.transport())
        self.app = TotalAccesApp(
            client=self.fake_client,
            platform=self.platform,
            settings_path=self.settings_dir / "settings.json",
            dialogue_factory=FakeDialogue,
        )
        self.app._run_prepare()
        assert tuple(Window.size) == (480, 800), "the window was opened before configure_headless()"
        self.visited: set[str] = set()
        self.app.sm.bind(current=lambda _sm, name: self.visited.add(name))  # type: ignore[union-attr]
        self.frames(3)

    # -- driving ---------------------------------------------------------------------------------
    def frames(self, n: int = 1) -> None:
        for _ in range(n):
            self.EventLoop.idle()

    def settle(self, timeout: float = 5.0) -> None:
        """Run frames until no API call is pending and layouts are stable."""
        deadline = time.monotonic() + timeout
        self.frames(2)
        while self.app.runner.pending and time.monotonic() < deadline:
            time.sleep(0.005)
            self.frames(1)
        self.frames(3)

    def wait_for(self, condition: Callable[[], bool], timeout: float = 5.0) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.frames(1)
            if condition():
                return True
            time.sleep(0.005)
        return condition()

    def reset(self, client: Any = None, reading: bool | None = True) -> None:
        """Back to the Accueil. ``reading``: screen-reader mode on (what most of the suite
        drives: gestures, speech) or off, the question answered; None: a first launch, the
        question not asked yet (the default settings)."""
        from mobile.a11y import appearance
        from mobile.settings import AppSettings

        app = self.app
        self.fake_api.down = False
        self.fake_api.delay = 0.0
        self.fake_api.callbacks.clear()
        self.fake_api.requests.clear()
        self.platform.__init__()  # type: ignore[misc]
        app.client = client or self.fake_client
        self.settle()
        app.settings = (
            AppSettings()
            if reading is None
            else AppSettings(self_voicing=reading, reading_asked=True)
        )
        if self.app.settings_path is not None and self.app.settings_path.exists():
            self.app.settings_path.unlink()
        appearance.theme_key = app.settings.theme
        appearance.text_scale = app.settings.text_scale
        self.Window.clearcolor = appearance.theme.background
        app.announcer.enabled = app.settings.self_voicing
        app.talkback = False
        app.position = None
        app.speech_problem = None
        app.recognizer.tap_activates = False
        app.recognizer._pending_tap = None
        app.history.clear()
        for name in self.visited | {"home", "settings"}:
            app.screen(name).rebuild()
        self.visited.clear()
        app.sm.current = "home"  # type: ignore[union-attr]
        app.screen_entered(app.current_screen)
        app.announcer.history.clear()
        if reading is None:
            app.on_start()  # a first launch: the question comes
        self.settle()

    def key(
        self, key: int, modifiers: list[str] | None = None, codepoint: str | None = None
    ) -> None:
        """A key press as SDL delivers it: on_key_down, on_keyboard, then on_key_up."""
        mods = modifiers or []
        self.Window.dispatch("on_key_down", key, 0, codepoint, mods)
        self.Window.dispatch("on_keyboard", key, 0, codepoint, mods)
        self.Window.dispatch("on_key_up", key, 0)
        self.frames(1)

    def type_text(self, text: str) -> None:
        self.Window.dispatch("on_textinput", text)
        self.frames(1)

    def touch(self, points: list[tuple[float, float]], hold: float = 0.0) -> None:
        from kivy.tests.common import UnitTestTouch

        t = UnitTestTouch(*points[0])
        t.touch_down()
        if hold:
            time.sleep(hold)
        for x, y in points[1:]:
            t.touch_move(x, y)
        t.touch_up()
        self.frames(1)

    def swipe(self, direction: int) -> None:
        """direction +1: to the right (next), -1: to the left (previous)."""
        w, h = self.Window.size
        y = h / 2
        xs = [w * 0.2, w * 0.5, w * 0.8] if direction > 0 else [w * 0.8, w * 0.5, w * 0.2]
        self.touch([(x, y) for x in xs])

    def double_tap(self) -> None:
        w, h = self.Window.size
        self.touch([(w / 2, h / 2)])
        self.touch([(w / 2, h / 2)])
        self.settle()

    # -- reading pixels --------------------------------------------------------------------------
    def capture(self):  # type: ignore[no-untyped-def]
        """The window's pixels as a numpy array (rows from the top), read just before the flip."""
        import numpy as np
        from kivy.graphics.opengl import GL_RGBA, GL_UNSIGNED_BYTE, glReadPixels

        out: dict[str, Any] = {}

        def grab(*_: Any) -> None:
            w, h = self.Window.size
            data = glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE)
            out["pixels"] = np.frombuffer(data, dtype=np.uint8).reshape(h, w, 4)[::-1]

        self.Window.bind(on_flip=grab)
        try:
            self.Window.canvas.ask_update()
            self.frames(1)
        finally:
            self.Window.unbind(on_flip=grab)
        return out["pixels"]

    def screenshot(self, path: Path) -> Path:
        """Write a PNG of the window (Kivy appends a number; we rename to `path`)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        self.Window.canvas.ask_update()
        self.frames(1)
        written = self.Window.screenshot(name=str(path.with_suffix("")) + ".png")
        final = Path(written)
        if final != path:
            final.replace(path)
        return path


_harness: Harness | None = None


def get_harness() -> Harness:
    global _harness
    if _harness is None:
        _harness = Harness()
    return _harness


# -- every screen, in a state that shows its content --------------------------------------------
def _offers(h: Harness) -> None:
    h.app.navigate("offers")
    h.app.current_screen.search()  # type: ignore[attr-defined]


def _careers(h: Harness) -> None:
    h.app.navigate("careers")
    h.app.current_screen.industry()  # type: ignore[attr-defined]


def _guides(h: Harness) -> None:
    """Every guide listed ("Voir plus" included) and the themes unfolded: all widgets shown."""
    h.app.navigate("guides")
    h.app.current_screen.topic_toggle.a11y_activate()  # type: ignore[attr-defined]


def _offline(h: Harness) -> None:
    h.fake_api.down = True
    h.app.navigate("results", params={"place": "Lyon"})


SCREEN_STATES: dict[str, Callable[[Harness], None]] = {
    "home": lambda h: None,
    "near": lambda h: h.app.navigate("near"),
    "results": lambda h: h.app.navigate("results", params={"place": "Lyon"}),
    "results-offline": _offline,
    "structure": lambda h: h.app.navigate("structure", structure_id=100),
    "offers": _offers,
    "offer": lambda h: h.app.navigate("offer", offer_id=500),
    "careers": _careers,
    "career": lambda h: h.app.navigate("career", code="H2913"),
    "callback": lambda h: h.app.navigate("callback"),
    "callback_status": lambda h: h.app.navigate("callback_status"),
    "settings": lambda h: h.app.navigate("settings"),
    "talk": lambda h: h.app.navigate("talk"),
    "guides": _guides,
    "guide": lambda h: h.app.navigate("guide", slug="rqth"),
    "welcome": lambda h: h.app.ask_reading(),
}


def open_state(h: Harness, state: str, theme: str = "default", text_scale: float = 1.0) -> None:
    h.reset()
    if theme != "default":
        h.app.set_theme(theme)
    if text_scale != 1.0:
        h.app.set_text_scale(text_scale)
    SCREEN_STATES[state](h)
    h.settle()


# -- moving like a person who cannot see the screen ---------------------------------------------
def _move_to(h: Harness, label: str, step: Callable[[], None], limit: int = 80) -> Any:
    for _ in range(limit):
        step()
        current = h.app.focus.current
        if current is not None and current.a11y_label.lower().startswith(label.lower()):
            return current
    raise AssertionError(f"focus never reached {label!r}; heard: {h.app.announcer.history[-5:]}")


def tab_to(h: Harness, label: str) -> Any:
    """Press Tab until the focused element's label starts with `label`."""
    return _move_to(h, label, lambda: h.key(9))


def swipe_to(h: Harness, label: str) -> Any:
    """Swipe right until the focused element's label starts with `label`."""
    return _move_to(h, label, lambda: h.swipe(+1))
