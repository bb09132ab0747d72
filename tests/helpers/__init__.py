"""What the tests share: the environment (``environment``), demo databases (``databases``), the app under AppTest
(``app``), Chromium (``browser``), a local administration (``local_unit``, ``framework``), Google Sheets (``sheets``,
``sheets_emulator``), plan files (``plans``, ``seed_layouts``, ``onboarding_files``), password guesses (``sign_in``).
Fixtures defined here are offered to every test by ``tests/conftest.py``; a test imports the plain functions and
constants it uses."""

from __future__ import annotations



