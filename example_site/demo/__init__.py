"""The demo data: the real archive page text (see README.md beside it).

:data:`ARCHIVE` is the one path of the seed archive, and it is inside the
repository: ``load_demo``, the tests (``seed_path`` and ``seed_text`` in
``tests/conftest.py``), the benchmarks and ``.ci/wheel-smoke`` all read this
copy, so that ``make run`` and ``make test`` work in any clone, with nothing
beside it (``tests/repo/test_fresh_clone.py`` keeps it so).
"""

from __future__ import annotations

from pathlib import Path

#: Kindness in Healthcare's "Conversations for Kindness" archive page text,
#: unedited (19 conversations, July 2022 - February 2024).
ARCHIVE = Path(__file__).resolve().parent / "kindness-in-healthcare-archive.txt"
