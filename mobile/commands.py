"""`totalacces app`: start the Kivy app on a desktop (typer only at module level)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    @app.command("app")
    def run_app(
        api: str = typer.Option(
            None, "--api", help="Adresse du service (défaut : TOTALACCES_API_URL)."
        ),
    ) -> None:
        """Lance l'application Total Accès (Kivy)."""
        import os

        os.environ.setdefault("KIVY_NO_ARGS", "1")
        from mobile.app import run

        run(api)
