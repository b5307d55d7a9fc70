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

    @app.command("demo")
    def demo(
        remove: bool = typer.Option(
            False, "--remove", help="Supprimer les comptes de démonstration."
        ),
    ) -> None:
        """Créer quelques comptes de démonstration (conseillers, employeur) pour essayer le service.

        Les structures concernées sont marquées « démonstration » partout ; les mots de passe
        sont affichés une seule fois. Un vrai déploiement n'en a aucun.
        """
        from backend.people.services import demo as demo_service

        factory = _session_factory()
        with factory() as session:
            if remove:
                count = demo_service.remove_demo(session)
                typer.echo(f"Comptes de démonstration supprimés : {count}.")
                return
            made = demo_service.create_demo(session)
        for account in made:
            where = f" — {account.structure}" if account.structure else ""
            secret = (
                f"mot de passe : {account.password}"
                if account.password
                else "existait déjà, mot de passe inchangé"
            )
            typer.echo(f"{account.role:<9} {account.email}{where} ({secret})")
        new = sum(1 for a in made if a.password)
        typer.echo(
            f"{len(made)} compte(s) de démonstration, dont {new} créé(s). Notez les mots de passe : "
            "ils ne seront plus affichés. Connexion : /espace-pro. "
            "Pour les supprimer : totalacces demo --remove."
        )

    @app.command("purge")
    def purge() -> None:
        """Supprimer ce dont la durée de conservation est passée (rappels, candidatures, accès)."""
        from backend.people.services.purge import purge as run_purge

        factory = _session_factory()
        with factory() as session:
            counts = run_purge(session)
        typer.echo(
            f"Supprimé : {counts['callbacks']} demande(s) de rappel, "
            f"{counts['applications']} candidature(s), "
            f"{counts['sessions_and_tokens']} session(s) ou jeton(s) expiré(s), "
            f"{counts['join_requests']} demande(s) d'accès à une structure, "
            f"{counts['error_reports']} signalement(s) d'erreur clos. "
            f"Offres passées en « expirée » : {counts['offers_expired']}."
        )
