"""``python -m kindness_core`` runs the ``kindness`` command."""

from .cli import main

raise SystemExit(main())
