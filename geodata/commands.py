"""The `totalacces places` command (only typer is imported at module level)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the geodata sub-commands to the `totalacces` command."""

    @app.command("places")
    def places(
        query: str = typer.Argument(..., help="Nom de commune, code postal ou code INSEE."),
        limit: int = typer.Option(10, "--limit", "-n", min=1, max=100, help="Nombre maximal."),
        json_output: bool = typer.Option(False, "--json", help="Sortie JSON."),
    ) -> None:
        """Chercher une commune par son nom, son code postal ou son code INSEE."""
        import json
        from dataclasses import asdict

        from geodata import lookup

        try:
            result = lookup(query, limit=limit)
        except ValueError as exc:
            typer.echo(str(exc), err=True)
            raise typer.Exit(2) from None
        if json_output:
            payload = {
                "query": result.query,
                "matched_by": result.matched_by,
                "ambiguous": result.ambiguous,
                "note": result.note,
                "candidates": [
                    {
                        **asdict(c),
                        "lat": c.lat if c.has_coords else None,
                        "lon": c.lon if c.has_coords else None,
                    }
                    for c in result.candidates
                ],
            }
            typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        else:
            typer.echo(f"Recherche : {result.query} (trouvé par : {result.matched_by})")
            if result.note:
                typer.echo(result.note)
            for c in result.candidates:
                pcs = ", ".join(c.postcodes) or "sans code postal"
                coords = f"{c.lat:.5f}, {c.lon:.5f}" if c.has_coords else "sans coordonnées"
                typer.echo(
                    f"- {c.nom} ({c.departement_nom}, {c.departement}) INSEE {c.code_insee}, "
                    f"{pcs}, {c.population} habitants, {coords}"
                )
        if not result.candidates:
            raise typer.Exit(1)
