#!/usr/bin/env python
"""The example site's manage.py: ``python example_site/manage.py runserver``."""

import os
import sys
from pathlib import Path


def main() -> None:
    # The repository root, so that ``example_site`` and the plugin import from the checkout.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "example_site.settings.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
