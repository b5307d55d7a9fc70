"""End-to-end dialogues against the real backend (``local_api``: uvicorn on the bundled data),
through a plain ``ApiClient`` on its address, and the ``chat`` command in another process."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from tests.support.backend import LocalApi
from totalacces.client import ApiClient
from voice import Dialogue


@pytest.fixture
def live_url(local_api: LocalApi) -> str:
    return local_api.base_url


def test_structure_search_on_real_data(live_url: str) -> None:
    d = Dialogue(ApiClient(live_url))
    reply = d.handle("je cherche une mission locale à lyon")
    assert reply.state == "results", reply.text
    assert re.search(r"J'ai trouvé \d+ missions? locales? à Lyon", reply.text)
    assert 1 <= reply.items_read <= 3
    assert d.handle("le premier").state == "detail"


def test_career_on_real_data(live_url: str) -> None:
    reply = Dialogue(ApiClient(live_url)).handle("c'est quoi le métier de boulanger")
    assert reply.state == "career" and "Boulanger" in reply.text


def test_offer_search_on_real_data_says_they_are_examples(live_url: str) -> None:
    d = Dialogue(ApiClient(live_url))
    reply = d.handle("je cherche un stage à lyon")  # the bundled offers have some at Lyon
    assert reply.state == "results", reply.text
    assert re.match(
        r"J'ai trouvé (une offre|\d+ offres) de stage à Lyon\. "
        r"Ce sont des exemples\. ",
        reply.text,
    ), reply.text
    assert 1 <= reply.items_read <= 3 and "Un : Stage " in reply.text
    detail = d.handle("le premier")
    assert detail.state == "detail", detail.text
    # an example: the server's reason is said, and applying or calling offers a counselor
    assert "personne ne lirait votre candidature" in detail.text, detail.text
    applying = d.handle("je veux postuler")
    assert applying.actions == [] and "rappelle-moi" in applying.prompt, applying.text
    assert d.handle("rappelle-moi").state == "callback_name"
    # the level said is the level searched: every offer read is a "stage de troisième"
    third = Dialogue(ApiClient(live_url)).handle("un stage de troisième à villeurbanne")
    assert third.state == "results" and "Ce sont des exemples." in third.text, third.text
    read = re.findall(r"(?:Un|Deux|Trois) : (Stage[^:]*):", third.text)
    assert read and all(title == "Stage de troisième " for title in read), third.text


def test_guide_question_then_places_on_real_data(live_url: str) -> None:
    d = Dialogue(ApiClient(live_url))
    answer = d.handle("c'est quoi la rqth")
    assert answer.state == "guide", answer.text
    assert answer.text.startswith("La R Q T H, reconnaissance de la qualité de travailleur")
    assert answer.quoted
    while d.held is not None:  # the answer goes on after forty words, on « la suite »
        assert answer.prompt == "Pour la suite, dites « la suite »."
        answer = d.handle("la suite")
    assert answer.prompt == "Voulez-vous les lieux près de vous ?"
    where = d.handle("oui")
    assert where.state == "ask_place" and where.prompt == "Dans quelle ville ?"
    results = d.handle("lyon")
    assert results.state == "results", results.text
    assert re.search(
        r"J'ai trouvé (une|\d+) maisons? départementales? des personnes handicapées à Lyon",
        results.text,
    )
    assert 1 <= results.items_read <= 3
    assert d.handle("le premier").state == "detail"


def test_chat_command_against_the_real_backend(live_url: str) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "totalacces", "chat", "--api", live_url],
        input="mission locale à lyon\nsuivant\nau revoir\n",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    assert "missions locales à Lyon" in out.stdout and "Au revoir" in out.stdout


def test_plain_spoken_french_on_real_data(live_url: str) -> None:
    from tests.voice.test_dialogue import audit

    scripts = (
        ("mission locale à lyon", "suivant", "suivant", "le quatrième", "appelle", "c'est où"),
        ("mission locale à saint denis", "en seine saint denis", "suivant", "le premier"),
        ("un cio à marseille", "suivant", "le deuxième"),
        ("je cherche un stage de troisième à villeurbanne", "suivant", "le premier"),
        ("c'est quoi le métier de soudeur", "oui", "lyon", "le premier"),
        ("quels métiers dans l'industrie", "suivant", "le cinquième"),
        ("une école de la deuxième chance à lille", "le premier"),
        ("un esat à toulouse", "le premier", "c'est où"),
        ("c'est quoi la rqth", "la suite", "la suite", "non", "oui", "lyon", "le premier"),
        ("c'est quoi le handicap", "le deuxième", "oui", "marseille"),
        ("j'ai quitté l'école sans diplôme qu'est-ce que je fais", "oui", "grenoble"),
        ("c'est quoi une école de la deuxième chance", "oui", "lille"),
    )
    for script in scripts:
        d = Dialogue(ApiClient(live_url))
        for turn in script:
            audit(d.handle(turn))
