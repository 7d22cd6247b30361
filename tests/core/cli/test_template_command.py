"""``kindness template``: the list, the CSV template on stdout or in a file, and bad names."""

from __future__ import annotations

import codecs
import csv
import io
import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from kindness_core.cli import main
from kindness_core.importing.spreadsheet import COLUMNS, template_text

REPO = Path(__file__).parents[3]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_without_a_name_the_templates_are_listed(capsys) -> None:
    status, out, err = run(capsys, "template")
    assert status == 0
    assert err == ""
    assert out.startswith("csv  a spreadsheet of conversations, one row each")


@pytest.mark.parametrize("name", ["csv", "CSV", ".csv", " csv "])
def test_the_csv_template_goes_to_standard_output(capsys, name: str) -> None:
    status, out, err = run(capsys, "template", name)
    assert (status, err) == (0, "")
    assert out == template_text()
    header, example = csv.reader(io.StringIO(out))
    assert tuple(header) == COLUMNS
    assert len(example) == len(COLUMNS)


def test_the_template_invents_its_example(capsys) -> None:
    _, out, _ = run(capsys, "template", "csv")
    cells = [cell for row in csv.reader(io.StringIO(out)) for cell in row]
    addresses = [word for cell in cells for word in cell.split() if "://" in word]
    assert addresses
    assert all(word.startswith("https://example.org/") for word in addresses)
    assert "invented example" in out


def test_output_file_has_excels_mark_and_imports_back(capsys, tmp_path: Path) -> None:
    path = tmp_path / "archive.csv"
    status, out, err = run(capsys, "template", "csv", "-o", str(path))
    assert (status, out, err) == (0, "", "")
    data = path.read_bytes()
    assert data.startswith(codecs.BOM_UTF8)
    assert data[len(codecs.BOM_UTF8) :].decode("utf-8") == template_text()
    status, out, err = run(capsys, "import", str(path), "--json", "--now", "2026-01-01")
    assert status == 0
    (conversation,) = json.loads(out)["conversations"]
    assert conversation["title"] == "Listening across generations (an invented example)"
    assert [p["role"] for p in conversation["people"]] == ["speaker", "host"]
    assert "no schedule was given" in err


@pytest.mark.parametrize("name", ["xlsx", "html", "cs", "csv2"])
def test_an_unknown_template_is_one_line_and_status_2(capsys, name: str) -> None:
    status, out, err = run(capsys, "template", name)
    assert (status, out) == (2, "")
    assert err == (
        f"kindness: error: unknown template {name!r}: use one of csv ('kindness template' "
        "lists them)\n"
    )


def test_bad_usage_is_one_line_and_status_2(capsys, tmp_path: Path) -> None:
    status, out, err = run(capsys, "template", "csv", "-o", str(tmp_path / "none" / "a.csv"))
    assert (status, out) == (2, "")
    assert err.startswith("kindness: error: cannot write ")
    assert err.count("\n") == 1
    status, _, err = run(capsys, "template", "csv", "extra")
    assert status == 2
    assert err.count("\n") == 1


def test_the_template_is_package_data() -> None:
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    data = config["tool"]["setuptools"]["package-data"]["kindness_core"]
    assert "importing/template.csv" in data
    done = subprocess.run(
        [sys.executable, "-m", "kindness_core", "template", "csv"],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
    )
    assert done.returncode == 0
    assert done.stdout.splitlines()[0] == ",".join(COLUMNS)
