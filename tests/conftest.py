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
