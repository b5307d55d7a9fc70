"""The app against the real Total Accès server (uvicorn on 127.0.0.1, bundled data), through a
plain ``ApiClient`` on its address (no recording transport in between).

Driven only by the keyboard, then only by self-voicing gestures, as a blind person would.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from mobile.a11y import walk
from tests.support.harness import Harness, swipe_to, tab_to
from totalacces.client import ApiClient

pytestmark = [pytest.mark.kivy, pytest.mark.timeout(180)]

SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


@pytest.fixture()
def live(harness_session: Harness) -> Iterator[Harness]:
    client = ApiClient(harness_session.api.base_url, timeout=20)
    harness_session.reset(client=client)
    yield harness_session
    harness_session.reset()
    client.close()


def _check_results(h: Harness) -> list[dict]:
    screen = h.app.current_screen
    assert screen.name == "results"
    items = screen.items
    assert items, h.app.announcer.history[-3:]
    assert h.app.announcer.last.split()[0].isdigit()  # the count comes first
    assert "structure" in h.app.announcer.last
    distances = [i["distance_m"] for i in items]
    assert distances == sorted(distances)  # nearest first
    return items


def _open_search(h: Harness, by_keys: bool) -> None:
    move = (lambda label: tab_to(h, label)) if by_keys else (lambda label: swipe_to(h, label))
    move("Trouver une structure")
    h.key(13) if by_keys else h.double_tap()
    move("Commune ou code postal")
    h.type_text("Lyon")
    move("Chercher")
    h.key(13) if by_keys else h.double_tap()
    h.settle(timeout=20)


@pytest.mark.parametrize("by_keys", [True, False], ids=["keyboard", "gestures"])
def test_find_structures_near_a_commune_and_open_one(live: Harness, by_keys: bool) -> None:
    h = live
    _open_search(h, by_keys)
    items = _check_results(h)
    if by_keys:
        h.app.current_screen.scroll.scroll_y = 1
        h.frames(2)
        h.screenshot(SHOTS / "app-live-results-default.png")
    first = tab_to(h, "1. ") if by_keys else swipe_to(h, "1. ")
    assert items[0]["name"] in first.a11y_label
    assert items[0]["distance_text"] and items[0]["distance_text"] in first.a11y_label
    h.key(13) if by_keys else h.double_tap()
    h.settle(timeout=20)
    assert h.app.current_screen.name == "structure"
    assert h.app.focus.current.text == items[0]["name"]
    assert h.app.announcer.last  # the structure's speech
    texts = [w.text for w in h.app.focus.items()]
    assert f"Distance : {items[0]['distance_text']}." in texts  # carried over from the list
    if by_keys:
        h.screenshot(SHOTS / "app-live-structure-default.png")
        # the guide that explains this kind of structure, when one exists
        guides = h.app.client.guides(limit=50)["items"]
        if any(items[0]["kind"] in g["helpers"] for g in guides):
            assert any(a.startswith("Comprendre : ") for a in texts_and_labels(h))
    label = "Appeler le" if items[0].get("phone") else "Itinéraire"
    tab_to(h, label) if by_keys else swipe_to(h, label)
    h.key(13) if by_keys else h.double_tap()
    if items[0].get("phone"):
        assert h.platform.dialled == [items[0]["phone"]]
    else:
        assert h.platform.opened


def texts_and_labels(h: Harness) -> list[str]:
    return [w.a11y_label for w in h.app.focus.items()]


def test_understand_rqth_then_find_an_mdph_by_keyboard(live: Harness) -> None:
    """Comprendre mes options on the real guides: search, the guide heard, its MDPH near Lyon."""
    h = live
    tab_to(h, "Comprendre mes options")
    h.key(13)
    h.settle(timeout=20)
    tab_to(h, "Votre question ou des mots")
    h.type_text("rqth")
    h.key(13)
    h.settle(timeout=20)
    assert h.app.announcer.last.endswith("guides trouvés pour « rqth ».")
    tab_to(h, "1. C'est quoi la RQTH ?")
    h.key(13)
    h.settle(timeout=20)
    assert h.app.current_screen.name == "guide"
    guide = h.app.client.guide("rqth")
    assert h.app.announcer.last == " ".join(f"{guide['title']} {guide['speech']}".split())
    assert "reconnaissance de la qualité de travailleur handicapé" in h.app.announcer.last
    h.screenshot(SHOTS / "app-live-guide-default.png")
    tab_to(h, "Aller à « Qui peut m'aider ? »")
    h.key(13)
    tab_to(h, "Trouver près de moi : Maison départementale des personnes handicapées")
    h.key(13)
    assert h.app.current_screen.kind == "mdph"
    tab_to(h, "Commune ou code postal")
    h.type_text("Lyon")
    h.key(13)
    h.settle(timeout=20)
    items = _check_results(h)
    assert {i["kind"] for i in items} == {"mdph"}


@pytest.mark.parametrize("by_keys", [True, False], ids=["keyboard", "gestures"])
def test_ask_to_be_called_back_and_follow_the_request(live: Harness, by_keys: bool) -> None:
    h = live
    move = (lambda label: tab_to(h, label)) if by_keys else (lambda label: swipe_to(h, label))

    def press() -> None:
        h.key(13) if by_keys else h.double_tap()

    move("Être rappelé")
    press()
    # where the channel is chosen, the app says that it sends no SMS and no e-mail itself
    texts = [getattr(w, "a11y_label", "") or "" for w in walk(h.app.current_screen)]
    assert any("Total Accès n'envoie ni SMS ni e-mail" in t for t in texts), texts
    for label, value in [
        ("Prénom", "Camille"),
        ("Téléphone", "06 12 34 56 78"),
        ("Âge", "18"),
        ("Commune", "Lyon"),
    ]:
        move(label)
        h.type_text(value)
    move("Reprendre des études")
    press()
    move("J'accepte (obligatoire)")
    press()
    move("Envoyer ma demande")
    press()
    h.settle(timeout=20)
    confirmation = h.app.focus.current
    assert confirmation.text.startswith("Demande envoyée. Votre référence : "), confirmation.text
    assert "ni SMS ni e-mail de confirmation : gardez votre code" in confirmation.text
    assert "gardez votre code" in h.app.announcer.last
    reference = h.app.current_screen.last_reference
    assert reference and " ".join(reference) in h.app.announcer.last
    move("Suivre une demande")
    press()
    move("Référence")
    h.type_text(reference)
    move("Voir l'état")
    press()
    h.settle(timeout=20)
    status = h.app.focus.current.text
    assert status and not status.startswith("Erreur"), status


def _search_by_keys(h: Harness, home_choice: str, place: str) -> None:
    """From the Accueil, by keyboard: a search screen, a place typed, "Chercher"."""
    tab_to(h, home_choice)
    h.key(13)
    tab_to(h, "Commune ou code postal")
    h.type_text(place)
    tab_to(h, "Chercher")
    h.key(13)
    h.settle(timeout=20)


def test_an_example_offer_from_the_server_takes_no_application(live: Harness) -> None:
    """On the real server every bundled offer is an example: the app says why, offers a
    counselor, and never shows "Postuler" (nothing is dialled or mailed)."""
    h = live
    _search_by_keys(h, "Chercher un stage", "Mauriac")
    screen = h.app.current_screen
    assert screen.items and all(i["is_example"] for i in screen.items)
    tab_to(h, "1. ")
    h.key(13)
    h.settle(timeout=20)
    assert h.app.current_screen.screen_name == "offer"
    labels = [getattr(w, "a11y_label", "") or "" for w in walk(h.app.current_screen)]
    assert "Postuler" not in labels
    assert any("personne ne lirait votre candidature" in label for label in labels)
    assert "personne ne lirait votre candidature" in h.app.announcer.last
    tab_to(h, "Être rappelé par un conseiller")
    h.key(13)
    h.settle()
    assert h.app.current_screen.screen_name == "callback"
    assert h.platform.dialled == [] and h.platform.opened == []


def test_a_code_read_two_ways_is_said_and_the_other_commune_offered(live: Harness) -> None:
    """59350 is Saint-André-lez-Lille's postcode and Lille's INSEE code: the app says which
    reading the server took, and one button searches around the other commune."""
    h = live
    _search_by_keys(h, "Trouver une structure", "59350")
    screen = h.app.current_screen
    assert "comme un code postal" in h.app.announcer.last
    assert "Saint-André-lez-Lille" in h.app.announcer.last
    tab_to(h, "Chercher près de Lille (Nord)")
    h.key(13)
    h.settle(timeout=20)
    assert screen.params.get("code_insee") == "59350" and "place" not in screen.params
    assert "près de Lille" in h.app.announcer.last
    assert screen.items and screen.items[0]["commune"].startswith("Lille")
