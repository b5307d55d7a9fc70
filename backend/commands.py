"""Backend sub-commands of ``totalacces``: ``serve``, ``import`` and ``data report``. Only typer
at module level."""

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

    @app.command("sync")
    def sync(
        source: str = typer.Argument(..., help="La source : datainclusion, annuaire ou lba."),
        dry_run: bool = typer.Option(
            False, "--dry-run", help="Tout lire et dire ce qui changerait, sans rien enregistrer."
        ),
        force: bool = typer.Option(
            False, "--force", help="Fermer les lieux disparus même s'ils sont nombreux."
        ),
        base_url: str = typer.Option("", help="Adresse de l'API (par défaut : l'officielle)."),
        file: str = typer.Option(
            "", "--file", help="datainclusion : lire l'export open data (JSON) au lieu de l'API."
        ),
        geocode: bool = typer.Option(
            True,
            "--geocode/--no-geocode",
            help="Placer les adresses sans coordonnées avec la Base Adresse Nationale.",
        ),
    ) -> None:
        """Mettre à jour les lieux depuis une source officielle (data·inclusion, Annuaire de
        l'administration)."""

        from backend.db import make_engine, migrate
        from backend.settings import get_settings
        from backend.sync import annuaire, datainclusion, lba
        from backend.sync import engine as sync_engine
        from backend.sync.ban import BanGeocoder
        from backend.sync.http import SourceError

        if source == lba.NAME:
            _sync_offers(dry_run, force, base_url)
            return
        connectors = {datainclusion.NAME: datainclusion, annuaire.NAME: annuaire}
        connector = connectors.get(source)
        if connector is None:
            typer.echo(
                f"Source inconnue « {source} ». Sources : {', '.join(connectors)}.", err=True
            )
            raise typer.Exit(code=2)
        try:
            if connector is datainclusion and file:
                http = None
                label = "data·inclusion"
            elif connector is datainclusion:
                http = datainclusion.client(
                    get_settings().secret("datainclusion_token"),
                    base_url or datainclusion.DEFAULT_BASE_URL,
                )
                label = "data·inclusion"
            else:
                http = annuaire.client(base_url or annuaire.DEFAULT_BASE_URL)
                label = annuaire.LABEL
        except datainclusion.MissingToken as exc:
            typer.echo(str(exc), err=True)
            raise typer.Exit(code=2) from exc
        engine = make_engine(get_settings().effective_database_url)
        migrate(engine)
        progress = lambda text: typer.echo(text, err=True)  # noqa: E731
        try:
            report = sync_engine.run(
                engine,
                connector.NAME,
                label,
                connector.LICENCE,
                (lambda: datainclusion.fetch_file(file))
                if http is None
                else (lambda: connector.fetch(http, progress)),
                dry_run=dry_run,
                force=force,
                progress=progress,
                offline_allowed=connector.OFFLINE_ALLOWED,
                geocode=BanGeocoder(get_settings().ban_domain) if geocode else None,
            )
        except (SourceError, sync_engine.SyncLocked, sync_engine.SyncRefused) as exc:
            typer.echo(f"Synchronisation arrêtée, rien n'a changé : {exc}", err=True)
            raise typer.Exit(code=1) from exc
        finally:
            if http is not None:
                http.close()
        for line in report.lines():
            typer.echo(line)

    def _sync_offers(dry_run: bool, force: bool, base_url: str) -> None:
        """Real apprenticeship offers from La bonne alternance, around each département's
        largest town, for every parent ROME fiche."""

        from backend.db import make_engine, migrate
        from backend.settings import get_settings
        from backend.sync import lba, offers
        from backend.sync.datainclusion import MissingToken
        from backend.sync.engine import SyncLocked, SyncRefused
        from backend.sync.http import SourceError

        try:
            http = lba.client(get_settings().secret("lba_token"), base_url or lba.DEFAULT_BASE_URL)
        except MissingToken as exc:
            typer.echo(str(exc), err=True)
            raise typer.Exit(code=2) from exc
        engine = make_engine(get_settings().effective_database_url)
        migrate(engine)
        romes = lba.parent_romes(get_settings().import_dir / "careers.csv")
        points = offers.search_points()

        def progress(text: str) -> None:
            typer.echo(text, err=True)

        try:
            report = offers.run(
                engine,
                lba.NAME,
                lba.LABEL,
                lba.LICENCE,
                lambda: lba.fetch(http, points, romes, progress),
                dry_run=dry_run,
                force=force,
                offline_allowed=lba.OFFLINE_ALLOWED,
            )
        except (SourceError, SyncLocked, SyncRefused) as exc:
            typer.echo(f"Synchronisation arrêtée, rien n'a changé : {exc}", err=True)
            raise typer.Exit(code=1) from exc
        finally:
            http.close()
        for line in report.lines():
            typer.echo(line)

    data_app = typer.Typer(help="Les données : ce qu'elles contiennent et ce qui manque.")
    app.add_typer(data_app, name="data")

    @data_app.command("report")
    def report() -> None:
        """Par type de lieu : combien, les départements sans aucun lieu, la part d'infos de plus
        de deux ans, la précision des positions, les lieux sans contact propre."""
        from backend.data_report import collect, table
        from backend.db import make_engine
        from backend.settings import get_settings

        engine = make_engine(get_settings().effective_database_url)
        typer.echo("Lecture des structures…", err=True)
        rows = collect(engine)
        engine.dispose()
        for line in table(rows):
            typer.echo(line)
        empty = [r.kind for r in rows if r.count == 0]
        typer.echo(
            f"{sum(r.count for r in rows)} lieux, {len(rows) - len(empty)} types avec des lieux"
            + (f", sans aucun lieu : {', '.join(empty)}." if empty else "."),
            err=True,
        )
