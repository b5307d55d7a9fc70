"""Entry point used by buildozer (Android looks for main.py)."""

from mobile.app import run

if __name__ == "__main__":
    run()
