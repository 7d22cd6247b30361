"""The import's report (``kindness import --report``): per conversation, each line's use."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kindness_core.cli import main
from kindness_core.importing.importer import import_archive
from kindness_core.importing.report import format_report, unaccounted_lines

EXAMPLE = Path(__file__).parents[3] / "docs" / "_examples" / "riverside-archive.txt"


@pytest.fixture(scope="module")
def text() -> str:
    return EXAMPLE.read_text(encoding="utf-8")


def test_the_report_names_every_conversation_and_line(text: str) -> None:
    report = format_report(import_archive(text), text)
    lines = report.splitlines()
    assert lines[0] == (
        "Series: Riverside Listening Circles (riverside-listening-circles), read from text"
    )
    assert "2025-01  Tuesday 28 January 2025, 12:30 GMT  Listening across generations" in report
    assert "(moved from 25 February)" in report
    assert "cancelled 2025-03-25 (strike day)" in report
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            assert f"line {number} " in report, (number, line)
    assert lines[-1] == "every line accounted for"
    assert lines[-2] == "2 conversations, 4 people, 3 resources, 1 warning"


def test_a_line_nothing_accounts_for_is_listed(text: str) -> None:
    result = import_archive(text)
    assert unaccounted_lines(result, text) == ()
    longer = text + "\nA line the import never saw.\n"
    assert unaccounted_lines(result, longer) == (len(text.splitlines()) + 2,)
    assert format_report(result, longer).splitlines()[-1] == (
        f"lines neither used nor warned about: {len(text.splitlines()) + 2}"
    )


def test_warnings_sit_under_their_conversation(text: str) -> None:
    report = format_report(import_archive(text))
    january = report.index("2025-01  ")
    february = report.index("2025-02  ")
    warning = report.index("no person found in 'With contributions from our volunteers.'")
    assert january < warning < february


def test_the_command_line_prints_the_report(capsys, tmp_path: Path, text: str) -> None:
    path = tmp_path / "archive.txt"
    path.write_text(text, encoding="utf-8")
    assert main(["import", str(path), "--report"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("Series: Riverside Listening Circles")
    assert err == ""  # the report names the warnings itself
    assert main(["import", str(path), "--report", "--json"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["series"]["name"] == "Riverside Listening Circles"
    assert err.startswith("Series: Riverside Listening Circles")


@pytest.mark.parametrize("name", ["archive.csv", "ARCHIVE.CSV", "archive.tsv"])
def test_a_spreadsheets_name_says_it_is_one(capsys, tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text("just some words\n", encoding="utf-8")
    assert main(["import", str(path)]) == 2
    _, err = capsys.readouterr()
    assert len(err.strip().splitlines()) == 1
    assert "header row" in err  # read as a spreadsheet, not as page text


@pytest.mark.parametrize("name", ["archive.html", "Archive.HTM"])
def test_a_saved_pages_name_says_it_is_one(capsys, tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text("<h2>March 2025 – Listening</h2><p>We listened.</p>\n", encoding="utf-8")
    assert main(["import", str(path), "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["conversations"][0]["title"] == "Listening"


def test_format_option_overrides_the_name(capsys, tmp_path: Path, text: str) -> None:
    path = tmp_path / "archive.csv"
    path.write_text(text, encoding="utf-8")
    assert main(["import", str(path), "--format", "text", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["series"]["name"] == "Riverside Listening Circles"
