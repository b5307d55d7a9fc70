"""Multi-turn dialogues against the real API on the bundled data (tests.support.backend)."""

from __future__ import annotations

import re

import pytest

from tests.support.backend import LocalApi, Recorder
from voice import Dialogue, Reply, understand
from voice.dialogue import STATES

NOT_UNDERSTOOD = ("Je n'ai pas compris", "Je n'ai toujours pas compris", "Je n'arrive pas")
# the replies that ask again (counted by the dialogue; the fourth in a row goes home instead)
REPROMPTS = (
    "Je n'ai pas compris.",
    "Je n'ai toujours pas compris.",
    "Je n'ai pas eu les dix chiffres.",
)


def run(d: Dialogue, *turns: str) -> list[Reply]:
    return [d.handle(t) for t in turns]


def whole(d: Dialogue, reply: Reply) -> Reply:
    """An answer with what waited for « la suite »: the words of every part, the last prompt.
    Each part is a first answer of MAX_WORDS heard words at most."""
    from voice.dialogue import MAX_WORDS, MORE_PROMPT, _heard_words

    texts, quoted, items = [], [], 0
    while True:
        assert _heard_words(reply.text) <= MAX_WORDS or len(_sentences(reply.text)) <= 2, reply.text
        texts.append(reply.text.replace(MORE_PROMPT, "").strip())
        quoted.append(reply.quoted)
        items += reply.items_read
        if d.held is None:
            break
        assert reply.prompt == MORE_PROMPT
        reply = d.handle("la suite")
    return Reply(
        " ".join(texts),
        reply.actions,
        reply.state,
        reply.prompt,
        items,
        reply.understanding,
        quoted=" ".join(q for q in quoted if q),
    )


# -- the flows ----------------------------------------------------------------------------------
def test_start_greets_and_asks_what_is_wanted(server: Recorder) -> None:
    reply = Dialogue(server.client()).start()
    assert reply.state == "home" and reply.text.endswith("?") and "mission locale" in reply.text


def test_structure_search_reads_what_fits_in_forty_words_pages_and_calls(
    server: Recorder, local_api: LocalApi
) -> None:
    from voice.dialogue import MAX_WORDS, _heard_words

    # what the service itself answers, asked directly: the reference the voice must follow
    listed = local_api.get(
        "/api/v1/structures", code_insee="69123", kind="mission_locale", limit=50
    )
    items, total = listed["items"], listed["total"]
    assert 13 <= total <= 50
    d = Dialogue(server.client())
    d.start()
    first = d.handle("je cherche une mission locale à lyon")
    assert server.params("/api/v1/structures")[0]["kind"] == "mission_locale"
    assert server.params("/api/v1/structures")[0]["code_insee"] == "69123"
    assert first.text.startswith(f"J'ai trouvé {total} missions locales à Lyon.")
    # the nearest first, with the distance the service gives, without "Mission locale" again
    assert f"Un : Lyon, 1er, 2e et 4e arrondissements, {items[0]['distance_text']}." in first.text
    assert 2 <= first.items_read <= 3 and first.prompt == "Dites un numéro, ou « suivant »."
    # « suivant » reads on from the first item not read, until the last, each once, in order
    pages = [first]
    while "suivant" in pages[-1].prompt:
        pages.append(d.handle("suivant" if len(pages) % 2 else "la suite"))
    read = [int(m) if m.isdigit() else m for p in pages for m in re.findall(r"(\w+) : ", p.text)]
    assert read[:3] == ["Un", "Deux", "Trois"][: len(read[:3])]
    assert [x for x in read if isinstance(x, int)] == list(range(11, total + 1))
    assert sum(p.items_read for p in pages) == total
    assert all(_heard_words(p.text) <= MAX_WORDS for p in pages), [p.text for p in pages]
    last = pages[-1]
    assert last.text.startswith(f"{total - last.items_read + 1} : ")  # above ten, as digits
    back = d.handle("précédent")
    before = pages[-2]
    assert back.text == before.text  # the page read before, as it was read
    detail = d.handle("le premier")
    assert detail.state == "detail" and items[0]["address"] in detail.text
    assert _heard_words(detail.text) <= MAX_WORDS
    call = d.handle("appelle les")
    assert [(a.kind, a.data["phone"]) for a in call.actions] == [("dial", items[0]["phone"])]
    where = d.handle("c'est où")
    assert where.actions[0].kind == "route"
    assert where.actions[0].data["lat"] == pytest.approx(items[0]["lat"])


def test_call_by_number_from_the_list_and_no_phone_offers_a_callback(
    server: Recorder, local_api: LocalApi
) -> None:
    third = local_api.get("/api/v1/structures", code_insee="69123", kind="mission_locale", limit=3)[
        "items"
    ][2]
    assert third["phone"]
    d = Dialogue(server.client())
    run(d, "mission locale à lyon")
    call = d.handle("appelle le troisième")
    assert call.actions and call.actions[0].data["phone"] == third["phone"]
    # the nearest CFA of Lyon lists no phone number in the open data
    cfas = local_api.get("/api/v1/structures", code_insee="69123", kind="cfa", limit=3)["items"]
    assert cfas[1]["phone"] is None
    run(d, "accueil", "un cfa à lyon")
    no_phone = whole(d, d.handle("le deuxième"))
    assert "pas de numéro de téléphone" in no_phone.text and "rappelle-moi" in no_phone.prompt
    assert d.handle("appelle").actions == []


def test_offer_search_says_they_are_examples_and_reads_details(
    server: Recorder, local_api: LocalApi
) -> None:
    d = Dialogue(server.client())
    reply = d.handle("je cherche un stage de boulanger à paris")
    sent = server.params("/api/v1/offers")
    # the words said are the search's words, as the web's "Mots-clés", not a ROME code
    assert sent[0]["q"] == "boulanger" and "rome" not in sent[0]
    assert sent[0]["code_insee"] == "75056"
    found = local_api.get("/api/v1/offers", code_insee="75056", q="boulanger", limit=50)
    assert found["total"] >= 2
    assert f"J'ai trouvé {found['total']} offres de stage pour « boulanger » à Paris." in reply.text
    assert "Ce sont des exemples." in reply.text
    first = found["items"][0]
    detail = whole(d, d.handle("le premier"))
    assert f"Chez {first['employer']}." in detail.text
    assert ("accessible" in detail.text) == first["accessible"]
    # an example offer: the reason is said, nothing is dialled, a callback is offered
    assert "personne ne lirait votre candidature" in detail.text
    assert "rappelle-moi" in detail.prompt
    for ask in ("appelle", "je veux postuler", "comment postuler"):
        reply = d.handle(ask)
        assert reply.actions == [], ask
        assert "exemple" in reply.text and "rappelle-moi" in reply.prompt, ask
    assert d.handle("rappelle-moi").state == "callback_name"


def test_offer_filters_level_and_accessibility(server: Recorder) -> None:
    d = Dialogue(server.client())
    d.handle("un stage de troisième accessible en fauteuil à marseille")
    sent = server.params("/api/v1/offers")[0]
    assert sent["level"] == "3e" and sent["accessible"] == "true" and sent["code_insee"] == "13055"


def test_career_question_then_internships_in_that_career(server: Recorder) -> None:
    d = Dialogue(server.client())
    career = d.handle("c'est quoi le métier de soudeur")
    assert career.state == "career"
    assert "Soudeur" in career.text and "métier de l'industrie" in career.text
    ask = d.handle("oui")
    assert ask.state == "ask_place" and ask.prompt == "Dans quelle ville ?"
    results = d.handle("à lyon")
    assert server.params("/api/v1/offers")[0]["rome"] == "H2913"
    assert results.state == "results"


def test_list_careers_of_a_sector_then_pick_one(server: Recorder, local_api: LocalApi) -> None:
    careers = local_api.get("/api/v1/careers", rome="H", limit=3)
    d = Dialogue(server.client())
    reply = d.handle("quels métiers dans l'industrie")
    assert server.params("/api/v1/careers")[0]["rome"] == "H"
    assert f"Il y en a {careers['total']}." in reply.text
    assert f"Un : {careers['items'][0]['label']}." in reply.text
    picked = d.handle("le premier")
    assert picked.state == "career"
    assert picked.text.startswith(f"Le métier : {careers['items'][0]['label']}.")
    assert "C'est un métier de l'industrie." in picked.text


def test_ambiguous_place_is_confirmed_with_departements(server: Recorder) -> None:
    d = Dialogue(server.client())
    question = d.handle("mission locale à saint denis")
    assert question.state == "confirm_place"
    assert question.text.startswith("Saint-Denis ")
    assert "La Réunion" in question.text and "Seine-Saint-Denis" in question.text
    assert question.text.endswith("?") and not server.requests
    answer = d.handle("en seine saint denis")
    assert server.params("/api/v1/structures")[0]["code_insee"] == "93066"
    assert "à Saint-Denis" in answer.text


def test_near_miss_place_is_confirmed_then_no_asks_again(server: Recorder) -> None:
    d = Dialogue(server.client())
    q = d.handle("mission locale à villeurbane")
    assert q.state == "confirm_place" and not server.requests  # nothing searched yet
    assert q.text == "Vous avez dit Villeurbanne, dans le Rhône ?"
    assert q.prompt == q.text
    no = d.handle("non")
    assert no.state == "ask_place" and no.text == "D'accord. Dans quelle ville ?"
    assert no.prompt == "Dans quelle ville ?"
    d.handle("villeurbanne")
    assert server.params("/api/v1/structures")[0]["code_insee"] == "69266"


def test_no_place_and_no_position_asks_for_a_town(server: Recorder) -> None:
    d = Dialogue(server.client())
    reply = d.handle("je cherche un cio")
    assert reply.state == "ask_place" and not server.requests
    d.handle("grenoble")
    assert server.params("/api/v1/structures")[0] == {
        "limit": "50",
        "code_insee": "38185",
        "kind": "cio",
    }


def test_position_is_used_when_no_place_is_said(server: Recorder) -> None:
    d = Dialogue(server.client(), position=(45.76, 4.83))
    reply = d.handle("une mission locale près de chez moi")
    sent = server.params("/api/v1/structures")[0]
    assert sent["lat"] == "45.76" and sent["lon"] == "4.83"
    assert "près de vous" in reply.text


def test_a_kind_without_data_says_so_and_whom_to_ask(server: Recorder, local_api: LocalApi) -> None:
    """No École de la 2e chance is in the open data (``/kinds``: not available): the voice says
    what the API says (the network's site, a Mission locale), not "none in this town"."""
    d = Dialogue(server.client())
    reply = whole(d, d.handle("une école de la deuxième chance à lyon"))
    assert server.params("/api/v1/structures")[0]["kind"] == "e2c"
    said = local_api.get("/api/v1/structures", code_insee="69123", kind="e2c")["speech"]
    assert reply.text.startswith("Total Accès n'a pas encore la liste des écoles")
    assert "Une Mission locale peut aussi vous y inscrire." in said
    assert "Une Mission locale peut aussi vous y inscrire." in reply.text
    assert "aucun" not in reply.text and "rappelle-moi" in reply.prompt


def test_nothing_near_looks_farther_and_says_how_far(server: Recorder) -> None:
    """No Mission locale within 20 km of Saint-Gaudens in the data: the nearest, farther."""
    d = Dialogue(server.client())
    reply = d.handle("mission locale à saint gaudens")
    radii = [p.get("radius_km") for p in server.params("/api/v1/structures")]
    assert radii == [None, "50"]
    assert reply.text.startswith("Rien à moins de 20 kilomètres de Saint-Gaudens. ")
    assert "À moins de 50 kilomètres, j'ai trouvé une mission locale." in reply.text
    assert reply.state == "results" and reply.items_read == 1
    far = Dialogue(server.client()).handle("mission locale à lyon dans un rayon de 1 km")
    assert [p.get("radius_km") for p in server.params("/api/v1/structures")][-1] == "1"
    assert "Rien à moins" not in far.text  # a radius said is kept: no looking farther


def test_backend_down_is_said_in_plain_french() -> None:
    from tests.support.backend import closed_url
    from totalacces.client import ApiClient

    reply = Dialogue(ApiClient(closed_url())).handle("mission locale à lyon")
    assert "Le service ne répond pas." in reply.text


def test_callback_by_voice_reads_phone_back_in_pairs_and_asks_consent(
    server: Recorder,
) -> None:
    d = Dialogue(server.client())
    assert d.handle("je veux être rappelé").prompt == "Quel est votre prénom ?"
    assert "Merci Kévin" in d.handle("je m'appelle Kévin").text
    check = d.handle("zéro six douze trente quatre cinquante six soixante dix huit")
    assert check.state == "callback_phone_confirm"
    assert "06 12 34 56 78" in check.text
    from geodata.speech import speakable

    assert "zéro six, douze, trente-quatre, cinquante-six, soixante-dix-huit" in speakable(
        check.text
    )
    d.handle("oui")
    d.handle("dix-sept ans")
    d.handle("à lyon")
    consent = d.handle("pour trouver un travail")
    assert consent.prompt == "Êtes-vous d'accord ?" and "trois mois" in consent.text
    assert consent.text.startswith("Ville : Lyon.")
    assert not server.callbacks  # nothing leaves before consent
    sent = d.handle("ouais")
    assert len(server.callbacks) == 1 and server.callbacks[0]["consent"] is True
    assert sent.state == "home"


def test_callback_payload_matches_the_contract(server: Recorder) -> None:
    d = Dialogue(server.client())
    run(
        d,
        "rappelle moi pour une formation",
        "Inès",
        "06 12 34 56 78",
        "c'est ça",
        "vingt ans",
        "lyon",
    )
    assert d.state == "callback_consent"
    done = whole(d, d.handle("oui je suis d'accord"))
    assert server.callbacks == [
        {
            "first_name": "Inès",
            "phone": "0612345678",
            "email": None,
            "channel": "call",
            "time_slot": None,
            "age": 20,
            "code_insee": "69123",
            "topic": "training",
            "message": "Demande faite à la voix.",
            "consent": True,
            "consent_version": "voix-2026-1",
        }
    ]
    [answer] = server.accepted_callbacks
    reference = answer["reference"]
    from totalacces.vocabulary import spell_code

    assert "C'est envoyé." in done.text
    assert f"Votre code de demande : {spell_code(reference)}." in done.text
    assert f"Je répète : {spell_code(reference)}." in done.text  # said twice, letter by letter
    # the request was routed to the nearest Mission locale of Lyon, which the voice names
    assert answer["structure"]["name"].startswith("Mission locale - Lyon - 1er")
    assert "Mission locale, Lyon, 1er, 2e et 4e arrondissements va vous rappeler." in done.text
    # the code said is the one the service follows
    assert server.client().callback_status(reference)["reference"] == reference
    # nothing else will reach the person: no SMS, no e-mail; the code is what they keep
    assert "ni SMS ni e-mail" in done.text and "gardez votre code" in done.text


def test_callback_refused_consent_sends_nothing(server: Recorder) -> None:
    d = Dialogue(server.client())
    run(d, "rappelle moi", "Léa", "06 12 34 56 78", "oui", "dix huit", "lyon", "l'école")
    assert d.state == "callback_consent"
    reply = d.handle("non")
    assert not server.callbacks and "je n'envoie rien" in reply.text


def test_callback_wrong_phone_is_asked_again(server: Recorder) -> None:
    d = Dialogue(server.client())
    run(d, "rappelle moi", "Léa")
    short = d.handle("zéro six douze")
    assert "dix chiffres" in short.text and d.state == "callback_phone"
    d.handle("zéro six douze trente quatre cinquante six soixante dix huit")
    again = d.handle("non")
    assert d.state == "callback_phone" and "deux chiffres par deux chiffres" in again.prompt
    d.handle("zéro sept quatre vingt dix neuf quatre vingt onze soixante et onze vingt et un")
    assert d._callback["phone"] == "0799917121"


def test_help_and_stop(server: Recorder) -> None:
    d = Dialogue(server.client())
    help_ = d.handle("aide")
    assert "stages" in help_.text and help_.prompt
    stop = d.handle("tais-toi")
    assert stop.text == "D'accord."  # one short word, then silence
    assert d.handle("répète").text == help_.text


def test_slower_and_faster_ask_the_speaker_to_change_rate(server: Recorder) -> None:
    d = Dialogue(server.client())
    assert [a.data for a in d.handle("plus lentement").actions] == [{"change": "slower"}]
    assert [a.data for a in d.handle("plus vite").actions] == [{"change": "faster"}]


def test_goodbye_ends_with_an_end_action(server: Recorder) -> None:
    reply = Dialogue(server.client()).handle("au revoir")
    assert [a.kind for a in reply.actions] == ["end"] and reply.text


def spoken_choices(prompt: str) -> list[str]:
    """« Vous pouvez dire : A, B, ou C. » -> [A, B, C]"""
    m = re.fullmatch(r"Vous pouvez dire : (.+)\.", prompt)
    assert m, prompt
    return re.split(r", ou |, ", m.group(1))


def reprompt_runs(replies: list[Reply]) -> list[int]:
    """Lengths of the runs of re-prompts in a row."""
    runs, n = [], 0
    for r in replies:
        n = n + 1 if r.text.startswith(REPROMPTS) else 0
        runs.append(n)
    return runs


def test_two_misunderstandings_offer_at_most_three_choices_then_home(server: Recorder) -> None:
    d = Dialogue(server.client())
    run(d, "mission locale à lyon")
    replies = run(d, "banane", "tartine", "euh", "bof", "zut", "flûte")
    first, second, third, fourth = replies[:4]
    assert first.state == "results"
    assert first.text == "Je n'ai pas compris. Dites un numéro, « suivant », ou « accueil »."
    for r in (second, third):  # nothing understood twice: three things to say, no more
        assert r.state == "results" and r.text.startswith("Je n'ai toujours pas compris.")
        assert spoken_choices(r.prompt) == ["« le premier »", "« suivant »", "« accueil »"]
    # never more than three re-prompts in a row: the fourth goes home, and says so
    assert fourth.state == "home" and not fourth.text.startswith(REPROMPTS)
    assert fourth.text.startswith("Je n'arrive pas à comprendre. Je reviens à l'accueil.")
    assert not d.items  # the search is forgotten
    assert reprompt_runs(replies) == [1, 2, 3, 0, 1, 2]  # and it counts afresh from home
    assert all(r.text.strip() and r.prompt for r in replies)  # never silence


def test_an_understood_turn_resets_the_count_of_misunderstandings(server: Recorder) -> None:
    d = Dialogue(server.client())
    run(d, "mission locale à lyon")
    replies = run(d, "banane", "banane", "suivant", "banane", "banane", "banane")
    assert reprompt_runs(replies) == [1, 2, 0, 1, 2, 3]
    assert replies[2].text.startswith("Trois :") and d.state == "results"


def test_a_phone_number_cut_short_is_asked_again_three_times_at_most(server: Recorder) -> None:
    d = Dialogue(server.client())
    run(d, "rappelle moi", "Léa")
    replies = run(d, "zéro six", "zéro six douze", "zéro", "zéro six")
    for r in replies[:3]:
        assert r.state == "callback_phone"
        assert r.text == (
            "Je n'ai pas eu les dix chiffres. Dites votre numéro deux chiffres par deux chiffres."
        )
    assert replies[3].state == "home" and replies[3].text.startswith("Je n'arrive pas")
    assert not d._callback and not server.callbacks


def test_a_number_cut_short_while_confirming_the_phone_asks_for_it_again(
    server: Recorder,
) -> None:
    d = Dialogue(server.client())
    run(d, "rappelle moi", "Léa", "06 12 34 56 78")
    assert d.state == "callback_phone_confirm"
    again = d.handle("zéro sept douze")
    assert again.state == "callback_phone" and again.text.startswith("Je n'ai pas eu les dix")
    assert "phone" not in d._callback
    check = d.handle("zéro sept douze trente quatre cinquante six soixante dix huit")
    assert check.state == "callback_phone_confirm" and d._callback["phone"] == "0712345678"


def test_a_former_commune_among_the_candidates_is_named_by_its_current_name(
    server: Recorder,
) -> None:
    d = Dialogue(server.client())
    reply = d.handle("une mission locale à évry")
    # Évry-Courcouronnes, named after the former Évry (Essonne), has 66,919 people and Évry
    # (Yonne) 402: the town is taken, and named with its département
    assert reply.state == "results", reply.text
    assert reply.text.startswith("J'ai trouvé 21 missions locales à Évry-Courcouronnes, dans ")
    assert server.params("/api/v1/structures")[0]["code_insee"] == "91228"
    d.handle("une mission locale à évry dans l'yonne")  # the other one, when it is meant
    assert server.params("/api/v1/structures")[-1]["code_insee"] == "89162"


def test_a_name_shared_by_towns_of_similar_size_is_asked(server: Recorder) -> None:
    """Valence: 64,458 people in the Drôme, 5,289 in Tarn-et-Garonne (less than 20 times)."""
    d = Dialogue(server.client())
    reply = d.handle("mission locale à valence")
    assert reply.state == "confirm_place" and not server.requests
    assert reply.text.startswith("Valence ") and "Tarn-et-Garonne" in reply.text
    d.handle("dans la drôme")
    assert server.params("/api/v1/structures")[0]["code_insee"] == "26362"


def test_another_ambiguous_town_while_confirming_asks_about_that_one(server: Recorder) -> None:
    d = Dialogue(server.client())
    run(d, "mission locale à saint denis")
    other = d.handle("valence")
    assert other.state == "confirm_place" and not server.requests
    assert other.text.startswith("Valence ") and "Saint-Denis" not in other.text
    d.handle("dans la drôme")
    assert server.params("/api/v1/structures")[0]["code_insee"] == "26362"
    again = Dialogue(server.client())
    run(again, "mission locale à saint denis")
    big = again.handle("montreuil")  # 111,934 people, and 818 in Vendée: that one, named
    assert big.state == "results" and "à Montreuil, en Seine-Saint-Denis." in big.text
    assert server.params("/api/v1/structures")[-1]["code_insee"] == "93048"


# -- every global command in every state --------------------------------------------------------
TO_STATE: dict[str, tuple[str, ...]] = {
    "home": (),
    "ask_place": ("je cherche un cio",),
    "confirm_place": ("mission locale à saint denis",),
    "ask_job": ("quels métiers",),
    "results": ("mission locale à lyon",),
    "detail": ("mission locale à lyon", "le premier"),
    "career": ("je veux devenir soudeur",),
    "callback_name": ("rappelle moi",),
    "callback_phone": ("rappelle moi", "Léa"),
    "callback_phone_confirm": ("rappelle moi", "Léa", "06 12 34 56 78"),
    "callback_age": ("rappelle moi", "Léa", "06 12 34 56 78", "oui"),
    "callback_place": ("rappelle moi", "Léa", "06 12 34 56 78", "oui", "17"),
    "callback_topic": ("rappelle moi", "Léa", "06 12 34 56 78", "oui", "17", "lyon"),
    "callback_consent": (
        "rappelle moi pour un travail",
        "Léa",
        "06 12 34 56 78",
        "oui",
        "17",
        "lyon",
    ),
    "guide": ("c'est quoi la rqth",),
    "guide_choice": ("c'est quoi le handicap",),
    "guide_reading": ("c'est quoi la rqth", "la suite"),
    "report_reason": ("mission locale à lyon", "le premier", "il y a une erreur"),
    "ended": ("au revoir",),
}
GLOBAL_COMMANDS = {
    "yes": ("oui", "ouais", "d'accord", "vas-y"),
    "no": ("non", "non merci", "pas du tout"),
    "cancel": ("annule", "laisse tomber", "oublie"),
    "stop": ("stop", "tais-toi", "chut"),
    "repeat": ("répète", "redis-le", "tu peux répéter"),
    "next": ("suivant",),
    "previous": ("précédent",),
    "slower": ("plus lentement",),
    "faster": ("plus vite",),
    "help": ("aide",),
    "home": ("accueil",),
}


def drive(api: Recorder, state: str) -> tuple[Dialogue, Reply]:
    d = Dialogue(api.client())
    reply = d.start()
    for turn in TO_STATE[state]:
        reply = d.handle(turn)
        while d.held is not None:  # every answer heard to its end
            reply = d.handle("la suite")
    assert d.state == state, (state, reply.text)
    return d, reply


def test_every_state_is_reachable() -> None:
    assert set(TO_STATE) == set(STATES)


@pytest.mark.parametrize("state", list(TO_STATE))
def test_misunderstandings_in_every_state(server: Recorder, state: str) -> None:
    """In every state: after two misunderstandings, at most three spoken choices, each of which
    works there; never more than three re-prompts in a row; never silence."""
    api = server
    d, _ = drive(api, state)
    replies = [d.handle("xylophone zygomatique") for _ in range(9)]
    assert all(r.text.strip() and r.prompt for r in replies), "never silent"
    assert max(reprompt_runs(replies)) <= 3
    assert max(reprompt_runs(replies)) == 3  # and there are re-prompts: it was not understood
    for i, r in enumerate(replies):
        if reprompt_runs(replies)[i] >= 2:
            choices = spoken_choices(r.prompt)
            assert 1 <= len(choices) <= 3, r.prompt
    # the choices offered are things the dialogue understands where they are offered
    offered = next(r for r in replies if r.text.startswith("Je n'ai toujours pas compris."))
    for choice in spoken_choices(offered.prompt):
        quoted = re.fullmatch(r"« (.+) »", choice)
        if quoted is None:
            continue  # "le nom de votre ville", "votre prénom": said in the person's own words
        fresh, _ = drive(api, offered.state)
        reply = fresh.handle(quoted.group(1))
        assert not reply.text.startswith(REPROMPTS), (offered.state, choice, reply.text)


@pytest.mark.parametrize("state", list(TO_STATE))
@pytest.mark.parametrize(
    ("intent", "said"), [(i, s) for i, phrases in GLOBAL_COMMANDS.items() for s in phrases]
)
def test_global_command_in_every_state(
    server: Recorder, state: str, intent: str, said: str
) -> None:
    api = server
    d, before = drive(api, state)
    reply = d.handle(said)
    assert reply.understanding is not None and reply.understanding.intent == intent
    assert reply.text.strip(), "never silent"
    assert not reply.text.startswith(NOT_UNDERSTOOD), reply.text
    if intent == "repeat":
        assert reply.text == before.text
    elif intent in ("home", "cancel"):
        assert reply.state == "home" and not d._callback
    elif intent == "stop":
        assert reply.text == "D'accord."  # short: "stop" means silence, not a sentence
    elif intent in ("slower", "faster"):
        assert reply.actions[0].kind == "rate" and reply.state == state
    elif intent == "help":
        assert reply.prompt and reply.state == state
    elif intent == "next" and state in ("results", "detail"):
        # the next places: after those read (two fit in forty words on the first page)
        assert reply.state == "results" and reply.text.startswith("Trois :")
    elif intent == "next" and state in ("guide", "guide_reading"):
        assert reply.quoted and reply.quoted != before.quoted  # the guide's text, read on
    elif intent == "yes" and state == "guide":
        assert reply.state == "ask_place" and "maisons départementales" in reply.text
    elif intent == "no" and state in ("guide", "guide_choice"):
        assert reply.state == "home"
    elif intent == "yes" and state == "callback_consent":
        assert len(api.callbacks) == 1
    elif intent == "no" and state == "callback_consent":
        assert not api.callbacks and reply.state == "home"
    if state.startswith("callback_") and intent in ("home", "cancel"):
        assert "je n'envoie rien" in reply.text and not api.callbacks


# -- plain spoken French ------------------------------------------------------------------------
SCRIPTS: tuple[tuple[str, ...], ...] = (
    (
        "mission locale à lyon",
        "suivant",
        "suivant",
        "suivant",
        "précédent",
        "le deuxième",
        "appelle",
        "c'est où",
        "le premier",
        "appelle",
        "c'est où",
        "le dixième",
        "le dernier",
    ),
    ("stage de boulanger à lyon", "le premier", "appelle", "c'est où", "suivant"),
    ("je veux devenir soudeur", "oui", "lyon", "le premier"),
    ("quels métiers dans l'industrie", "le premier", "non"),
    ("mission locale à saint denis", "la réunion", "aide"),
    ("mission locale à villeurbane", "oui"),
    ("je cherche un cio", "banane", "banane", "banane", "banane"),
    (
        "rappelle moi",
        "Léa",
        "zéro six",
        "06 12 34 56 78",
        "non",
        "06 12 34 56 78",
        "oui",
        "je sais pas",
        "saint denis",
        "la réunion",
        "banane",
        "l'école",
        "oui",
    ),
    ("appelle", "suivant", "précédent", "le premier", "quels métiers", "banane", "boulanger"),
    ("au revoir", "bonjour"),
    ("c'est quoi la rqth", "répète", "la suite", "la suite", "précédent", "non", "oui", "lyon"),
    ("c'est quoi le handicap", "le troisième", "aide", "banane", "banane", "non"),
    ("quels sont mes droits", "la suite", "la suite", "la suite", "la suite", "la suite"),
    ("j'ai quitté l'école sans diplôme qu'est-ce que je fais", "oui", "villeurbanne", "le premier"),
    ("c'est quoi un cfa", "oui", "à lyon"),
    ("c'est quoi ton nom", "aide"),
    ("mission locale à lyon", "comment trouver un stage", "suivant", "accueil"),
)


def _words(sentence: str) -> list[str]:
    return re.findall(r"[\w'’-]+", sentence)


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.?!])\s+", text) if s.strip()]


def audit(reply: Reply) -> None:
    text = reply.text
    if reply.quoted:
        # a guide's text, written for the ear by its editors (tests/backend/test_guides.py):
        # read as it is, three sentences at most; the dialogue's own words are audited below
        assert reply.quoted in text
        assert 1 <= len(_sentences(reply.quoted)) <= 3, reply.quoted
        text = text.replace(reply.quoted, " ")
    sentences = _sentences(text)
    for sentence in sentences:
        assert len(_words(sentence)) <= 15, sentence
    assert len(_words(reply.prompt)) <= 25, reply.prompt
    assert reply.items_read <= 3
    assert reply.text.strip()
    # distances are rounded: 50 m steps under 1 km, one decimal above
    for metres in re.findall(r"à (\d+) mètres", reply.text):
        assert int(metres) % 50 == 0


@pytest.mark.parametrize("script", SCRIPTS, ids=[s[0] for s in SCRIPTS])
def test_plain_spoken_french_in_every_prompt(server: Recorder, script: tuple[str, ...]) -> None:
    api = server
    d = Dialogue(api.client())
    audit(d.start())
    for turn in script:
        audit(d.handle(turn))


@pytest.mark.parametrize("state", list(TO_STATE))
def test_plain_spoken_french_in_every_state_prompt_help_and_choices(
    server: Recorder, state: str
) -> None:
    api = server
    d, reply = drive(api, state)
    audit(reply)
    for said in ("aide", "banane", "banane", "banane", "banane"):
        audit(d.handle(said))
    d2, _ = drive(api, state)
    assert len(_words(d2._prompt_for_state())) <= 25
    assert len(d2._choices_for_state()) <= 3


def test_the_same_word_for_the_same_thing(server: Recorder) -> None:
    """The prompts say « suivant », « accueil », « appelle »: the words the dialogue understands."""

    d = Dialogue(server.client())
    said = " ".join(r.text for r in run(d, "mission locale à lyon", "le premier", "aide"))
    for quoted in re.findall(r"« ([^»]+) »", said):
        assert understand(quoted).intent != "unknown", quoted


def test_a_new_request_while_confirming_a_place_starts_over(server: Recorder) -> None:
    d = Dialogue(server.client())
    d.handle("mission locale à valence")
    reply = d.handle("non un cio à grenoble")
    assert reply.state == "results"
    assert server.params("/api/v1/structures")[0]["code_insee"] == "38185"


def test_expected_phrases_follow_the_state(server: Recorder) -> None:
    d = Dialogue(server.client())
    home = d.expected_phrases()
    assert "mission locale à lyon" in home and "suivant" in home and "le deuxième" not in home
    d.handle("mission locale à lyon")
    results = d.expected_phrases()
    assert "le deuxième" in results and "numéro trois" in results
    d.handle("mission locale à saint denis")
    confirm = d.expected_phrases()
    assert "seine saint denis" in confirm and "la réunion" in confirm
    # what the grammar lets through is understood, with the right intent
    for phrase, intent in (
        ("le deuxième", "select"),
        ("numéro trois", "select"),
        ("suivant", "next"),
        ("répète", "repeat"),
        ("accueil", "home"),
    ):
        assert phrase in results and understand(phrase).intent == intent, phrase
    assert understand("le deuxième").slots["index"] == 2
    assert understand("numéro trois").slots["index"] == 3
    assert "lyon" not in home and "lyon" in d.expected_phrases()  # a bare town answers a question
    assert not any(understand(p).intent == "details" for p in home)  # nothing to detail at home


# Slots whose value is the words said (free text): two phrases differing there are the same kind.
FREE_TEXT_SLOTS = ("topic_text", "place_text")


@pytest.mark.parametrize("state", list(TO_STATE))
def test_every_expected_phrase_means_something_in_its_state(server: Recorder, state: str) -> None:
    """The grammar given to vosk must only let through what the dialogue acts on, there.

    Every expected phrase of the state goes through understand(); the phrases are grouped by what
    it gives (intent and slot values), and one phrase of each group is said to the dialogue in that
    state: none may get « je n'ai pas compris ». The pieces of a phone number (vosk chains them)
    are checked together, as a whole number."""
    from voice.numbers import digits_from_speech

    api = server
    d, _ = drive(api, state)
    phrases = d.expected_phrases()
    groups: dict[tuple[str, tuple[tuple[str, str], ...]], str] = {}
    pieces: list[str] = []
    for phrase in phrases:
        u = understand(phrase)
        if state.startswith("callback_phone") and u.intent in ("unknown", "select"):
            assert digits_from_speech(phrase), phrase
            pieces.append(phrase)
            continue
        slots = tuple(sorted((k, str(v)) for k, v in u.slots.items() if k not in FREE_TEXT_SLOTS))
        groups.setdefault((u.intent, slots), phrase)
    assert len(groups) >= 10, groups  # the global commands at least
    for (intent, _slots), phrase in groups.items():
        fresh, _ = drive(api, state)
        reply = fresh.handle(phrase)
        assert reply.understanding is not None and reply.understanding.intent == intent
        assert reply.text.strip(), (state, phrase)
        assert not reply.text.startswith(REPROMPTS), (state, phrase, reply.text)
    if state.startswith("callback_phone"):
        said = ["zéro", "six", "douze", "trente quatre", "cinquante six", "soixante dix huit"]
        assert set(said) <= set(pieces)
        fresh, _ = drive(api, state)
        reply = fresh.handle(" ".join(said))
        assert reply.state == "callback_phone_confirm" and "06 12 34 56 78" in reply.text


def test_career_details_open_the_onisep_page(server: Recorder, local_api: LocalApi) -> None:
    onisep = local_api.get("/api/v1/careers/D1102")["onisep_url"]
    assert onisep.startswith("https://www.onisep.fr/")
    d = Dialogue(server.client())
    d.handle("je veux devenir boulanger")
    reply = d.handle("en savoir plus")
    assert [a.kind for a in reply.actions] == ["open_url"]
    assert reply.actions[0].data["url"] == onisep
    assert reply.state == "career"


@pytest.mark.parametrize(
    ("said", "slug"),
    [
        ("c'est quoi une mission locale", "mission-locale"),
        ("c'est quoi un cio", "cio"),
        ("c'est quoi une école de la deuxième chance", "ecole-deuxieme-chance"),
        ("c'est quoi un esat", "esat-entreprise-adaptee"),
        ("qu'est-ce que l'épide", "epide"),
    ],
)
def test_what_is_a_kind_of_place_is_answered_by_its_guide(
    server: Recorder, said: str, slug: str
) -> None:
    from backend.guides import get_guide, guide_speech

    d = Dialogue(server.client())
    reply = whole(d, d.handle(said))
    assert reply.state == "guide" and reply.quoted == guide_speech(get_guide(slug))
    assert reply.prompt == "Voulez-vous les lieux près de vous ?"
    audit(reply)


@pytest.mark.parametrize(
    ("said", "kind"), [("c'est quoi un cfa", "cfa"), ("c'est quoi la mdph", "mdph")]
)
def test_a_kind_no_guide_is_about_is_explained_then_searched(
    server: Recorder, said: str, kind: str
) -> None:
    from voice.dialogue import KIND_EXPLAINED

    d = Dialogue(server.client())
    reply = d.handle(said)
    assert reply.state == "guide" and reply.text.startswith(KIND_EXPLAINED[kind][0])
    assert reply.prompt == "Voulez-vous les lieux près de vous ?"
    assert d.handle("oui").state == "ask_place"
    d.handle("lyon")
    assert server.params("/api/v1/structures") == [
        {"limit": "50", "code_insee": "69123", "kind": kind}
    ]


def test_every_kind_explanation_is_plain() -> None:
    from totalacces.vocabulary import KINDS
    from voice.dialogue import KIND_EXPLAINED

    assert set(KIND_EXPLAINED) == set(KINDS)
    for sentences in KIND_EXPLAINED.values():
        assert len(sentences) <= 3
        for sentence in sentences:
            assert len(_words(sentence)) <= 15, sentence


def test_no_internship_for_a_job_falls_back_to_its_domain(
    server: Recorder, local_api: LocalApi
) -> None:
    d = Dialogue(server.client())
    run(d, "je veux devenir soudeur", "oui")
    reply = d.handle("à lyon")
    sent = [p["rome"] for p in server.params("/api/v1/offers")]
    assert sent == ["H2913", "H29"]
    # no welding internship near Lyon in the samples; one in the domain, said as such
    assert local_api.get("/api/v1/offers", code_insee="69123", rome="H2913")["total"] == 0
    [offer] = local_api.get("/api/v1/offers", code_insee="69123", rome="H29")["items"]
    assert reply.text.startswith("J'ai trouvé une offre de stage à Lyon dans ce domaine.")
    assert f"à {offer['commune']}." in reply.text and "Affûteur" in reply.text


def test_a_refused_callback_says_so_and_keeps_nothing(server: Recorder) -> None:
    server.missing.add("/api/v1/callbacks")  # the service answers 404
    d = Dialogue(server.client())
    run(d, "rappelle moi pour un travail", "Léa", "06 12 34 56 78", "oui", "17", "lyon")
    reply = d.handle("oui")
    assert reply.text.startswith("La demande n'est pas passée.") and reply.state == "home"
    assert "rappelle-moi" in reply.prompt
    assert not d._callback  # nothing kept


@pytest.mark.parametrize(
    ("raw", "heard"),
    [
        ("Mission locale - Lyon 3e", "Mission locale, Lyon 3e"),
        ("Stage stage de troisième : Croupier", "Stage de troisième : Croupier"),
        ("CIO (antenne) de Lyon", "CIO de Lyon"),
        (
            "Mission locale - Lyon - 1er, 2e et 4e arrondissements du centre",
            "Mission locale, Lyon, 1er, 2e et 4e arrondissements",
        ),
    ],
)
def test_names_are_made_short_and_distinct(raw: str, heard: str) -> None:
    from voice.dialogue import _short

    assert _short(raw) == heard


def test_one_result_is_counted_in_words_with_the_right_gender() -> None:
    from voice.dialogue import Dialogue as D

    d = D(None)
    d.items, d.total, d.list_kind = [{"title": "Stage en boulangerie"}], 1, "offers"
    assert d._announce({"what": "offers", "place": "69123"}).text.startswith(
        "J'ai trouvé une offre de stage à Lyon."
    )
    d.items, d.total, d.list_kind = [{"name": "CIO de Lyon"}], 1, "structures"
    text = d._announce({"what": "structures", "kind": "cio", "place": "69123"}).text
    assert text.startswith("J'ai trouvé un centre d'information et d'orientation à Lyon.")


# -- guides: questions answered by /api/v1/guides -----------------------------------------------
def test_a_question_is_answered_by_the_short_answer_then_places_near_you(
    server: Recorder, local_api: LocalApi
) -> None:
    from backend.guides import get_guide, guide_speech

    d = Dialogue(server.client())
    first = d.handle("c'est quoi la rqth")
    assert first.text.startswith("La R Q T H, reconnaissance de la qualité")
    answer = whole(d, first)
    assert server.params("/api/v1/guides") == [{"q": "la rqth", "limit": "5", "definition": "true"}]
    assert "/api/v1/guides/rqth" in [r.url.path for r in server.requests]
    assert answer.state == "guide"
    assert answer.quoted == guide_speech(get_guide("rqth"))  # the `speech`, as the service says it
    assert answer.text.startswith("La R Q T H, reconnaissance de la qualité")
    assert "Une maison départementale des personnes handicapées peut vous aider." in answer.text
    assert answer.prompt == "Voulez-vous les lieux près de vous ?"
    last = d.last
    assert last is not None and d.handle("répète").text == last.text
    where = d.handle("oui")
    assert where.state == "ask_place" and where.prompt == "Dans quelle ville ?"
    assert "Je cherche des maisons départementales des personnes handicapées." in where.text
    results = d.handle("à lyon")
    assert server.params("/api/v1/structures") == [
        {"limit": "50", "code_insee": "69123", "kind": "mdph"}
    ]
    mdph = local_api.get("/api/v1/structures", code_insee="69123", kind="mdph", limit=50)
    assert results.state == "results" and results.items_read == min(3, mdph["total"]) > 0
    assert d.handle("le premier").state == "detail"


def test_yes_with_a_town_or_a_known_position_searches_at_once(server: Recorder) -> None:
    d = Dialogue(server.client())
    run(d, "à quoi sert une mission locale")
    assert d.handle("oui à grenoble").state == "results"
    assert server.params("/api/v1/structures")[-1]["code_insee"] == "38185"
    near = Dialogue(server.client(), position=(45.76, 4.83))
    run(near, "comment trouver un stage")
    assert near.handle("oui").state == "results"
    sent = server.params("/api/v1/structures")[-1]
    assert sent["lat"] == "45.76" and sent["kind"] == "mission_locale"


def test_no_returns_to_a_neutral_prompt(server: Recorder) -> None:
    d = Dialogue(server.client())
    run(d, "comment écrire à un employeur")
    reply = d.handle("non")
    assert reply.state == "home" and reply.prompt == d._prompt_for_state()
    assert reply.text == f"D'accord. {reply.prompt}"
    assert not server.params("/api/v1/structures")


def test_places_are_those_of_a_kind_the_service_has(server: Recorder) -> None:
    """No école de la deuxième chance in the open data (GET /kinds): the next helper, its
    mission locale."""
    d = Dialogue(server.client())
    reply = whole(d, d.handle("c'est quoi une école de la deuxième chance"))
    assert "Une mission locale peut vous aider." in reply.text
    run(d, "oui", "lyon")
    assert server.params("/api/v1/structures")[0]["kind"] == "mission_locale"


def test_an_answer_that_needs_its_question_says_it_first(server: Recorder) -> None:
    d = Dialogue(server.client())
    reply = d.handle("quels sont mes droits")
    assert reply.text.startswith("Ai-je le droit de reprendre mes études ? Oui, entre seize")
    plain = Dialogue(server.client()).handle("comment trouver un stage")
    assert plain.text.startswith(plain.quoted)  # the title would only repeat the question


@pytest.mark.parametrize(
    ("said", "slug"),
    [
        ("j'ai quitté l'école sans diplôme qu'est-ce que je fais", "quitter-ecole-sans-diplome"),
        ("explique moi l'apprentissage", "apprentissage"),
        ("comment trouver un stage", "trouver-un-stage"),
        ("comment écrire à un employeur", "ecrire-a-un-employeur"),
        ("quelles aides financières", "payer-sa-formation"),
        ("c'est quoi la reconnaissance de travailleur handicapé", "rqth"),
        ("c'est quoi le volontariat", "service-civique"),
    ],
)
def test_the_guide_that_answers_best_is_read(server: Recorder, said: str, slug: str) -> None:
    d = Dialogue(server.client())
    reply = d.handle(said)
    assert reply.state == "guide" and d.guide is not None and d.guide["slug"] == slug, reply.text
    audit(reply)


def test_every_guide_answers_its_own_title_said_aloud(server: Recorder) -> None:
    from backend.guides import load_guides
    from geodata.text import fold

    for guide in load_guides():
        d = Dialogue(server.client())
        reply = d.handle(fold(guide.title))  # as a recognizer returns it
        assert reply.state == "guide" and d.guide and d.guide["slug"] == guide.slug, guide.title
        audit(reply)


def test_several_close_guides_are_offered_as_three_choices_at_most(server: Recorder) -> None:
    from backend.guides import get_guide, guide_speech

    d = Dialogue(server.client())
    choice = d.handle("c'est quoi le handicap")
    assert choice.state == "guide_choice" and choice.items_read == 3
    assert choice.text.startswith("Plusieurs guides répondent à votre question. Un : ")
    assert "Trois : " in choice.text and "Quatre" not in choice.text
    assert choice.prompt == "Laquelle voulez-vous ? Dites un numéro."
    titles = [g["title"] for g in d.guide_choices]
    assert all(t in choice.text for t in titles)
    assert d.handle("le cinquième").text.startswith("Il n'y a pas de numéro 5.")
    picked = whole(d, d.handle("le deuxième"))
    assert picked.state == "guide" and d.guide is not None and d.guide["title"] == titles[1]
    assert picked.quoted == guide_speech(get_guide(d.guide["slug"]))
    assert not d.guide_choices  # forgotten once one is picked


def test_a_choice_can_be_named_by_words_of_its_title(server: Recorder) -> None:
    d = Dialogue(server.client())
    run(d, "c'est quoi le handicap")
    titles = [g["title"] for g in d.guide_choices]
    reply = d.handle("celui sur les examens")
    assert reply.state == "guide" and d.guide is not None
    assert d.guide["title"] == next(t for t in titles if "examens" in t)


def test_no_guide_says_so_plainly_and_suggests_help(server: Recorder) -> None:
    d = Dialogue(server.client())
    reply = d.handle("c'est quoi ton nom")
    assert reply.state == "home" and reply.text.startswith("Je n'ai pas de réponse")
    assert "« aide »" in reply.prompt
    assert d.handle("aide").text.startswith("Je trouve des lieux")


def test_the_full_text_is_read_three_sentences_at_a_time(server: Recorder) -> None:
    from backend.guides import get_guide
    from voice.dialogue import MAX_WORDS, _heard_words, guide_sentences

    d = Dialogue(server.client())
    whole(d, d.handle("c'est quoi la rqth"))
    sentences = guide_sentences(get_guide("rqth").body_markdown)
    first = d.handle("la suite")
    # three sentences at a time, fewer when three would be over forty words
    n = len(_sentences(first.quoted))
    assert first.state == "guide_reading" and first.quoted == " ".join(sentences[:n])
    assert 1 <= n <= 3
    assert first.prompt == "Dites « la suite », ou « accueil »."
    second = d.handle("plus de détails")
    m = len(_sentences(second.quoted))
    assert second.quoted == " ".join(sentences[n : n + m])
    assert d.handle("précédent").quoted == first.quoted
    assert d.handle("répète").quoted == first.quoted
    replies = [d.handle("la suite") for _ in range(len(sentences) + 2)]
    read = " ".join(r.quoted for r in replies if r.quoted)
    assert " ".join(sentences[n:]) == read  # everything, once, in order
    assert all(_heard_words(r.text) <= MAX_WORDS for r in (first, second, *replies))
    last = next(r for r in replies if "C'est la fin du guide." in r.text)
    assert last.state == "guide" and last.prompt == "Voulez-vous les lieux près de vous ?"
    for reply in (first, second, *replies):
        audit(reply)
    assert "(" not in read and "**" not in read and "](" not in read
    assert "RQTH (" not in read and "La reconnaissance de la qualité" in first.quoted


def test_stopping_the_reading_comes_back_to_the_places_question(server: Recorder) -> None:
    d = Dialogue(server.client())
    whole(d, d.handle("c'est quoi l'épide"))
    d.handle("la suite")
    reply = d.handle("non")
    assert reply.state == "guide" and reply.prompt == "Voulez-vous les lieux près de vous ?"


def test_guide_sentences_are_made_to_be_heard() -> None:
    from voice.dialogue import guide_sentences

    markdown = (
        "La RQTH (reconnaissance de la qualité de travailleur handicapé) aide.\n"
        "Demandez-la à la maison départementale des personnes handicapées (MDPH).\n\n"
        "## Qui peut m'aider ?\n\n"
        "- Le CFA : il vous aide\n  à trouver un employeur.\n"
        "- Le site [1 jeune 1 solution](https://www.1jeune1solution.gouv.fr/) (de l'État)\n"
    )
    assert guide_sentences(markdown) == [
        "La reconnaissance de la qualité de travailleur handicapé aide.",
        "Demandez-la à la maison départementale des personnes handicapées.",
        "Qui peut m'aider ?",
        "Le CFA : il vous aide à trouver un employeur.",
        "Le site 1 jeune 1 solution, de l'État.",
    ]


def test_a_question_from_a_list_starts_anew_and_la_suite_reads_the_guide(
    server: Recorder,
) -> None:
    d = Dialogue(server.client())
    run(d, "mission locale à lyon")
    answer = whole(d, d.handle("comment trouver un stage"))
    assert answer.state == "guide" and not d.items
    more = d.handle("suivant")
    assert more.state == "guide_reading" and "Mission locale numéro" not in more.text


def test_a_question_while_asked_for_a_town_is_not_taken_for_a_town(server: Recorder) -> None:
    d = Dialogue(server.client())
    run(d, "je cherche un cio")
    reply = d.handle("c'est quoi la rqth")
    assert reply.state == "guide" and not server.params("/api/v1/structures")


def test_guides_failing_or_a_service_down(server: Recorder) -> None:
    server.missing.add("/api/v1/guides")  # the service answers 404
    reply = Dialogue(server.client()).handle("c'est quoi la rqth")
    assert "Le service a un problème." in reply.text and "Réessayez" in reply.prompt
    server.down = True
    down = Dialogue(server.client()).handle("c'est quoi la rqth")
    assert "Le service ne répond pas." in down.text


def test_help_says_questions_can_be_asked(server: Recorder) -> None:

    reply = Dialogue(server.client()).handle("aide")
    assert "questions" in reply.text
    for quoted in re.findall(r"« ([^»]+) »", reply.text):
        assert understand(quoted).intent != "unknown", quoted


def test_expected_phrases_offer_questions_and_choices(server: Recorder) -> None:
    d = Dialogue(server.client())
    assert "c'est quoi la rqth" in d.expected_phrases()
    d.handle("c'est quoi le handicap")
    choosing = d.expected_phrases()
    assert "le deuxième" in choosing and "numéro trois" in choosing
    d.handle("le premier")
    assert "oui à lyon" in d.expected_phrases()


def test_france_travail_said_as_pole_emploi_is_found_and_its_national_number_called(
    server: Recorder, local_api: LocalApi
) -> None:
    listed = local_api.get("/api/v1/structures", code_insee="76540", kind="france_travail")
    assert listed["total"] >= 1
    d = Dialogue(server.client())
    d.start()
    first = d.handle("je cherche pôle emploi à rouen")
    assert server.params("/api/v1/structures")[-1]["kind"] == "france_travail"
    assert "agence" in first.text and "France Travail" in first.text
    assert "ici même" not in first.text
    detail = d.handle("le premier")
    assert detail.state == "detail" and "trente-neuf quarante-neuf" in detail.text
    call = d.handle("appelle les")
    assert [(a.kind, a.data["phone"]) for a in call.actions] == [("dial", "39 49")]
    assert "pas de numéro à lui" in call.text


def test_where_nobody_reads_requests_the_voice_says_whom_to_call_and_sends_nothing(
    server: Recorder,
) -> None:
    """Aurillac: no structure of the Cantal uses Total Accès on the test server. Before consent
    the voice says so, gives the competent place's number, forgets what was said, and
    « appelle » dials that number."""
    d = Dialogue(server.client())
    run(d, "rappelle moi pour un travail", "Léa", "06 12 34 56 78", "oui", "19")
    reply = whole(d, d.handle("aurillac"))
    assert reply.state == "detail" and not d._callback
    assert "Nous ne pouvons pas transmettre votre demande ici" in reply.text
    assert "rien gardé" in reply.text and "appelle" in reply.prompt
    assert not server.callbacks  # nothing personal left the device
    [asked] = server.params("/api/v1/callbacks/coverage")
    assert asked["code_insee"] == "15014" and "first_name" not in asked
    call = d.handle("appelle")
    [action] = call.actions
    assert action.kind == "dial" and action.data["phone"]


def test_a_request_refused_at_sending_time_gives_the_number_too(server: Recorder) -> None:
    """The coverage check is missing on an older server: the request itself answers 409."""
    server.missing.add("/api/v1/callbacks/coverage")
    d = Dialogue(server.client())
    run(d, "rappelle moi pour un travail", "Léa", "06 12 34 56 78", "oui", "19", "aurillac")
    assert d.state == "callback_consent"
    reply = d.handle("oui")
    assert "Nous ne pouvons pas transmettre votre demande ici" in reply.text
    assert server.callbacks and not server.accepted_callbacks
    assert reply.state == "detail" and not d._callback


# -- « il y a une erreur » ----------------------------------------------------------------------
def _reports(server: Recorder) -> list[tuple[dict[str, object], int | None]]:
    import json

    return [
        (json.loads(e.request.content), e.status)
        for e in server.exchanges
        if e.request.method == "POST" and e.request.url.path == "/api/v1/reports"
    ]


def test_there_is_a_mistake_asks_what_then_reports_the_place_just_read(server: Recorder) -> None:
    d = Dialogue(server.client())
    run(d, "mission locale à lyon", "le premier")
    place_id = d.selected["id"]  # type: ignore[index]
    asked = d.handle("il y a une erreur")
    assert asked.state == "report_reason" and "Qu'est-ce qui ne va pas" in asked.text
    assert _reports(server) == []  # nothing sent before the reason
    done = d.handle("le numéro ne répond plus")
    assert _reports(server) == [
        ({"target": "structure", "target_id": place_id, "reason": "phone", "source": "voice"}, 201)
    ]
    assert done.state == "detail" and "vont vérifier" in done.text
    again = d.handle("le premier")  # the place read again says it is to be checked
    assert "Signalé comme à vérifier" in again.text


def test_a_mistake_said_with_its_reason_is_reported_at_once(server: Recorder) -> None:
    d = Dialogue(server.client())
    run(d, "mission locale à lyon", "le deuxième")
    done = d.handle("ce lieu a fermé, il n'existe plus")
    sent = _reports(server)
    assert [(body["reason"], status) for body, status in sent] == [("closed", 201)]
    assert "Merci" in done.text


def test_a_mistake_without_a_place_asks_which_and_a_failing_server_is_said(
    server: Recorder,
) -> None:
    d = Dialogue(server.client())
    first = d.handle("il y a une erreur")
    assert "Sur quel lieu" in first.text and _reports(server) == []
    run(d, "mission locale à lyon", "le premier", "il y a une erreur")
    server.down = True
    failed = d.handle("autre chose")
    assert "Je n'ai pas pu envoyer le signalement" in failed.text and failed.state == "detail"
    server.down = False
    cancelled = run(d, "il y a une erreur", "non")[-1]
    assert "je n'envoie rien" in cancelled.text


def test_asking_when_a_place_is_open_gives_its_hours_or_says_there_are_none(
    server: Recorder, local_api: LocalApi
) -> None:
    """ "C'est ouvert quand ?" on the place just read or on one named by its number: what is true
    now (from the API's hours, in the place's time zone), never the address or a route."""
    from sqlalchemy import create_engine, update

    from backend.models import Structure

    items = local_api.get("/api/v1/structures", code_insee="69123", kind="mission_locale", limit=3)[
        "items"
    ]
    engine = create_engine(str(local_api.database_url))
    with engine.begin() as connection:
        connection.execute(
            update(Structure).where(Structure.id == items[1]["id"]).values(opening_hours="24/7")
        )
    try:
        d = Dialogue(server.client())
        d.start()
        d.handle("je cherche une mission locale à lyon")
        opened = d.handle("le deuxième, c'est ouvert quand ?")
        assert opened.text.startswith(
            "Ouvert en ce moment, vingt-quatre heures sur vingt-quatre. Dites"
        )
        assert not opened.actions  # no route opened for a question about hours
        d.handle("le premier")
        if items[0].get("phone"):
            none = d.handle("à quelle heure ça ferme")
            assert none.text.startswith("Je n'ai pas les horaires de ce lieu.")
            assert "Appelez avant de venir" in none.text
        home = Dialogue(server.client())
        home.start()
        assert home.handle("c'est ouvert quand").text.startswith("Les horaires de quel lieu ?")
    finally:
        with engine.begin() as connection:
            connection.execute(
                update(Structure).where(Structure.id == items[1]["id"]).values(opening_hours=None)
            )
        engine.dispose()


def test_in_a_place_an_ordinal_acts_on_that_item_and_its_distance_is_kept(
    server: Recorder, local_api: LocalApi
) -> None:
    """ "Appelle le deuxième" after reading the first calls the second; "c'est loin ?" gives
    the distance from the searched place, which opening an item does not lose."""
    items = local_api.get("/api/v1/structures", code_insee="69123", kind="mission_locale", limit=3)[
        "items"
    ]
    d = Dialogue(server.client())
    d.start()
    d.handle("je cherche une mission locale à lyon")
    first = d.handle("le premier")
    assert first.state == "detail"
    far = d.handle("c'est loin ?")
    assert f"c'est {items[0]['distance_text']}" in far.text  # kept from the list
    if items[1].get("phone"):
        call = d.handle("appelle le deuxième")
        assert [(a.kind, a.data["phone"]) for a in call.actions] == [("dial", items[1]["phone"])]
    third = d.handle("et le troisième, c'est loin ?")
    assert f"c'est {items[2]['distance_text']}" in third.text
    assert d.selected is not None and d.selected["id"] == items[2]["id"]  # about that one
    home = Dialogue(server.client())
    home.start()
    assert home.handle("c'est loin").text.startswith("La distance de quel lieu ?")


def test_a_code_is_spelled_in_short_groups_with_a_word_for_each_letter() -> None:
    from totalacces.vocabulary import spell_code

    assert spell_code("66GM9HRG") == (
        "six, six, G comme golf, M comme mike ; neuf, H comme hôtel, R comme roméo, G comme golf"
    )
    assert spell_code("k2") == "K comme kilo, deux"


def test_the_filters_are_said_and_an_empty_answer_says_which_filter_emptied_it(
    server: Recorder, local_api: LocalApi
) -> None:
    """A blind person hears which filters were applied; when they leave nothing, the dialogue
    says so, how many there are without them, and "oui" gives those."""
    d = Dialogue(server.client())
    d.start()
    found = d.handle("un stage de troisième accessible en fauteuil à marseille")
    total = local_api.get(
        "/api/v1/offers", code_insee="13055", level="3e", accessible="true", limit=1
    )["total"]
    assert total > 0  # the bundled data this test stands on
    assert "Avec : accessible aux personnes handicapées, niveau troisième." in found.text
    # A filtered search that finds nothing, around a small town with a few example offers.
    without = local_api.get("/api/v1/offers", code_insee="15120", limit=1)["total"]
    with_filters = local_api.get(
        "/api/v1/offers", code_insee="15120", level="bts", accessible="true", limit=1
    )["total"]
    assert without > 0 and with_filters == 0  # the bundled data this test stands on
    d = Dialogue(server.client())
    d.start()
    asked = d.handle("un stage de BTS accessible à mauriac")
    assert asked.state == "confirm_place"  # Mauriac (Cantal) or Mauriac (Gironde)
    empty = d.handle("dans le cantal")
    assert "avec : accessible aux personnes handicapées, niveau BTS." in empty.text
    assert f"Sans ces filtres, il y en a {without}." in empty.text
    loose = d.handle("oui")
    assert loose.text.startswith("J'ai trouvé") and "Avec :" not in loose.text
    last = server.params("/api/v1/offers")[-1]
    assert "accessible" not in last and "level" not in last


def test_a_trade_word_with_no_offer_is_said_back_and_every_offer_of_the_place_offered(
    server: Recorder, local_api: LocalApi
) -> None:
    every = local_api.get("/api/v1/offers", code_insee="69123", limit=1)["total"]
    assert every > 0
    d = Dialogue(server.client())
    d.start()
    unknown = d.handle("un stage de zorglubeur à lyon")
    assert unknown.text.startswith(
        "Je n'ai trouvé aucune offre de stage pour « zorglubeur » à Lyon."
    )
    assert f"Il y a {every} offres de stage à Lyon en tout." in unknown.text
    listed = d.handle("oui")
    assert listed.text.startswith(f"J'ai trouvé {every} offres de stage à Lyon.")
    assert "q" not in server.params("/api/v1/offers")[-1]


def test_a_first_name_said_with_fillers_is_understood_and_yes_is_never_a_name(
    server: Recorder,
) -> None:
    d = Dialogue(server.client())
    d.start()
    assert d.handle("rappelle-moi").state == "callback_name"
    yes = d.handle("oui")
    assert yes.state == "callback_name" and "Merci" not in yes.text  # "oui" is not a name
    named = d.handle("euh alors c'est Jean-Marc")
    assert named.text.startswith("Merci Jean-Marc.") and named.state == "callback_phone"


def test_every_callback_question_takes_i_dont_know_without_a_loop(server: Recorder) -> None:
    d = Dialogue(server.client())
    d.start()
    d.handle("rappelle-moi")
    d.handle("Sami")
    no_phone = d.handle("je ne sais pas mon numéro")
    assert no_phone.state == "home" and "ne peut pas vous rappeler" in no_phone.text
    assert not d._callback  # nothing kept
    d.handle("rappelle-moi")
    d.handle("Sami")
    d.handle("zéro six douze trente-quatre cinquante-six soixante-dix-huit")
    d.handle("oui")
    age = d.handle("je ne sais pas")  # the age is not required
    assert age.state == "callback_place"
    assert d.handle("lyon").state == "callback_topic"
    topic = d.handle("aucune idée")
    assert topic.state == "callback_consent", topic.text  # Lyon has counselors who read it
    assert d._callback.get("topic") == "training"  # as the web form's « Autre question »


def test_items_that_would_sound_the_same_are_told_apart_by_their_street() -> None:
    from voice.dialogue import _told_apart

    items = [
        {"name": "Mission locale", "address": "12 rue des Lilas"},
        {"name": "Mission locale", "address": "3 avenue Foch"},
        {"name": "CIO", "address": "1 place du Marché"},
    ]
    lines = ["Un : Mission locale, ici même.", "Deux : Mission locale, ici même.", "Trois : CIO."]
    told = _told_apart(lines, items)
    assert told[0] == "Un : Mission locale, ici même, 12 rue des Lilas."
    assert told[1] == "Deux : Mission locale, ici même, 3 avenue Foch."
    assert told[2] == "Trois : CIO."  # unique: unchanged


def test_calling_a_kind_before_any_search_finds_it_first(server: Recorder) -> None:
    d = Dialogue(server.client())
    ask = d.handle("je voudrais téléphoner au cio")
    assert ask.state == "ask_place" and ask.prompt == "Dans quelle ville ?"
    listed = d.handle("à rennes")
    assert listed.state == "results"
    assert server.params("/api/v1/structures")[-1] == {
        "limit": "50",
        "code_insee": "35238",
        "kind": "cio",
    }
    called = d.handle("appelle le premier")
    assert [a.kind for a in called.actions] == ["dial"]


def test_hours_of_a_place_not_yet_found_find_it_first(server: Recorder) -> None:
    """« à quelle heure ferme la mission locale de niort » at the start: Niort's missions
    locales (not Queuille, a near reading of « quelle heure »), then the hours of one."""
    d = Dialogue(server.client())
    listed = d.handle("à quelle heure ferme la mission locale de niort")
    assert listed.state == "results"
    assert server.params("/api/v1/structures")[-1]["code_insee"] == "79191"


def test_a_shared_name_with_its_departement_answers_the_place_question(server: Recorder) -> None:
    d = Dialogue(server.client())
    d.handle("une mission locale")
    reply = d.handle("valence dans la drôme")  # not « Valence dans la Drôme, ou... ? »
    assert reply.state == "results"
    assert server.params("/api/v1/structures")[-1]["code_insee"] == "26362"


def test_a_town_corrected_after_the_list_searches_there(server: Recorder) -> None:
    d = Dialogue(server.client())
    d.handle("la mission locale de saint étienne")
    again = d.handle("non pas saint étienne, saint chamond")
    assert again.state == "results" and "à Saint-Chamond" in again.text
    sent = server.params("/api/v1/structures")[-1]
    assert sent["code_insee"] == "42207" and sent["kind"] == "mission_locale"
    d.handle("un stage de vente à grenade")
    d.handle("pardon je voulais dire grenoble en isère")
    assert server.params("/api/v1/offers")[-1]["code_insee"] == "38185"
    assert server.params("/api/v1/offers")[-1]["q"] == "vente"


def test_a_phone_number_corrected_in_the_same_breath_is_read_back_again(server: Recorder) -> None:
    d = Dialogue(server.client())
    run(d, "rappelle moi", "Léa", "06 12 34 56 78")
    again = d.handle(
        "non c'est pas ça zéro six douze trente quatre cinquante six soixante dix neuf"
    )
    assert again.state == "callback_phone_confirm" and "06 12 34 56 79" in again.text
