"""``kindness next|describe|ics --locale CODE``: the words in another language.

Run through :func:`kindness_core.cli.main` (and once as a real program); a
code Babel does not know is one line on stderr and exit status 2.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import icalendar
import pytest

from kindness_core import Archive, Status
from kindness_core.cli import main
from kindness_core.formats.jsonio import dumps
from tests.core.conftest import build_conversation, build_series

ROOT = Path(__file__).resolve().parents[3]
THIRD_THURSDAY = "third Thursday of every month at 6pm UK time"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.mark.parametrize(
    ("locale", "sentence", "first"),
    [
        ("fr", "Le troisième jeudi de chaque mois à 18:00, heure : Royaume-Uni",
         "jeudi 19 mars 2026, 18:00, heure : Royaume-Uni"),
        ("es", "Third Thursday of every month at 18:00, hora de Reino Unido",
         "jueves, 19 de marzo de 2026, 18:00, hora de Reino Unido"),
        ("pt-BR", "Third Thursday of every month at 18:00, Horário Reino Unido",
         "quinta-feira, 19 de março de 2026 18:00, Horário Reino Unido"),
    ],
)  # fmt: skip
def test_describe(capsys, locale: str, sentence: str, first: str) -> None:
    status, out, err = run(capsys, "describe", THIRD_THURSDAY, "--locale", locale,
                           "--after", "2026-03-01")  # fmt: skip
    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert lines[:2] == [
        "DTSTART;TZID=Europe/London:20000120T180000",
        "RRULE:FREQ=MONTHLY;BYDAY=3TH",
    ]
    assert lines[2] == sentence
    assert lines[3] == first


def test_describe_is_english_without_locale(capsys) -> None:
    status, out, _ = run(capsys, "describe", THIRD_THURSDAY, "--after", "2026-03-01")
    assert status == 0
    assert out.splitlines()[2:4] == [
        "Third Thursday of every month at 6:00pm UK time",
        "Thu 19 Mar 2026 18:00 GMT (Europe/London)",
    ]
    _, same, _ = run(capsys, "describe", THIRD_THURSDAY, "--after", "2026-03-01", "--locale", "en")
    assert same == out


def test_describe_json(capsys) -> None:
    status, out, _ = run(capsys, "describe", THIRD_THURSDAY, "--json", "--locale", "fr",
                         "--after", "2026-03-01")  # fmt: skip
    assert status == 0
    payload = json.loads(out)
    assert (
        payload["description"] == "Le troisième jeudi de chaque mois à 18:00, heure : Royaume-Uni"
    )
    assert payload["next"][0]["start"] == "2026-03-19T18:00:00+00:00"


def test_next_across_the_clock_changes(capsys) -> None:
    """Europe moves on 29 March 2026 and 25 October, the US on 8 March and 1 November."""
    status, out, err = run(capsys, "next", "--locale", "fr", "--count", "3", "--after",
                           "2026-03-01", "--tz", "America/New_York")  # fmt: skip
    assert (status, err) == (0, "")
    assert out.splitlines() == [
        "Le troisième jeudi de chaque mois à 18:00, heure : Royaume-Uni",
        "jeudi 19 mars 2026, 18:00, heure : Royaume-Uni  |  "
        "jeudi 19 mars 2026, 14:00, heure : États-Unis (New York)",
        "jeudi 16 avril 2026, 18:00, heure : Royaume-Uni  |  "
        "jeudi 16 avril 2026, 13:00, heure : États-Unis (New York)",
        "jeudi 21 mai 2026, 18:00, heure : Royaume-Uni  |  "
        "jeudi 21 mai 2026, 13:00, heure : États-Unis (New York)",
    ]
    status, out, _ = run(capsys, "next", "--locale", "es", "--count", "2", "--after",
                         "2026-10-01", "--tz", "America/New_York", "--schedule",
                         "last Thursday of every month at 6pm Paris time")  # fmt: skip
    assert status == 0
    assert out.splitlines()[1:] == [
        "jueves, 29 de octubre de 2026, 18:00, hora de Francia  |  "
        "jueves, 29 de octubre de 2026, 13:00, hora de Estados Unidos (Nueva York)",
        "jueves, 26 de noviembre de 2026, 18:00, hora de Francia  |  "
        "jueves, 26 de noviembre de 2026, 12:00, hora de Estados Unidos (Nueva York)",
    ]


def test_next_json_description(capsys) -> None:
    status, out, _ = run(capsys, "next", "--json", "--locale", "fr", "--after", "2026-03-01")
    assert status == 0
    payload = json.loads(out)
    assert payload["schedule"]["description"].startswith("Le troisième jeudi de chaque mois")


@pytest.fixture
def document(tmp_path: Path) -> Path:
    series = build_series(contact="kindness@example.org")
    zone = series.schedule.zone
    conversations = (
        build_conversation(dt.date(2026, 9, 17), None),
        build_conversation(
            dt.date(2026, 10, 22),
            "Kindness at work",
            status=Status.POSTPONED,
            previous_start=dt.datetime(2026, 10, 15, 18, tzinfo=zone),
        ),
    )
    path = tmp_path / "series.json"
    path.write_text(dumps(Archive(series=series, conversations=conversations)), encoding="utf-8")
    return path


def _descriptions(data: bytes) -> dict[str, str]:
    cal = icalendar.Calendar.from_ical(data)
    return {str(e["SUMMARY"]): str(e.get("DESCRIPTION", "")) for e in cal.walk("VEVENT")}


def test_ics_locale(document: Path, capsysbinary) -> None:
    argv = ["ics", str(document), "--now", "2026-01-01T00:00:00Z"]
    assert main([*argv, "--locale", "fr"]) == 0
    french = _descriptions(capsysbinary.readouterr().out)
    assert "Septembre 2026" in french
    assert french["Kindness at work"].startswith("Postponed from jeudi 15 octobre 2026")
    assert main(argv) == 0
    english = _descriptions(capsysbinary.readouterr().out)
    assert "September 2026" in english
    assert english["Kindness at work"].startswith("Postponed from Thursday 15 October 2026")
    assert (
        main([*argv, "--conversation", "conversations-for-kindness/2026-09", "--locale", "es"]) == 0
    )
    (summary,) = _descriptions(capsysbinary.readouterr().out)
    assert summary == "Conversations for Kindness: Septiembre de 2026"


@pytest.mark.parametrize(
    "argv",
    [
        ["describe", THIRD_THURSDAY, "--locale", "xx"],
        ["describe", THIRD_THURSDAY, "--locale", ""],
        ["next", "--locale", "x-klingon"],
        ["next", "--locale", "tlh", "--json"],
        ["ics", "missing.json", "--locale", "zz"],
    ],
)
def test_unknown_locale(capsys, argv: list[str]) -> None:
    status, out, err = run(capsys, *argv)
    assert status == 2
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith("kindness: error: --locale: unknown locale ")
    assert "give a language code such as en, fr or pt-BR" in err


def test_the_program(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}

    def program(*argv: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "kindness_core", *argv], capture_output=True,
                              text=True, timeout=60, env=env, check=False)  # fmt: skip

    done = program("describe", "every other Wednesday at 9am starting 2024-01-10",
                   "--locale", "fr", "--after", "2026-03-01")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[2] == (
        "Un mercredi sur deux à 09:00, heure : Royaume-Uni, à partir du mercredi 10 janvier 2024"
    )
    done = program("describe", THIRD_THURSDAY, "--locale", "klingon")
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == (
        "kindness: error: --locale: unknown locale 'klingon': "
        "give a language code such as en, fr or pt-BR\n"
    )
