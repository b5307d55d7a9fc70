"""``totalacces user create`` and ``totalacces purge``. Only typer at module level."""

from __future__ import annotations

import typer


def _session_factory():  # type: ignore[no-untyped-def]
    from backend.db import make_engine, make_session_factory, migrate
    from backend.settings import get_settings

    engine = make_engine(get_settings().effective_database_url)
    engine.hide_parameters = True
    migrate(engine)
    return make_session_factory(engine)


def register(app: typer.Typer) -> None:
    user_app = typer.Typer(help="Comptes des conseillers, employeurs et administrateurs.")
    app.add_typer(user_app, name="user")

    @user_app.command("create")
    def user_create(
        email: str = typer.Option(
            ..., "--email", help="Adresse e-mail (identifiant de connexion)."
        ),
        role: str = typer.Option("admin", "--role", help="admin, counselor ou employer."),
        name: str = typer.Option("", "--name", help="Nom affiché."),
        structure_id: int | None = typer.Option(
            None, "--structure-id", help="Structure d'un compte de conseiller."
        ),
        password_stdin: bool = typer.Option(
            False, "--password-stdin", help="Lire le mot de passe sur l'entrée standard."
        ),
    ) -> None:
        """Créer un compte. Le mot de passe est demandé (jamais sur la ligne de commande)."""
        import sys

        from backend.people.errors import PeopleError
        from backend.people.services.accounts import create_account

        if password_stdin:
            password = sys.stdin.readline().rstrip("\r\n")
        else:
            password = typer.prompt("Mot de passe", hide_input=True, confirmation_prompt=True)
        factory = _session_factory()
        with factory() as session:
            try:
                account = create_account(
                    session,
                    email=email,
                    password=password,
                    role=role,
                    display_name=name or email,
                    structure_id=structure_id,
                )
                session.commit()
            except PeopleError as exc:
                typer.echo(f"Erreur : {exc.detail}", err=True)
                raise typer.Exit(code=1) from exc
            typer.echo(f"Compte {account.role} n° {account.id} créé.")

    @app.command("purge")
    def purge() -> None:
        """Supprimer les demandes de rappel et candidatures dont la durée de conservation est passée."""
        from backend.people.services.purge import purge as run_purge

        factory = _session_factory()
        with factory() as session:
            counts = run_purge(session)
        typer.echo(
            f"Supprimé : {counts['callbacks']} demande(s) de rappel, "
            f"{counts['applications']} candidature(s), "
            f"{counts['sessions_and_tokens']} session(s) ou jeton(s) expiré(s). "
            f"Offres passées en « expirée » : {counts['offers_expired']}."
        )
