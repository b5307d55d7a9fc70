"""Test support shared by tests/, a11y_tests/ and bench/ (never shipped: not a product package).

- ``backend``: the real API in-process (uvicorn thread) on the bundled data, and ``Recorder``,
  a transport that records requests and plays an unreachable, slow or older server.
- ``headless``: Kivy without a screen (``configure_headless`` before the first ``import kivy``).
- ``harness``: the one Kivy app of a test process, driven by keys, touches and swipes.
"""
