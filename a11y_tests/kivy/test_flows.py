"""Whole flows driven only by the keyboard, and only by self-voicing gestures (simulated touches).

Against the fake API here; tests/mobile/test_live_flows.py runs the same flows on a real server.
"""

from __future__ import annotations

import time
from urllib.parse import quote

import pytest

from tests.support.harness import Harness, swipe_to, tab_to

pytestmark = [pytest.mark.kivy, pytest.mark.timeout(120)]


def test_find_structures_near_a_commune_by_keyboard_only(harness: Harness) -> None:
    h = harness
    tab_to(h, "Trouver une structure")
    h.key(13)
    assert h.app.current_screen.name == "near"
    assert h.app.announcer.last == "Structures près de moi"
    field = tab_to(h, "Commune ou code postal")
    assert field.focus, "the keyboard must type into the focused field"
    h.type_text("Lyon")
    h.key(13)
    h.settle()
    assert h.app.current_screen.name == "results"
    # what the API itself finds around Lyon: the count comes first, nearest first
    listed = h.api.get("/api/v1/structures", place="Lyon", limit=1)
    nearest = h.api.get(f"/api/v1/structures/{listed['items'][0]['id']}")
    assert h.app.announcer.last.startswith(f"{listed['total']} structures trouvées près de Lyon")
    first = tab_to(h, "1. ")
    assert first.a11y_label.startswith(f"1. {nearest['name']}, ")
    assert listed["items"][0]["distance_text"] in first.a11y_label
    assert h.app.announcer.last == first.describe()
    # "Voir plus" loads the rest and puts the focus on the first new one
    tab_to(h, "Voir plus")
    h.key(32)
    h.settle()
    assert h.app.focus.current.a11y_label.startswith("11. ")
    # open the nearest one and call it
    h.key(9, ["shift"])
    while not h.app.focus.current.a11y_label.startswith("1. "):
        h.key(9, ["shift"])
    h.key(13)
    h.settle()
    assert h.app.current_screen.name == "structure"
    assert h.app.focus.current.text == nearest["name"]
    assert h.app.announcer.last == nearest["speech"]
    if nearest["phone"]:
        label, number = "Appeler le", nearest["phone"]
    else:  # no number of its own (a France Travail agency): the network's national one
        network = nearest["network_contact"]
        label, number = f"Appeler {network['name']} au {network['phone']}", network["phone"]
        assert any("Pas de contact connu pour ce lieu." in w.text for w in h.app.focus.items())
    tab_to(h, label)
    h.key(32)
    assert h.platform.dialled == [number]
    assert h.app.announcer.last == "Le numéro est prêt dans votre téléphone."
    tab_to(h, "Itinéraire")
    h.key(13)
    assert h.platform.opened
    if nearest["coord_precision"] == "commune":  # the commune's centre is no door: the address
        assert "openstreetmap.org/search?query=" in h.platform.opened[-1]
        assert quote(nearest["commune"]) in h.platform.opened[-1]
    else:
        assert f"{nearest['lat']:.6f}" in h.platform.opened[-1]
    # Escape goes back, twice, to the results then the search
    h.key(27)
    assert h.app.current_screen.name == "results"
    h.key(27)
    assert h.app.current_screen.name == "near"


def test_find_structures_by_self_voicing_gestures_only(harness: Harness) -> None:
    h = harness
    assert h.app.gestures_active
    item = swipe_to(h, "Trouver une structure")
    assert (
        h.app.announcer.last == item.describe() == "Trouver une structure près de chez moi, bouton"
    )
    h.double_tap()
    assert h.app.current_screen.name == "near"
    swipe_to(h, "Commune ou code postal")
    h.type_text("Lyon")  # the on-screen keyboard types into the focused field
    swipe_to(h, "Chercher")
    h.double_tap()
    assert h.app.current_screen.name == "results"
    listed = h.api.get("/api/v1/structures", place="Lyon", limit=1)
    assert h.app.announcer.last.startswith(f"{listed['total']} structures trouvées")
    swipe_to(h, "2. ")
    h.swipe(-1)  # swipe left: back to the previous one
    assert h.app.focus.current.a11y_label.startswith("1. ")
    h.double_tap()
    assert h.app.current_screen.name == "structure"
    swipe_to(h, "Partager")
    h.double_tap()
    assert h.platform.shared and h.platform.shared[0].startswith(listed["items"][0]["name"])


def test_a_single_tap_explores_and_does_not_activate(harness: Harness) -> None:
    h = harness
    button = next(w for w in h.app.focus.items() if w.a11y_label.startswith("Trouver une"))
    x, y = button.to_window(button.center_x, button.center_y)
    h.touch([(x, y)])
    assert h.wait_for(lambda: h.app.focus.current is button, timeout=2)
    assert h.app.current_screen.name == "home", "one tap must not activate in self-voicing mode"
    assert h.app.announcer.last == button.describe()
    h.double_tap()
    assert h.app.current_screen.name == "near"


def test_a_tap_after_a_long_frame_is_not_lost(harness: Harness) -> None:
    """Kivy counts a timeout from the start of the frame it was scheduled in: when the touch
    comes long after that (a slow phone), the pending tap's check fires early and must wait
    for the rest of the interval instead of dropping the tap."""
    h = harness
    button = next(w for w in h.app.focus.items() if w.a11y_label.startswith("Trouver une"))
    x, y = button.to_window(button.center_x, button.center_y)
    h.frames(1)
    time.sleep(0.3)  # the clock's last tick is now 0.3 s old
    h.touch([(x, y)])
    assert h.wait_for(lambda: h.app.focus.current is button, timeout=3)
    assert h.app.current_screen.name == "home"


def test_ask_to_be_called_back_by_keyboard_only(harness: Harness) -> None:
    h = harness
    tab_to(h, "Être rappelé")
    h.key(13)
    assert h.app.current_screen.name == "callback"
    # sending an empty form says what is missing, in words
    tab_to(h, "Envoyer ma demande")
    h.key(13)
    assert h.app.announcer.last.startswith("Erreur : écrivez votre prénom")
    assert "cochez « J'accepte »" in h.app.announcer.last
    h.app.focus.set_root(h.app.current_screen)
    for label, value in [
        ("Prénom", "Inès"),
        ("Téléphone", "06 12 34 56 78"),
        ("Âge", "17"),
        ("Commune", "Lyon"),
    ]:
        tab_to(h, label)
        h.type_text(value)
    tab_to(h, "Par SMS")
    h.key(32)
    assert h.app.announcer.last == "Par SMS, bouton radio, sélectionné"
    assert h.app.focus.current.selected and h.app.focus.current.text == "Par SMS (choisi)"
    tab_to(h, "Trouver un emploi")
    h.key(32)
    consent = tab_to(h, "J'accepte (obligatoire)")
    assert h.app.announcer.last.endswith("case à cocher, non coché")
    h.key(32)
    assert consent.active and consent.text.endswith(": oui")
    assert h.app.announcer.last.endswith("case à cocher, coché")
    tab_to(h, "Envoyer ma demande")
    h.key(13)
    h.settle()
    [sent] = h.server.callbacks
    [answer] = h.server.accepted_callbacks
    assert sent["first_name"] == "Inès" and sent["channel"] == "sms" and sent["topic"] == "job"
    assert sent["consent"] is True and sent["age"] == 17
    assert sent.get("code_insee") == "69123" or sent.get("commune") == "Lyon", sent
    reference = answer["reference"]
    assert f"Votre référence : {reference}" in h.app.focus.current.text
    assert " ".join(reference) in h.app.announcer.last  # the reference is spelled out when spoken
    # follow the request by its reference
    tab_to(h, "Suivre une demande")
    h.key(13)
    tab_to(h, "Référence")
    h.type_text(reference.lower())  # typed in lower case: still found
    h.key(13)
    h.settle()
    status = h.api.get(f"/api/v1/callbacks/{reference}")
    assert h.app.announcer.last == status["speech"]


def test_ask_to_be_called_back_by_gestures_only(harness: Harness) -> None:
    h = harness
    swipe_to(h, "Être rappelé")
    h.double_tap()
    for label, value in [
        ("Prénom", "Léo"),
        ("E-mail", "leo@exemple.fr"),
        ("Âge", "19"),
        ("Commune", "Lyon"),
    ]:
        swipe_to(h, label)
        h.type_text(value)
    swipe_to(h, "Par e-mail")
    h.double_tap()
    swipe_to(h, "J'accepte (obligatoire)")
    h.double_tap()
    swipe_to(h, "Envoyer ma demande")
    h.double_tap()
    h.settle()
    assert [c["email"] for c in h.server.callbacks] == ["leo@exemple.fr"]
    [answer] = h.server.accepted_callbacks
    assert answer["reference"] in h.app.focus.current.text
    assert " ".join(answer["reference"]) in h.app.announcer.last


def test_understand_my_options_by_keyboard_only(harness: Harness) -> None:
    """Accueil -> guides -> search "rqth" -> the guide, heard -> "Qui peut m'aider ?" -> MDPH."""
    h = harness
    rqth = h.api.get("/api/v1/guides/rqth")
    found = h.api.get("/api/v1/guides", q="rqth")["total"]
    tab_to(h, "Comprendre mes options")
    h.key(13)
    assert h.app.current_screen.name == "guides"
    assert h.app.announcer.last == "Comprendre mes options"
    h.settle()
    assert h.app.announcer.last == "Comprendre mes options"  # the first list arrives quietly
    field = tab_to(h, "Votre question ou des mots")
    assert field.focus
    h.type_text("rqth")
    h.key(13)
    h.settle()
    assert h.app.announcer.last == f"{found} guides trouvés pour « rqth »."
    assert h.app.focus.current.text == h.app.announcer.last
    tab_to(h, "1. C'est quoi la RQTH ?")
    h.key(13)
    h.settle()
    assert h.app.current_screen.name == "guide"
    assert h.app.focus.current.text == "C'est quoi la RQTH ?"
    # the short answer, as the API made it to be heard
    assert h.app.announcer.last == f"C'est quoi la RQTH ? {rqth['speech']}"
    h.key(9)
    assert h.app.announcer.last == "Thème : Handicap : études et travail."
    # the skip link jumps over the full text to "Qui peut m'aider ?"
    tab_to(h, "Aller à « Qui peut m'aider ? »")
    h.key(13)
    assert h.app.focus.current.text == "Qui peut m'aider ?"
    assert h.app.announcer.last == "Qui peut m'aider ?, titre"
    h.key(9)  # a list item is read without its bullet
    assert h.app.announcer.last.startswith("La MDPH (maison départementale")
    assert h.app.focus.current.text.startswith("• La MDPH")
    tab_to(h, "Trouver près de moi : Maison départementale des personnes handicapées")
    h.key(13)
    near = h.app.current_screen
    assert near.name == "near" and near.kind == "mdph"
    assert h.app.announcer.last == (
        "Structures près de moi. Type choisi : Maison départementale des personnes handicapées "
        "(MDPH). Écrivez votre commune, ou utilisez votre position."
    )
    tab_to(h, "Commune ou code postal")
    h.type_text("Lyon")
    h.key(13)
    h.settle()
    assert h.app.current_screen.name == "results"
    assert h.server.requests[-1].url.params["kind"] == "mdph"
    # back to the guide: its sources open in the browser, its date is said in words
    h.key(27)
    h.key(27)
    assert h.app.current_screen.name == "guide"
    first_source = rqth["sources"][0]
    source = tab_to(h, first_source["title"])
    assert source.a11y_role == "lien" and "service-public.fr" in source.a11y_hint
    h.key(13)
    assert h.platform.opened == [first_source["url"]]
    assert h.app.announcer.last == "Page ouverte dans votre navigateur."
    h.key(9)
    from mobile.guide_content import date_words

    assert h.app.announcer.last == f"Vérifié le {date_words(rqth['last_checked'])}."


def test_understand_my_options_by_self_voicing_gestures_only(harness: Harness) -> None:
    h = harness
    rqth = h.api.get("/api/v1/guides/rqth")
    found = h.api.get("/api/v1/guides", q="rqth")["total"]
    swipe_to(h, "Comprendre mes options")
    assert h.app.announcer.last.startswith("Comprendre mes options, bouton. Des réponses simples")
    h.double_tap()
    assert h.app.current_screen.name == "guides"
    swipe_to(h, "Votre question ou des mots")
    h.type_text("rqth")
    swipe_to(h, "Chercher")
    h.double_tap()
    assert h.app.announcer.last == f"{found} guides trouvés pour « rqth »."
    swipe_to(h, "1. C'est quoi la RQTH ?")
    h.double_tap()
    assert h.app.current_screen.name == "guide"
    assert h.app.announcer.last == f"C'est quoi la RQTH ? {rqth['speech']}"
    # the text is read piece by piece: swipe right through the paragraphs
    swipe_to(h, "Le guide complet")
    h.swipe(+1)
    assert h.app.announcer.last.startswith("La RQTH (reconnaissance de la qualité")
    h.swipe(+1)
    assert h.app.announcer.last == "À quoi sert-elle ?, titre"
    swipe_to(h, "Trouver près de moi : Maison départementale")
    h.double_tap()
    assert h.app.current_screen.name == "near" and h.app.current_screen.kind == "mdph"
    swipe_to(h, "Commune ou code postal")
    h.type_text("Lyon")
    swipe_to(h, "Chercher")
    h.double_tap()
    assert h.app.current_screen.name == "results"
    assert h.server.requests[-1].url.params["kind"] == "mdph"
