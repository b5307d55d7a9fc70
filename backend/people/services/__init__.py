"""Plain functions over a SQLAlchemy session (no HTTP here)."""
