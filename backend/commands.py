"""Backend sub-commands of ``totalacces``: ``serve`` and ``import``. Only typer at module level."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    @app.command("serve")
    def serve(
        host: str = typer.Option("127.0.0.1", help="Adresse d'écoute."),
        port: int = typer.Option(8000, help="Port d'écoute."),
        workers: int = typer.Option(0, help="Processus (0 : TOTALACCES_WORKERS, 1 par défaut)."),
    ) -> None:
        """Servir l'API et le site sur http://HOST:PORT."""
        import uvicorn

        from backend.db import make_engine, migrate
        from backend.settings import get_settings

        settings = get_settings()
        migrate(make_engine(settings.effective_database_url))
        uvicorn.run(
            "backend.app:create_app",
            factory=True,
            host=host,
            port=port,
            workers=workers or settings.workers,
            log_level="warning",
            access_log=False,
        )

    @app.command("import")
    def import_(
        if_empty: bool = typer.Option(
            False, "--if-empty", help="Ne rien faire si la base contient déjà des données."
        ),
    ) -> None:
        """Importer les jeux de données fournis (structures, métiers, secteurs, offres d'exemple)."""
        from backend.db import make_engine, migrate
        from backend.importer import import_all
        from backend.settings import get_settings

        settings = get_settings()
        engine = make_engine(settings.effective_database_url)
        migrate(engine)
        report = import_all(engine, settings.import_dir, if_empty=if_empty)
        for line in report.lines():
            typer.echo(line)
        if not report.ok:
            raise typer.Exit(code=1)
