"""Time ``manage.py kindness_import``: N conversations imported, then imported again.

Run as ``python -m benchmarks.import_bench [--sizes 100,1000]`` from the
repository root; on PostgreSQL as ``.ci/postgres run -- .venv/bin/python -m
benchmarks.import_bench`` (``DATABASE_URL`` set: that database is used,
else a throwaway SQLite file in a temporary directory).

For each N it writes an archive spreadsheet (the core's CSV format:
``kindness template csv``) of N monthly conversations, one a month from
January 2000 on (the later ones in the future: scheduled), each with a
title, two speakers (a speaker and a host, out of about N/2 people), two
themes, a summary and a recording address and a paragraph of description;
creates a series page; and times
``call_command("kindness_import", FILE, "--series", ID)`` twice: the first
run creates every page, the second (idempotent) changes nothing.  The
settings (``benchmarks/import_settings.py``) keep Wagtail's database search
index up to date (``AUTO_UPDATE``), as a real site does.  ``--profile FILE``
writes the cProfile statistics of the first run of the largest N.

Times are wall-clock and noisy on a shared machine: compare the numbers of
one run, on one machine.
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import io
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def archive_csv(size: int, tag: str) -> str:
    """A spreadsheet of ``size`` monthly conversations from January 2000 on.

    ``tag`` makes the people's names unique to this archive, so that several
    sizes imported into one database do not share speakers.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        ["date", "time", "title", "people", "summary_url", "recording_url", "themes", "description"]
    )
    people = max(2, size // 2)
    first = 2000 * 12  # January 2000: the core reads spreadsheet dates from 2000 to 2199
    for n in range(size):
        month = first + n
        year, month0 = divmod(month, 12)
        day = 15 + (3 - (month0 + year) % 7) % 7  # any day in the third week
        speaker = f"Dr Ada Speaker{tag}x{n % people}"
        host = f"Sam Host{tag}x{(n * 7 + 1) % people}"
        writer.writerow(
            [
                f"{year:04d}-{month0 + 1:02d}-{day:02d}",
                "18:00",
                f"Conversation {n}: kindness in practice number {n}",
                f"{speaker} (speaker; consultant, Example Hospital); {host} (host)",
                f"https://example.org/archive/{year}-{month0 + 1:02d}/summary.pdf",
                f"https://vimeo.com/{100000 + n}",
                f"theme {n % 12}; theme {(n + 5) % 12}",
                f"What we learnt at conversation {n}. We talked about listening, "
                "learning and thinking differently.",
            ]
        )
    return out.getvalue()


def _setup(tmp: Path) -> str:
    os.environ["KINDNESS_BENCH_DIR"] = str(tmp)
    os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.import_settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    return connection.vendor


def _series(size: int):
    from wagtail.models import Site

    from wagtail_kindness.models import ConversationSeriesPage

    home = Site.objects.get(is_default_site=True).root_page
    series = ConversationSeriesPage(
        title=f"Conversations ({size})",
        slug=f"conversations-{size}-{int(time.time())}",
        intro="<p>Every month community members come together.</p>",
        joining="<p>All are welcome.</p>",
        contact="<p>Contact us to join.</p>",
        join_url="https://example.org/join",
        schedule_timezone="Europe/London",
    )
    home.add_child(instance=series)
    series.save_revision().publish()
    return series


def _run(path: Path, series_id: int, profile: cProfile.Profile | None = None) -> dict:
    """One import: wall-clock and CPU seconds (this process), queries, its report line."""
    from django.core.management import call_command
    from django.db import connection

    out, err = io.StringIO(), io.StringIO()
    queries = [0]

    def count(execute, sql, params, many, context):
        queries[0] += 1
        return execute(sql, params, many, context)

    began, cpu = time.perf_counter(), time.process_time()
    if profile is not None:
        profile.enable()
    with connection.execute_wrapper(count):
        call_command("kindness_import", str(path), "--series", str(series_id), "--format", "csv",
                     stdout=out, stderr=err)  # fmt: skip
    if profile is not None:
        profile.disable()
    took, cpu = time.perf_counter() - began, time.process_time() - cpu
    line = next((x for x in out.getvalue().splitlines() if x.startswith("Conversations:")), "?")
    return {"s": took, "cpu": cpu, "queries": queries[0], "line": line}


def _found_by_search(series, size: int) -> bool:
    """Whether Wagtail's search finds an imported conversation by a word of its title."""
    from wagtail_kindness.models import ConversationPage

    wanted = f"Conversation {size // 2}:"
    hits = ConversationPage.objects.live().child_of(series).search(f"number {size // 2}")
    return any(page.title.startswith(wanted) for page in hits)


def measure(size: int, tmp: Path, profile_to: str | None) -> dict:
    from wagtail_kindness.models import ConversationPage

    path = tmp / f"archive-{size}.csv"
    path.write_text(archive_csv(size, tag=f"n{size}t{int(time.time()) % 100000}"), "utf-8")
    series = _series(size)
    profile = cProfile.Profile() if profile_to else None
    first = _run(path, series.pk, profile)
    if profile is not None:
        profile.dump_stats(profile_to)
    second = _run(path, series.pk)
    count = ConversationPage.objects.child_of(series).live().count()
    return {
        "size": size,
        "first": first,
        "second": second,
        "pages": count,
        "searchable": _found_by_search(series, size),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000")
    parser.add_argument("--profile", metavar="FILE", help="cProfile stats of the largest N")
    args = parser.parse_args(argv)
    sizes = sorted(int(s.replace("_", "")) for s in args.sizes.split(","))
    tmp = Path(tempfile.mkdtemp(prefix="kindness-import-bench-"))
    try:
        vendor = _setup(tmp)
        import django
        import wagtail

        print(
            f"kindness_import on {vendor} ({platform.python_version()}, Django "
            f"{django.get_version()}, Wagtail {wagtail.__version__}); search: Wagtail's "
            "database backend, AUTO_UPDATE True"
        )
        print(
            "ms/conv: wall-clock (CPU of this process); q/conv: queries per conversation; "
            "the second run imports the same file again"
        )
        header = (
            f"{'N':>6}  {'first run s':>11}  {'ms/conv':>16}  {'q/conv':>6}  "
            f"{'second run s':>12}  {'ms/conv':>14}  {'q/conv':>6}  pages  search  result"
        )
        print(header)
        print("-" * len(header))
        for size in sizes:
            profile_to = args.profile if args.profile and size == sizes[-1] else None
            row = measure(size, tmp, profile_to)
            one, two = row["first"], row["second"]
            print(
                f"{size:>6}  {one['s']:>11.2f}  "
                f"{one['s'] * 1000 / size:>7.1f} ({one['cpu'] * 1000 / size:>6.1f})  "
                f"{one['queries'] / size:>6.1f}  {two['s']:>12.2f}  "
                f"{two['s'] * 1000 / size:>6.1f} ({two['cpu'] * 1000 / size:>5.1f})  "
                f"{two['queries'] / size:>6.1f}  {row['pages']:>5}  "
                f"{'found' if row['searchable'] else 'MISSING':>6}  "
                f"{one['line']} | then {two['line'].removeprefix('Conversations: ')}",
                flush=True,
            )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
