"""A corpus of hostile and broken inputs, each with the answer it must get (issue #8).

Three channels: ``kindness import`` (archive page text), JSON documents
(``kindness ics FILE.json`` and :func:`kindness_core.formats.jsonio.load_document`)
and schedule rules (``kindness describe`` / ``next`` and
:func:`~kindness_core.schedule.phrases.parse_schedule`).

* :data:`CLI_CASES`: the command line must exit with status 2 and print
  exactly one line, ``kindness: error: …``, holding the given fragment, and
  nothing on stdout: never a traceback.  The cases marked ``real`` run again
  through the installed ``kindness`` script in a subprocess.
* :data:`LIBRARY_CASES`: the library must raise the given
  :mod:`kindness_core.errors` class with the given fragment.
* A few inputs are valid and have a documented answer instead (a meeting in
  the spring-forward gap moves to the same instant as 02:30 BST; a null
  title falls back to the month).

Cases marked "regression" failed before issue #8 with an exception that was
not a kindness_core error (a traceback on the command line).
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from kindness_core.cli import main
from kindness_core.errors import (
    AmbiguousTimeError,
    ArchiveFormatError,
    ExpansionLimitError,
    KindnessError,
    KindnessInputError,
    NonexistentTimeError,
    RuleError,
    SchemaError,
    UnknownTimeZoneError,
)
from kindness_core.formats.jsonio import MAX_DOCUMENT_BYTES, dumps, from_json, load_document
from kindness_core.formats.jsonread import MAX_CONVERSATIONS
from kindness_core.importing.importer import import_archive
from kindness_core.importing.page import MAX_ARCHIVE_BYTES
from kindness_core.schedule.phrases import parse_schedule
from kindness_core.schedule.recurrence import Schedule
from kindness_core.series import Resource

NOW = dt.datetime(2024, 3, 1, tzinfo=dt.UTC)
LONDON_GAP_RULE = "DTSTART;TZID=Europe/London:20250330T013000\nRRULE:FREQ=YEARLY"
TEN_MB = 10_000_000


# -- the files ---------------------------------------------------------------------------


def valid_document(seed_text: str) -> dict[str, Any]:
    """The JSON document of the seed archive, without its import warnings."""
    document: dict[str, Any] = json.loads(dumps(import_archive(seed_text, now=NOW)))
    document["warnings"] = []
    return document


def edited(document: dict[str, Any], edit: Callable[[dict[str, Any]], object]) -> bytes:
    changed = copy.deepcopy(document)
    edit(changed)
    return json.dumps(changed).encode()


def _set(path: str, value: object) -> Callable[[dict[str, Any]], None]:
    """An edit that sets ``series.schedule.timezone`` or ``conversations.0.start``."""

    def edit(document: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target: Any = document
        for key in parents:
            target = target[int(key)] if key.isdigit() else target[key]
        target[int(last) if last.isdigit() else last] = value

    return edit


def _many_conversations(document: dict[str, Any]) -> None:
    first = dt.datetime(1900, 1, 1, 18, tzinfo=dt.UTC)
    document["conversations"] = [
        {"key": f"k/{i}", "start": (first + dt.timedelta(days=i)).isoformat()}
        for i in range(100_000)
    ]


def corpus_files(seed_text: str) -> dict[str, bytes]:
    """Every input file of :data:`CLI_CASES`, by name (the big ones are written apart)."""
    doc = valid_document(seed_text)
    good = json.dumps(doc).encode()
    return {
        # archive page text
        "empty.txt": b"",
        "blank.txt": b" \n\t\n\r\n",
        "garbage.bin": bytes(range(256)) * 40,
        "controls.txt": b"March 2023 \x01\x02\x1b[31m red\n",
        "latin1.txt": "March 2023 – café".encode("latin-1", "replace"),
        "cut-utf8.txt": "March 2023 – x\n".encode()[:12] + b"\nWords\n",
        "surrogate.txt": b"March 2023 \xed\xa0\x80 x\n",
        "utf16.txt": "March 2023 – x\n".encode("utf-16-le"),  # no byte order mark
        "prose.txt": b"Just some words.\nNo headings here.\n",
        "year5.txt": "March 20234 – A\n".encode(),
        "year1999.txt": "March 1999 – A\n".encode(),
        "twice.txt": "March 2023 – A\n\nOne.\n\nMarch 2023 – B\n\nTwo.\n".encode(),
        "seed.txt": seed_text.encode(),
        # JSON documents
        "good.json": good,
        "empty.json": b"",
        "garbage.json": bytes(range(256)) * 40,
        "truncated.json": good[: len(good) // 2],
        "bad-utf8.json": good.replace(b'"Conversations for Kindness"', b'"Conversations \xff"', 1),
        "utf16.json": json.dumps(doc).encode("utf-16-be"),  # no byte order mark
        "list.json": b"[]",
        "deep.json": b"[" * 100_000 + b"]" * 100_000,
        "dup-keys.json": b'{"version": 1, "version": 2, ' + good[1:],
        "nan.json": good.replace(b'"version": 1', b'"version": NaN', 1),
        "long-number.json": good.replace(b'"version": 1', b'"version": 1' + b"0" * 5000, 1),
        "v2.json": edited(doc, _set("version", 2)),
        "v-string.json": edited(doc, _set("version", "1")),
        "conv-string.json": edited(doc, _set("conversations", "February 2024")),
        "date-number.json": edited(doc, _set("conversations.0.start", 20240215)),
        "name-null.json": edited(doc, _set("series.name", None)),
        "title-null.json": edited(doc, _set("conversations.0.title", None)),
        "zone.json": edited(doc, _set("series.schedule.timezone", "Mars/Olympus")),
        "rule-9th.json": edited(doc, _set("series.schedule.rrule", "FREQ=MONTHLY;BYDAY=9TH")),
        "gap-extra.json": edited(doc, _set("series.schedule.extras", ["2025-03-30T01:30:00"])),
        "year-1.json": edited(doc, _set("conversations.0.start", "0001-01-01T00:00:00+01:00")),
        "unknown-field.json": edited(doc, _set("series.colour", "green")),
        "hundred-k.json": edited(doc, _many_conversations),
    }


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, seed_text: str) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    for name, data in corpus_files(seed_text).items():
        (folder / name).write_bytes(data)
    with (folder / "ten-mb.txt").open("wb") as handle:  # real text, not a sparse file
        handle.write(("March 2023 – a heading and some words\n" * (TEN_MB // 38 + 1)).encode())
    with (folder / "ten-mb-deep.json").open("wb") as handle:
        handle.write(b"[" * TEN_MB)
    with (folder / "too-big.json").open("wb") as handle:
        handle.truncate(MAX_DOCUMENT_BYTES + 1)
    (folder / "a-folder").mkdir()
    locked = folder / "locked.txt"
    locked.write_bytes(seed_text.encode())
    locked.chmod(0)
    return folder


# -- command-line cases ------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class CliCase:
    """``argv`` ({dir} is the corpus folder) must exit 2 with ``message`` in one line."""

    name: str
    argv: tuple[str, ...]
    message: str
    real: bool = False  # also run through the installed script


def case(name: str, *argv: str, message: str, real: bool = False) -> CliCase:
    return CliCase(name=name, argv=argv, message=message, real=real)


IMPORT, ICS = "import", "ics"
# fmt: off
CLI_CASES = [
    # kindness import: archive page text
    case("import-empty-file", IMPORT, "{dir}/empty.txt", message="the archive text is empty"),
    case("import-blank-file", IMPORT, "{dir}/blank.txt", message="the archive text is empty"),
    case("import-binary-garbage", IMPORT, "{dir}/garbage.bin", message="contains NUL bytes",
         real=True),
    case("import-control-characters", IMPORT, "{dir}/controls.txt",
         message="line 1: control character U+0001"),
    case("import-latin-1", IMPORT, "{dir}/latin1.txt", message="is not UTF-8 text (byte 16)"),
    case("import-cut-utf8-sequence", IMPORT, "{dir}/cut-utf8.txt", message="is not UTF-8 text"),
    case("import-encoded-surrogate", IMPORT, "{dir}/surrogate.txt", message="is not UTF-8 text"),
    case("import-utf16-without-bom", IMPORT, "{dir}/utf16.txt",
         message="UTF-16 text without a byte order mark, not UTF-8: convert it, e.g. iconv"),
    case("import-ten-mb", IMPORT, "{dir}/ten-mb.txt", real=True,
         message=f"more than the limit of {MAX_ARCHIVE_BYTES:,}: split it"),
    case("import-no-headings", IMPORT, "{dir}/prose.txt", message="no conversation headings"),
    case("import-five-digit-year", IMPORT, "{dir}/year5.txt", message="20234 in the heading"),
    case("import-year-out-of-range", IMPORT, "{dir}/year1999.txt", message="1999 in the heading"),
    case("import-month-twice", IMPORT, "{dir}/twice.txt",
         message="line 5: a second conversation for March 2023"),
    case("import-folder", IMPORT, "{dir}/a-folder", message="a-folder is a folder", real=True),
    case("import-missing-file", IMPORT, "{dir}/missing.txt", message="missing.txt: no such file"),
    case("import-bad-schedule", IMPORT, "{dir}/seed.txt", "--schedule", "FREQ=MONTHLY;BYDAY=9TH",
         message="BYDAY=9TH: a month has at most 5"),
    case("import-bad-now", IMPORT, "{dir}/seed.txt", "--now", "2024-13-01",
         message="--now '2024-13-01' is not a date"),
    case("import-bad-series-key", IMPORT, "{dir}/seed.txt", "--series-key", "Bad Key",
         message="must be a slug"),
    case("import-output-in-missing-folder", IMPORT, "{dir}/seed.txt", "-o", "{dir}/no/out.json",
         message="the folder {dir}/no does not exist", real=True),
    case("import-output-is-a-folder", IMPORT, "{dir}/seed.txt", "-o", "{dir}/a-folder",
         message="cannot write {dir}/a-folder: it is a folder"),
    # kindness ics: JSON documents
    case("json-empty-file", ICS, "{dir}/empty.json", message="document: not valid JSON"),
    case("json-binary-garbage", ICS, "{dir}/garbage.json", message="document: contains NUL bytes"),
    case("json-truncated", ICS, "{dir}/truncated.json", message="document: not valid JSON",
         real=True),
    case("json-invalid-utf8", ICS, "{dir}/bad-utf8.json", message="not UTF-8 text (byte"),
    case("json-utf16-without-bom", ICS, "{dir}/utf16.json",
         message="document: UTF-16 text without a byte order mark"),
    case("json-top-level-list", ICS, "{dir}/list.json",
         message="document: expected an object, got a list"),
    case("json-deeply-nested", ICS, "{dir}/deep.json", message="nested too deeply"),
    case("json-ten-mb-nesting", ICS, "{dir}/ten-mb-deep.json", message="nested too deeply",
         real=True),
    case("json-over-size-limit", ICS, "{dir}/too-big.json",
         message=f"more than the limit of {MAX_DOCUMENT_BYTES:,}"),
    case("json-hundred-thousand-conversations", ICS, "{dir}/hundred-k.json", real=True,
         message=f"100,000 conversations, more than the limit of {MAX_CONVERSATIONS:,}"),
    case("json-duplicate-keys", ICS, "{dir}/dup-keys.json",
         message="the key 'version' appears twice"),  # regression: was silently accepted
    case("json-nan", ICS, "{dir}/nan.json", message="NaN is not a JSON number"),
    case("json-5000-digit-number", ICS, "{dir}/long-number.json",
         message="a number has too many digits", real=True),  # regression: ValueError
    case("json-unknown-version", ICS, "{dir}/v2.json", message="version: unknown version 2"),
    case("json-version-as-string", ICS, "{dir}/v-string.json",
         message="version: expected a whole number such as 1, got a string"),
    case("json-string-for-list", ICS, "{dir}/conv-string.json",
         message="conversations: expected a list, got a string"),
    case("json-number-for-date", ICS, "{dir}/date-number.json",
         message="conversations[0].start: not an ISO 8601 date-time"),
    case("json-null-series-name", ICS, "{dir}/name-null.json",
         message="series.name: expected a string, got null"),
    case("json-unknown-zone", ICS, "{dir}/zone.json",
         message="series.schedule.timezone: unknown time zone 'Mars/Olympus'"),
    case("json-rule-9th", ICS, "{dir}/rule-9th.json",
         message="series.schedule.rrule: BYDAY=9TH"),
    case("json-extra-in-spring-gap", ICS, "{dir}/gap-extra.json",
         message="2025-03-30 01:30 does not exist in Europe/London"),
    case("json-year-1-start", ICS, "{dir}/year-1.json",
         message="conversations[0].start: out of range"),  # regression: OverflowError
    case("json-unknown-field", ICS, "{dir}/unknown-field.json",
         message="series.colour: unknown field"),
    case("json-folder", ICS, "{dir}/a-folder", message="a-folder is a folder"),
    case("json-missing-file", ICS, "{dir}/missing.json", message="no such file"),
    case("json-output-in-missing-folder", ICS, "{dir}/good.json", "-o", "{dir}/no/feed.ics",
         message="the folder {dir}/no does not exist"),
    # kindness describe / next: schedule rules
    case("rule-byday-9th", "describe", "FREQ=MONTHLY;BYDAY=9TH",
         message="BYDAY=9TH: a month has at most 5 of each weekday", real=True),
    case("rule-count-billion", "describe", "FREQ=MONTHLY;BYDAY=3TH;COUNT=1000000000",
         message="COUNT=1000000000 is too large: use 10000 or less"),
    case("rule-until-before-dtstart", "describe",
         "DTSTART;TZID=Europe/London:20240118T180000\n"
         "RRULE:FREQ=MONTHLY;BYDAY=3TH;UNTIL=20200101T000000Z",
         message="UNTIL=20200101T000000Z is before the start"),
    case("rule-freq-missing", "describe", "BYDAY=3TH;INTERVAL=1",
         message="rule 'BYDAY=3TH;INTERVAL=1' has no FREQ"),  # was "cannot understand"
    case("rule-freq-missing-after-dtstart", "describe",
         "DTSTART;TZID=Europe/London:20240118T180000\nRRULE:BYDAY=3TH", message="has no FREQ"),
    case("rule-freq-nonsense", "describe", "FREQ=FORTNIGHTLY;BYDAY=TH",
         message="FREQ=FORTNIGHTLY is not allowed: use one of DAILY, WEEKLY, MONTHLY, YEARLY"),
    case("rule-freq-too-often", "next", "--schedule", "FREQ=SECONDLY",
         message="FREQ=SECONDLY is not allowed"),
    case("rule-february-30", "describe", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30",
         message="BYMONTHDAY=30 never happens in the chosen months"),
    case("rule-parts-exclude-each-other", "describe", "FREQ=YEARLY;BYMONTH=1;BYYEARDAY=366",
         message="never produces a date"),
    case("rule-unknown-zone", "describe",
         "DTSTART;TZID=Mars/Olympus:20240118T180000\nRRULE:FREQ=MONTHLY;BYDAY=3TH",
         message="unknown time zone 'Mars/Olympus'"),
    case("phrase-unknown-zone", "next", "--schedule", "third Thursday at 6pm Mars/Olympus",
         message="unknown time zone 'Mars/Olympus'"),
    case("rule-rdate-in-spring-gap", "describe", LONDON_GAP_RULE
         + "\nRDATE;TZID=Europe/London:20260329T013000",
         message="2026-03-29 01:30 does not exist in Europe/London"),
    case("rule-rdate-in-autumn-overlap", "describe", LONDON_GAP_RULE
         + "\nRDATE;TZID=Europe/London:20251026T013000",
         message="2025-10-26 01:30 happens twice in Europe/London"),
    case("rule-rdate-year-9999", "describe", LONDON_GAP_RULE
         + "\nRDATE;TZID=Europe/London:99991231T235959",
         message="the exception date 9999-12-31 is out of range"),  # regression: OverflowError
    case("rule-dtstart-year-9999", "describe",
         "DTSTART;TZID=Europe/London:99991231T180000\nRRULE:FREQ=YEARLY",
         message="the start 9999-12-31 is out of range"),
    case("rule-two-rrules", "describe", "RRULE:FREQ=MONTHLY;BYDAY=3TH\nRRULE:FREQ=WEEKLY",
         message="more than one RRULE"),
    case("rule-dtstart-in-utc", "describe",
         "DTSTART:20220721T170000Z\nRRULE:FREQ=MONTHLY;BYDAY=3TH", message="is in UTC"),
    case("rule-too-long", "describe", "every " * 400, message="longer than 2,000 characters"),
    case("rule-nul-bytes", "describe", "\x00\x01", message="cannot understand the schedule"),
    case("phrase-duration-overflow", "describe", "every Monday for 99999999999999999999 hours",
         message="the duration must be between 1 minute and 1 day",
         real=True),  # regression: OverflowError
    case("phrase-until-year-9999", "describe", "every Monday at 6pm Etc/GMT+12 until 9999-12-31",
         message="until 9999-12-31: use a year between 1900 and 9000"),  # regression
    case("phrase-blursday", "describe", "every blursday", message="cannot understand"),
    case("next-count-huge", "next", "--count", "1000000000",
         message="count must be a whole number from 1 to 10000"),
]
# fmt: on


def _argv(case: CliCase, folder: Path) -> list[str]:
    return [part.format(dir=folder) for part in case.argv]


def _check_one_line(status: int, out: bytes, err: str, case: CliCase, folder: Path) -> None:
    assert status == 2, err
    assert out == b""
    assert err.endswith("\n"), err
    assert err.count("\n") == 1, err
    assert err.startswith("kindness: error: ")
    assert case.message.format(dir=folder) in err
    assert "Traceback" not in err


def test_the_corpus_is_large_enough() -> None:
    assert len(CLI_CASES) + len(LIBRARY_CASES) >= 40
    assert len({c.name for c in CLI_CASES} | {c.name for c in LIBRARY_CASES}) == len(
        CLI_CASES
    ) + len(LIBRARY_CASES)


@pytest.mark.parametrize("case", CLI_CASES, ids=lambda c: c.name)
def test_command_line_refuses_in_one_line(
    case: CliCase, corpus: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    status = main(_argv(case, corpus))
    out, err = capsysbinary.readouterr()
    _check_one_line(status, out, err.decode(), case, corpus)
    assert not (corpus / "no").exists()  # nothing written for an output in a missing folder


SCRIPT = Path(sys.executable).with_name("kindness")


@pytest.mark.parametrize("case", [c for c in CLI_CASES if c.real], ids=lambda c: c.name)
def test_installed_script_refuses_in_one_line(case: CliCase, corpus: Path) -> None:
    if not SCRIPT.exists():
        pytest.skip(f"no installed 'kindness' script beside {sys.executable}")
    done = subprocess.run(
        [str(SCRIPT), *_argv(case, corpus)],
        capture_output=True,
        timeout=120,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        check=False,
    )
    _check_one_line(done.returncode, done.stdout, done.stderr.decode(), case, corpus)


def test_unreadable_file(corpus: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    if os.geteuid() == 0:
        pytest.skip("running as root, which reads any file whatever its permissions")
    locked = CliCase(name="import-unreadable", argv=(IMPORT, "{dir}/locked.txt"),
                     message="cannot read {dir}/locked.txt: permission denied")  # fmt: skip
    status = main(_argv(locked, corpus))
    out, err = capsysbinary.readouterr()
    _check_one_line(status, out, err.decode(), locked, corpus)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ((IMPORT, "{dir}/garbage.bin"), "contains NUL bytes"),
        ((ICS, "{dir}/truncated.json"), "not valid JSON"),
        ((ICS, "{dir}/good.json", "--until", "someday"), "--until 'someday' is not a date"),
    ],
)
def test_bad_input_leaves_the_output_file_unchanged(
    corpus: Path, tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes],
    argv: tuple[str, ...], message: str,
) -> None:  # fmt: skip
    output = tmp_path / "out.txt"
    output.write_bytes(b"the previous output\n")
    status = main([*(a.format(dir=corpus) for a in argv), "--output", str(output)])
    _, err = capsysbinary.readouterr()
    assert status == 2
    assert message in err.decode()
    assert output.read_bytes() == b"the previous output\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]  # no temporary file left


def test_output_is_written_whole(corpus: Path, tmp_path: Path, capsysbinary) -> None:
    output = tmp_path / "feed.ics"
    output.write_bytes(b"old")
    status = main([ICS, str(corpus / "good.json"), "--now", "2024-03-01", "-o", str(output)])
    out, err = capsysbinary.readouterr()
    assert (status, out, err) == (0, b"", b"")
    assert output.read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")
    assert output.read_bytes().endswith(b"END:VCALENDAR\r\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["feed.ics"]


# -- valid but surprising inputs: documented answers --------------------------------------


def test_spring_gap_time_moves_to_the_same_instant_as_0230_bst(capsys) -> None:
    """01:30 on 30 March 2025 never happens in London: the meeting is at 02:30 BST
    (01:30 UTC), as RFC 5545 3.3.5 says; the next year it is at 01:30 GMT again."""
    status = main(["next", "--schedule", LONDON_GAP_RULE, "--after", "2025-01-01",
                   "--count", "2", "--json"])  # fmt: skip
    out, err = capsys.readouterr()
    assert (status, err) == (0, "")
    found = json.loads(out)["occurrences"]
    assert [o["start"] for o in found] == ["2025-03-30T02:30:00+01:00", "2026-03-30T01:30:00+01:00"]
    assert found[0]["utc"] == "2025-03-30T01:30:00Z"


def test_null_title_falls_back_to_the_month(corpus: Path, capsysbinary) -> None:
    status = main([ICS, str(corpus / "title-null.json"), "--now", "2024-03-01"])
    out, err = capsysbinary.readouterr()
    assert (status, err) == (0, b"")
    assert b"SUMMARY:February 2024\r\n" in out


# -- library cases -----------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class LibraryCase:
    """``call()`` must raise ``error`` with ``message`` in its text."""

    name: str
    call: Callable[[], object]
    error: type[KindnessError]
    message: str


def lib(name: str, call: Callable[[], object], error: type[KindnessError], message: str) -> Any:
    return LibraryCase(name=name, call=call, error=error, message=message)


def _document_with(**changes: object) -> dict[str, Any]:
    return {"version": 1, "series": {"key": "s", "name": "S"}, "conversations": [], **changes}


# fmt: off
LIBRARY_CASES = [
    lib("import-lone-surrogate-str", lambda: import_archive("March 2023 – \ud800\n"),
        ArchiveFormatError, "not valid Unicode text (character 13)"),  # regression
    lib("import-not-text", lambda: import_archive(12345),  # type: ignore[arg-type]
        ArchiveFormatError, "must be text (str or UTF-8 bytes), not int"),
    lib("import-naive-now", lambda: import_archive("March 2023\n", now=dt.datetime(2024, 1, 1)),
        KindnessInputError, "now must be an aware datetime"),
    lib("import-over-limit-bytes", lambda: import_archive(b"x" * (MAX_ARCHIVE_BYTES + 1)),
        ArchiveFormatError, "5,000,000"),
    lib("json-duplicate-keys-text", lambda: load_document('{"version": 1, "version": 1}'),
        SchemaError, "the key 'version' appears twice"),  # regression
    lib("json-infinity", lambda: load_document('{"version": Infinity}'),
        SchemaError, "Infinity is not a JSON number"),  # regression
    lib("json-nested-lists", lambda: load_document("[" * 50_000 + "]" * 50_000),
        SchemaError, "nested too deeply"),
    lib("json-version-float", lambda: load_document(_document_with(version=1.0)),
        SchemaError, "version: expected a whole number such as 1, got a number"),
    lib("json-conversations-null", lambda: load_document(_document_with(conversations=None)),
        SchemaError, "conversations: expected a list, got null"),
    lib("json-start-past-year-9999",
        lambda: load_document(_document_with(conversations=[
            {"key": "s/1", "start": "9999-12-31T23:59:00-05:00"}])),
        SchemaError, "conversations[0].start: out of range"),  # regression: OverflowError
    lib("json-resource-size-huge",
        lambda: from_json(Resource, {"kind": "slides", "title": "t", "size": 10**30}),
        SchemaError, "size: expected a whole number of bytes"),
    lib("json-schedule-rule-9th", lambda: from_json(Schedule, {"rrule": "FREQ=MONTHLY;BYDAY=9TH"}),
        SchemaError, "rrule: BYDAY=9TH"),
    lib("rule-empty", lambda: parse_schedule("   "), RuleError, "the schedule is empty"),
    lib("rule-not-text", lambda: parse_schedule(None),  # type: ignore[arg-type]
        RuleError, "the schedule is empty"),
    lib("rule-9th", lambda: parse_schedule("FREQ=MONTHLY;BYDAY=9TH"), RuleError, "BYDAY=9TH"),
    lib("parse-count-billion", lambda: parse_schedule("FREQ=WEEKLY;BYDAY=MO;COUNT=1000000000"),
        RuleError, "COUNT=1000000000 is too large"),
    lib("rule-gap-rdate", lambda: parse_schedule(
        LONDON_GAP_RULE + "\nRDATE;TZID=Europe/London:20260329T013000"),
        NonexistentTimeError, "does not exist in Europe/London"),
    lib("rule-overlap-rdate", lambda: parse_schedule(
        LONDON_GAP_RULE + "\nRDATE;TZID=Europe/London:20251026T013000"),
        AmbiguousTimeError, "happens twice in Europe/London"),
    lib("rule-zone-case", lambda: parse_schedule("third Thursday at 6pm europe/london"),
        UnknownTimeZoneError, "did you mean 'Europe/London'"),
    lib("rule-duration-overflow",
        lambda: parse_schedule("every Monday for 99999999999999999999 hours"),
        RuleError, "the duration must be between 1 minute and 1 day"),  # regression
    lib("schedule-extra-year-9999",
        lambda: Schedule(extras=(dt.datetime(9999, 12, 31, 23, 59),)),
        RuleError, "the exception date 9999-12-31 is out of range"),  # regression
    lib("schedule-hourly", lambda: Schedule(rule="FREQ=HOURLY"), RuleError, "FREQ=HOURLY"),
    lib("schedule-naive-after", lambda: Schedule().upcoming(after=dt.datetime(2024, 1, 1)),
        KindnessInputError, "must be an aware datetime"),
    lib("schedule-count-billion", lambda: Schedule().upcoming(after=NOW, count=10**9),
        KindnessInputError, "count must be a whole number from 1 to 10000"),
    lib("schedule-window-too-wide", lambda: Schedule().between(
        dt.datetime(1900, 1, 1, tzinfo=dt.UTC), dt.datetime(9000, 1, 1, tzinfo=dt.UTC)),
        ExpansionLimitError, "years"),
]
# fmt: on


@pytest.mark.parametrize("case", LIBRARY_CASES, ids=lambda c: c.name)
def test_library_raises_its_own_error(case: LibraryCase) -> None:
    with pytest.raises(case.error) as raised:
        case.call()
    assert case.message in str(raised.value)
    assert "\n" not in str(raised.value)
