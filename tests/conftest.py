"""Fixtures shared by every test suite (Django-free).

The seed archive is the repository's own copy,
``example_site/demo/kindness-in-healthcare-archive.txt``
(:data:`example_site.demo.ARCHIVE`, which ``load_demo`` and the benchmarks
read too).  Nothing outside the repository is read, so the tests pass in any
clone, with nothing beside it: ``tests/repo/test_fresh_clone.py`` keeps it so.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from example_site.demo import ARCHIVE


@pytest.fixture(scope="session")
def seed_path() -> Path:
    """Path of the seed archive page text (Kindness in Healthcare, 2022-2024)."""
    if not ARCHIVE.is_file():
        pytest.fail(f"the seed archive is missing from the checkout: {ARCHIVE}")
    return ARCHIVE


@pytest.fixture(scope="session")
def seed_text(seed_path: Path) -> str:
    """The seed archive page text, exactly as stored (never edited)."""
    return seed_path.read_text(encoding="utf-8")


def pytest_ignore_collect(collection_path: Path, config) -> bool | None:
    """``tests/i18n`` runs only under its own settings (``--ds=tests.settings_i18n``).

    ``make pytest`` runs it as a second pass; under the plain test settings
    (no locales, no ``i18n_patterns``) it is not collected.
    """
    import os

    if collection_path.name == "i18n" and collection_path.parent == Path(__file__).parent:
        return os.environ.get("DJANGO_SETTINGS_MODULE") != "tests.settings_i18n"
    return None
