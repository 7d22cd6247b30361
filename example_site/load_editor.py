"""The editor of ``example_site/loadcheck.py``: a Django process of its own.

``python -m example_site.load_editor --duration S --interval I --seed N`` with
the site's settings (``DJANGO_SETTINGS_MODULE``, ``DATABASE_URL``) in the
environment: prints ``ready`` once Django is set up, waits for a line on
stdin, then for ``S`` seconds publishes or unpublishes one conversation page
every ``I`` seconds, as an editor would (``revision.publish()``,
``page.unpublish()``, each in a transaction).  Its last line of output is
JSON: how many edits were made, the errors of any that failed, and what the
database then says the archive and the calendar must show.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from urllib.parse import urlsplit

SERIES = "/conversations/"


def truth() -> dict:
    """The live, public conversations as the archive and the calendar must show them."""
    from kindness_core.series import Status
    from wagtail_kindness.models import ConversationPage, ConversationSeriesPage

    series = ConversationSeriesPage.objects.live().get(url_path__endswith=SERIES)
    pages = list(series.conversations())
    events = []
    for page in pages:
        conversation = page.to_core(series=series)
        if conversation.status != Status.CANCELLED:  # a cancelled one is an EXDATE only
            events.append([urlsplit(page.get_url()).path, conversation.display_title])
    return {
        "archive": [[urlsplit(page.get_url()).path, page.title] for page in pages],
        "calendar": sorted(events),
        "all": ConversationPage.objects.child_of(series).count(),
    }


def edit(duration: float, interval: float, seed: int) -> dict:
    from django.db import transaction

    from wagtail_kindness.models import ConversationPage

    rng = random.Random(seed)  # noqa: S311 (which page to edit: not security, 2026-12-06)  # nosec B311
    pks = sorted(ConversationPage.objects.values_list("pk", flat=True))
    result: dict = {"published": 0, "unpublished": 0, "errors": []}
    print("ready", flush=True)
    sys.stdin.readline()  # "go"
    deadline = time.monotonic() + duration
    tick = time.monotonic()
    while time.monotonic() < deadline:
        try:
            live = set(ConversationPage.objects.live().values_list("pk", flat=True))
            # Both kinds, whatever the seed: the second edit publishes again.
            some_down = len(live) < len(pks)
            publish = not live or (some_down and (not result["published"] or rng.random() < 0.5))
            pk = rng.choice([pk for pk in pks if (pk in live) != publish])
            with transaction.atomic():
                page = ConversationPage.objects.get(pk=pk)
                if publish:
                    page.get_latest_revision().publish()
                else:
                    page.unpublish()
            result["published" if publish else "unpublished"] += 1
        except Exception as error:  # reported: the run then fails
            result["errors"].append(f"{type(error).__name__}: {error}")
        tick += interval
        time.sleep(max(0.0, tick - time.monotonic()))
    result["truth"] = truth()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, required=True)
    parser.add_argument("--interval", type=float, required=True)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    import django

    django.setup()
    print(json.dumps(edit(args.duration, args.interval, args.seed)), flush=True)


if __name__ == "__main__":
    main()
