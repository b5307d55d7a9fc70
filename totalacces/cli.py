"""The `totalacces` command. Each package registers its own sub-commands.

Registration modules (`<package>/commands.py`) must stay light: heavy imports (Kivy, vosk,
SQLAlchemy engines) happen inside the command functions, so `totalacces --help` is instant.
"""

from __future__ import annotations

import importlib

import typer

app = typer.Typer(
    name="totalacces",
    help="Total Accès : orientation, structures, stages et métiers, accessibles à tous.",
    no_args_is_help=True,
    add_completion=False,
)

# Order matters only for --help. A package that does not exist yet is simply not registered.
COMMAND_MODULES = (
    "geodata.commands",
    "backend.commands",
    "backend.people.commands",
    "voice.commands",
    "mobile.commands",
)


def _register_all() -> None:
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue
            raise
        module.register(app)


_register_all()


def main() -> None:
    app()
