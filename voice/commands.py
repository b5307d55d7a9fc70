"""`totalacces chat` and `totalacces voice`. Only typer is imported at module level."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

NOT_REACHABLE = (
    "Le service Total Accès ne répond pas à l'adresse {url}. "
    "Lancez-le avec « totalacces serve », ou indiquez son adresse avec --api."
)


def _client(api: str | None) -> Any:
    from totalacces.client import ApiClient, ApiError, ApiUnavailable

    client = ApiClient(api)
    try:
        client.health()
    except ApiUnavailable:
        typer.echo(NOT_REACHABLE.format(url=client.base_url), err=True)
        raise typer.Exit(2) from None
    except ApiError:
        pass  # it answers: the dialogue will say what goes wrong
    return client


def _print_reply(reply: Any) -> None:
    typer.echo(reply.text)
    for action in reply.actions:
        if action.kind == "dial":
            typer.echo(f"[appel : {action.data.get('phone')}]")
        elif action.kind == "route":
            typer.echo(f"[itinéraire : {action.data.get('lat')}, {action.data.get('lon')}]")
        elif action.kind == "open_url":
            typer.echo(f"[lien : {action.data.get('url')}]")


def chat(
    json_output: bool = typer.Option(
        False, "--json", help="Affiche aussi ce qui a été compris, en JSON, à chaque tour."
    ),
    api: str | None = typer.Option(None, "--api", help="Adresse du service (TOTALACCES_API_URL)."),
) -> None:
    """Le dialogue vocal en mode texte (terminal, plage braille)."""
    import json
    import sys

    from voice.dialogue import Dialogue

    client = _client(api)
    dialogue = Dialogue(client)
    _print_reply(dialogue.start())
    interactive = sys.stdin.isatty()
    while True:
        try:
            line = input("> " if interactive else "")
        except (EOFError, KeyboardInterrupt):
            typer.echo("Au revoir.")
            return
        if not interactive:
            typer.echo(f"> {line}")
        reply = dialogue.handle(line)
        if json_output and reply.understanding is not None:
            typer.echo(json.dumps(reply.understanding.to_dict(), ensure_ascii=False))
        _print_reply(reply)
        if any(a.kind == "end" for a in reply.actions):
            return


def voice(
    wav: Path | None = typer.Option(None, "--wav", help="Un enregistrement WAV au lieu du micro."),
    download_model: bool = typer.Option(
        False, "--download-model", help="Télécharge le modèle vosk français (internet)."
    ),
    api: str | None = typer.Option(None, "--api", help="Adresse du service (TOTALACCES_API_URL)."),
    model: Path | None = typer.Option(
        None, "--model", help="Dossier du modèle vosk (TOTALACCES_VOSK_MODEL)."
    ),
) -> None:
    """Le dialogue à la voix : micro (ou --wav), réponse parlée."""
    from voice.listener import Listener, ModelNotFound
    from voice.listener import download_model as fetch

    if download_model:
        typer.echo("Téléchargement du modèle français de reconnaissance vocale...")
        try:
            path = fetch("fr")
        except Exception as exc:
            typer.echo(
                f"Le téléchargement a échoué ({type(exc).__name__}). Vérifiez la connexion "
                "internet, ou installez le modèle à la main et indiquez-le avec "
                "TOTALACCES_VOSK_MODEL.",
                err=True,
            )
            raise typer.Exit(1) from None
        typer.echo(f"Modèle installé : {path}")
        typer.echo(
            "« totalacces voice » le trouve tout seul dans ce dossier. Pour en indiquer un autre : "
            f"export TOTALACCES_VOSK_MODEL={path}"
        )
        return
    from voice.dialogue import Dialogue
    from voice.speaker import Speaker, VoiceUnavailable

    try:
        listener = Listener(model)
    except ModelNotFound as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from None
    client = _client(api)
    dialogue = Dialogue(client)
    try:
        # an answer that could not be said (after a retry) is said to have failed, in print
        speaker: Any = Speaker(on_error=lambda message: typer.echo(message, err=True))
    except VoiceUnavailable as exc:
        typer.echo(str(exc), err=True)
        speaker = None

    def answer(reply: Any) -> None:
        _print_reply(reply)
        for action in reply.actions:
            if speaker is not None and action.kind == "rate":
                speaker.slower() if action.data.get("change") == "slower" else speaker.faster()
        if speaker is not None:
            speaker.speak(reply.text, block=wav is not None)

    answer(dialogue.start())
    listener.expect(dialogue)
    if wav is not None:
        heard = listener.recognize_wav(wav)
        typer.echo(f"> {heard.text or '(rien compris)'}")
        answer(dialogue.handle(heard.text))
        return

    def on_heard(heard: Any) -> bool:
        if speaker is not None:
            speaker.stop()  # barge-in
        typer.echo(f"> {heard.text or '(rien compris)'}")
        reply = dialogue.handle(heard.text)
        answer(reply)
        listener.expect(dialogue)
        return not any(a.kind == "end" for a in reply.actions)

    def on_partial(partial: str) -> None:
        if speaker is not None and speaker.is_speaking:
            speaker.stop()

    try:
        listener.listen(on_heard, on_partial=on_partial)
    except Exception as exc:  # no microphone
        typer.echo(
            f"Le micro n'est pas disponible ({type(exc).__name__}). "
            "Utilisez --wav FICHIER, ou « totalacces chat » pour écrire.",
            err=True,
        )
        raise typer.Exit(1) from None


def register(app: typer.Typer) -> None:
    app.command("chat")(chat)
    app.command("voice")(voice)
