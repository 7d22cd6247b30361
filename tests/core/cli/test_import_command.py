"""``kindness import``: output, options, and one-line errors with exit status 2."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from kindness_core.cli import main
from kindness_core.importing.page import MAX_ARCHIVE_BYTES

REPO = Path(__file__).parents[3]
KEY = "conversations-for-kindness/"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_json_document(capsys, seed_path: Path) -> None:
    status, out, err = run(capsys, "import", str(seed_path), "--json", "--now", "2024-03-01")
    assert status == 0
    document = json.loads(out)
    assert document["version"] == 1
    assert len(document["conversations"]) == 19
    assert {c["status"] for c in document["conversations"]} == {"held"}
    assert err.splitlines() == [
        f"warning: line {w['line']}: {w['message']}" for w in document["warnings"]
    ]
    assert err.startswith("warning: line 109: ")


def test_human_output_is_one_line_per_conversation(capsys, seed_path: Path) -> None:
    status, out, _ = run(capsys, "import", str(seed_path), "--now", "2024-03-01")
    assert status == 0
    lines = out.splitlines()
    assert len(lines) == 19
    assert lines[0] == (
        "2024-02-15 18:00 GMT  Using ‘Clean Language’ to achieve better and kinder conversations "
        "in healthcare  with Dr Hesham Abdalla, Judy Rees, Steve McCann  [summary (pending)]"
    )
    assert lines[-1].startswith("2022-07-21 18:00 BST  July 2022  with Maureen Bisognano  [")


def test_alias_option_merges_the_duplicate(capsys, seed_path: Path) -> None:
    status, out, err = run(capsys, "import", str(seed_path), "--json",
                           "--alias", "Gabby Matthews=Gabrielle Matthews")  # fmt: skip
    assert status == 0
    assert "same person" not in err
    november = json.loads(out)["conversations"][14]
    assert november["key"] == KEY + "2022-11"
    assert november["people"][1]["name"] == "Gabrielle Matthews"


def test_now_decides_held_or_scheduled(capsys, seed_path: Path) -> None:
    status, out, _ = run(capsys, "import", str(seed_path), "--json",
                         "--now", "2023-12-01T00:00:00+00:00")  # fmt: skip
    assert status == 0
    statuses = [c["status"] for c in json.loads(out)["conversations"]]
    assert statuses[:3] == ["scheduled", "scheduled", "scheduled"]
    assert set(statuses[3:]) == {"held"}


def test_schedule_and_series_options(capsys, seed_path: Path) -> None:
    status, out, err = run(capsys, "import", str(seed_path), "--json",
                           "--schedule", "second Tuesday of every month at 7pm UK time",
                           "--series-name", "Kindness talks", "--series-key", "talks")  # fmt: skip
    assert status == 0
    document = json.loads(out)
    assert document["series"]["name"] == "Kindness talks"
    assert document["conversations"][0]["key"] == "talks/2024-02"
    assert document["conversations"][0]["start"] == "2024-02-13T19:00:00+00:00"
    assert "the given schedule is used" in err


def test_standard_input(capsys, monkeypatch) -> None:
    data = "March 2023 – Read from stdin\n\nWords.\n".encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    status, out, _ = run(capsys, "import", "-", "--now", "2024-01-01")
    assert status == 0
    assert out == "2023-03-16 18:00 GMT  Read from stdin\n"


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    paths = {
        "empty": tmp_path / "empty.txt",
        "binary": tmp_path / "binary.bin",
        "latin1": tmp_path / "latin1.txt",
        "prose": tmp_path / "prose.txt",
        "year": tmp_path / "year.txt",
        "month": tmp_path / "month.txt",
        "big": tmp_path / "big.txt",
    }
    paths["empty"].write_text("")
    paths["binary"].write_bytes(bytes(range(256)) * 10)
    paths["latin1"].write_bytes("March 2023 – café".encode("latin-1", "replace"))
    paths["prose"].write_text("Just some words.\nNo headings here.\n")
    paths["year"].write_text("March 20234 – A\n")
    paths["month"].write_text("Intro.\n\nSmarch 2023 – x\n")
    with paths["big"].open("wb") as handle:
        handle.truncate(MAX_ARCHIVE_BYTES + 1)
    return paths


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("empty", "empty.txt: the archive text is empty"),
        ("binary", "binary.bin: the archive contains NUL bytes"),
        ("latin1", "latin1.txt: the archive is not UTF-8 text"),
        ("prose", "prose.txt: no conversation headings found"),
        ("year", "year.txt: line 1: 20234 in the heading"),
        ("month", "month.txt: line 3: 'Smarch'"),
        ("big", "is 5,000,001 bytes, more than the limit of 5,000,000"),
    ],
)
def test_bad_files_exit_2_with_one_line(capsys, files, name: str, message: str) -> None:
    status, out, err = run(capsys, "import", str(files[name]), "--json")
    assert status == 2
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith("kindness: error: ")
    assert message in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["import", "/no/such/file.txt"], "cannot read /no/such/file.txt: no such file"),
        (["import", "/"], "/ is a folder"),
        (["import", "x.txt", "--alias", "Gabby Matthews"], "must be OLD=NEW"),
        (["import", "x.txt", "--alias", "=B"], "must be OLD=NEW"),
        (["import", "x.txt", "--schedule", "whenever"], "cannot understand the schedule"),
        (["import", "x.txt", "--now", "soon"], "--now 'soon' is not a date"),
        (["import"], "the following arguments are required: file"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(capsys, argv: list[str], message: str) -> None:
    status, _, err = run(capsys, *argv)
    assert status == 2
    assert err.count("\n") == 1
    assert message in err


def test_bad_series_key_exits_2(capsys, seed_path: Path) -> None:
    status, _, err = run(capsys, "import", str(seed_path), "--series-key", "Bad Key")
    assert status == 2
    assert "must be a slug" in err


def test_no_traceback_through_a_subprocess(tmp_path: Path) -> None:
    binary = tmp_path / "binary.bin"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    done = subprocess.run(
        [sys.executable, "-m", "kindness_core", "import", str(binary), "--json"],
        capture_output=True, text=True, cwd=REPO, check=False, timeout=60,
    )  # fmt: skip
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1
    assert "Traceback" not in done.stderr
