"""Fixtures shared by every test suite (Django-free).

The seed archive lives outside the repository, in the ``shared/`` folder
beside it (``../shared/seed/…`` from the project root); the environment
variable ``KINDNESS_SEED`` may point at it instead.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SEED_NAME = "kindness-in-healthcare-archive.txt"


def find_seed() -> Path | None:
    """The seed archive's path, or None when it cannot be found."""
    beside_repo = Path(__file__).resolve().parents[1].parent / "shared" / "seed" / SEED_NAME
    if beside_repo.is_file():
        return beside_repo
    from_env = os.environ.get("KINDNESS_SEED")
    if from_env and Path(from_env).is_file():
        return Path(from_env)
    return None


@pytest.fixture(scope="session")
def seed_path() -> Path:
    """Path of the seed archive page text (Kindness in Healthcare, 2022-2024)."""
    path = find_seed()
    if path is None:
        pytest.fail(
            f"the seed archive {SEED_NAME} was not found in ../shared/seed/ beside the "
            "repository: set KINDNESS_SEED to its path"
        )
    return path


@pytest.fixture(scope="session")
def seed_text(seed_path: Path) -> str:
    """The seed archive page text, exactly as stored (never edited)."""
    return seed_path.read_text(encoding="utf-8")
