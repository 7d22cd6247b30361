"""The ``kindness`` command line: ``next`` and ``describe``.

Most tests call :func:`kindness_core.cli.main` with ``capsys``; a few run the
real program in a subprocess (``python -m kindness_core`` with this
interpreter, and the installed ``kindness`` script when it is there).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kindness_core.cli import main

NEXT_JSON = ["next", "--count", "3", "--after", "2026-11-26", "--tz", "America/New_York", "--json"]
ROOT = Path(__file__).resolve().parents[3]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def check_next_payload(payload: dict) -> None:  # type: ignore[type-arg]
    found = payload["occurrences"]
    assert [o["start"] for o in found] == [
        "2026-12-17T18:00:00+00:00",
        "2027-01-21T18:00:00+00:00",
        "2027-02-18T18:00:00+00:00",
    ]
    assert [o["in_zones"]["America/New_York"] for o in found] == [
        "2026-12-17T13:00:00-05:00",
        "2027-01-21T13:00:00-05:00",
        "2027-02-18T13:00:00-05:00",
    ]
    assert {o["timezone"] for o in found} == {"Europe/London"}
    assert found[0]["utc"] == "2026-12-17T18:00:00Z"
    assert {o["kind"] for o in found} == {"rule"}
    schedule = payload["schedule"]
    assert schedule["description"] == "Third Thursday of every month at 6:00pm UK time"
    assert schedule["rrule"].startswith("DTSTART;TZID=Europe/London:")
    assert (schedule["time"], schedule["timezone"]) == ("18:00", "Europe/London")
    assert payload["after"] == "2026-11-26T00:00:00+00:00"


def test_next_json(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, *NEXT_JSON)
    assert status == 0
    assert err == ""
    check_next_payload(json.loads(out))


def test_next_text_shows_both_zones(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "next", "--count", "2", "--after", "2023-03-01",
                         "--tz", "America/New_York", "--tz", "Asia/Kolkata")  # fmt: skip
    assert status == 0
    lines = out.splitlines()
    assert lines[0] == "Third Thursday of every month at 6:00pm UK time"
    assert lines[1].startswith("Thu 16 Mar 2023 18:00 GMT (Europe/London)")
    assert "Thu 16 Mar 14:00 EDT (America/New_York)" in lines[1]
    assert "Thu 16 Mar 23:30 IST (Asia/Kolkata)" in lines[1]
    assert lines[2].startswith("Thu 20 Apr 2023 18:00 BST (Europe/London)")
    assert "13:00 EDT" in lines[2]


def test_next_with_a_schedule_and_an_aware_after(capsys: pytest.CaptureFixture[str]) -> None:
    text = (
        "DTSTART;TZID=Europe/London:20220721T180000\n"
        "RRULE:FREQ=MONTHLY;BYDAY=3TH;UNTIL=20240216T000000Z"
    )
    after = "2024-01-18T18:00:00+00:00"
    status, out, _ = run(capsys, "next", "--schedule", text, "--after", after, "--count", "5",
                         "--json")  # fmt: skip
    assert status == 0
    found = json.loads(out)["occurrences"]
    assert [o["start"] for o in found] == ["2024-02-15T18:00:00+00:00"]  # then the series ends


def test_describe_warns_on_stderr_and_succeeds(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "describe", "FREQ=MONTHLY;BYDAY=5TH", "--after", "2026-11-26")
    assert status == 0
    assert err.splitlines() == [
        "warning: BYDAY=5TH: many months have no fifth Thursday, so the series skips them; "
        "use -1 for 'last' if you meant the last one"
    ]
    assert out.splitlines() == [
        "DTSTART;TZID=Europe/London:20000330T180000",
        "RRULE:FREQ=MONTHLY;BYDAY=5TH",
        "Fifth Thursday of every month at 6:00pm UK time",
        "Thu 31 Dec 2026 18:00 GMT (Europe/London)",
        "Thu 29 Apr 2027 18:00 BST (Europe/London)",
        "Thu 29 Jul 2027 18:00 BST (Europe/London)",
    ]


def test_describe_json(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "describe", "fifth Friday of the month at 7pm", "--json",
                           "--after", "2026-11-26")  # fmt: skip
    assert status == 0
    assert err.startswith("warning: BYDAY=5FR")
    payload = json.loads(out)
    assert payload["rule"] == "FREQ=MONTHLY;BYDAY=5FR"
    assert payload["description"] == "Fifth Friday of every month at 7:00pm UK time"
    assert payload["warnings"] == [err.strip().removeprefix("warning: ")]
    assert [o["start"][:10] for o in payload["next"]] == ["2027-01-29", "2027-04-30", "2027-07-30"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["describe", "every blursday"], "cannot understand the schedule 'every blursday'"),
        (["describe", ""], "the schedule is empty"),
        (["describe", "FREQ=SECONDLY"], "repeats at most daily"),
        (["describe", "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30"], "never happens"),
        (["describe", "DTSTART:20220721T170000Z\nRRULE:FREQ=MONTHLY;BYDAY=3TH"], "is in UTC"),
        (["next", "--tz", "Mars/Olympus"], "unknown time zone 'Mars/Olympus'"),
        (["next", "--tz", "europe/london"], "did you mean 'Europe/London'"),
        (["next", "--after", "yesterday"], "--after 'yesterday' is not a date"),
        (["next", "--after", "2026-02-30"], "is not a date"),
        (["next", "--count", "0"], "--count must be 1 or more"),
        (["next", "--count", "many"], "invalid int value: 'many'"),
        (["next", "--count", "10001"], "count must be a whole number from 1 to 10000"),
        (["next", "--schedule", "every other Friday"], "depends on where it starts"),
        (["next", "--bogus"], "unrecognized arguments: --bogus"),
        (["describe"], "the following arguments are required: text"),
        (["blursday"], "invalid choice: 'blursday'"),
        ([], "the following arguments are required: command"),
    ],
)
def test_bad_input_exits_2_with_one_line(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    status, out, err = run(capsys, *argv)
    assert status == 2
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith("kindness: error: ")
    assert message in err
    assert "Traceback" not in err


def test_far_future_after_is_not_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "next", "--after", "9999-12-31T23:00:00-05:00", "--json")
    assert status == 0
    assert json.loads(out)["occurrences"] == []


def test_version_and_help_exit_0(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "--version")
    assert status == 0
    assert out.startswith("kindness ")
    status, out, _ = run(capsys, "next", "--help")
    assert status == 0
    assert "--count" in out


# -- the real program --------------------------------------------------------------------


def program(*argv: str, script: Path | None = None) -> subprocess.CompletedProcess[str]:
    command = [str(script)] if script else [sys.executable, "-m", "kindness_core"]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [*command, *argv], capture_output=True, text=True, timeout=60, env=env, check=False
    )


def test_python_m_kindness_core_next() -> None:
    done = program(*NEXT_JSON)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    check_next_payload(json.loads(done.stdout))


def test_python_m_kindness_core_bad_input() -> None:
    done = program("describe", "every blursday")
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1
    assert "Traceback" not in done.stderr
    warned = program("describe", "FREQ=MONTHLY;BYDAY=5TH")
    assert warned.returncode == 0
    assert warned.stderr.startswith("warning: BYDAY=5TH: many months have no fifth Thursday")


def test_installed_console_script() -> None:
    script = Path(sys.executable).with_name("kindness")
    if not script.exists():
        pytest.skip(f"no installed 'kindness' script beside {sys.executable}")
    done = program(*NEXT_JSON, script=script)
    assert done.returncode == 0, done.stderr
    check_next_payload(json.loads(done.stdout))
    bad = program("next", "--tz", "Mars/Olympus", script=script)
    assert bad.returncode == 2
    assert bad.stderr == (
        "kindness: error: unknown time zone 'Mars/Olympus': use an IANA zone name such as "
        "'Europe/London' or 'America/New_York'\n"
    )
