"""The ``kindness`` command line (``kindness next``, ``describe``, ``import``, ``ics``).

:func:`main` is the console script's entry point (``kindness_core.cli:main``)
and :func:`build_parser` its parser; they live in
:mod:`kindness_core.cli.app`.  The sub-commands are
:mod:`~kindness_core.cli.app` (``next``, ``describe``),
:mod:`~kindness_core.cli.import_command` and
:mod:`~kindness_core.cli.ics_command`, sharing
:mod:`~kindness_core.cli.common`.  The command line may import any part of
:mod:`kindness_core`; no other part imports it.
"""

from __future__ import annotations

from .app import build_parser, main

__all__ = ["build_parser", "main"]
