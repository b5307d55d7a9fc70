"""The `totalacces` command. Each package registers its own sub-commands.

Registration modules (`<package>/commands.py`) must stay light: heavy imports (Kivy, vosk,
SQLAlchemy engines) happen inside the command functions, so `totalacces --help` is instant.
"""

from __future__ import annotations

import typer

app = typer.Typer(
    name="totalacces",
    help="Total Accès : orientation, structures, stages et métiers, accessibles à tous.",
    no_args_is_help=True,
    add_completion=False,
)


def _register_all() -> None:
    # Plain imports, in --help order; each module's register() adds its sub-commands.
    from backend import commands as backend_commands
    from backend.people import commands as people_commands
    from geodata import commands as geodata_commands
    from mobile import commands as mobile_commands
    from voice import commands as voice_commands

    for module in (
        geodata_commands,
        backend_commands,
        people_commands,
        voice_commands,
        mobile_commands,
    ):
        module.register(app)


_register_all()


def main() -> None:
    app()
