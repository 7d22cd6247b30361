"""Archives of invented organisations, each in its own house style, against their answers.

``corpus/NAME.txt`` (an archive page's text) or ``corpus/NAME.html`` (the
page saved from a browser) sits beside ``corpus/NAME.expected.json``, the
answer written by the archive's author (not by the importer's): the series'
name and zone, the cancelled meetings, and per conversation its date, time,
title, the date it moved from, its people and its resources' kinds and
addresses.  The archives were written by different hands, in phrasing the
importer was not written for.

Each archive is checked for what must always hold (no person the page does
not name, every line accounted for, every link kept, the series read
right); the corpus as a whole for the issue's targets: at least 95% of
conversations with date, title, people and resource kinds all right, and
at least 95% of the people found.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from kindness_core.importing.importer import import_archive
from kindness_core.importing.report import unaccounted_lines
from kindness_core.importing.result import ImportResult

CORPUS = Path(__file__).with_name("corpus")
ANSWERS = sorted(CORPUS.glob("*.expected.json"))
#: The issue's targets, on the corpus as a whole.
CONVERSATIONS_RIGHT = 0.95
PEOPLE_FOUND = 0.95


def _source(answer: Path) -> Path:
    stem = answer.name.removesuffix(".expected.json")
    (found,) = [p for p in CORPUS.glob(stem + ".*") if p.suffix in (".txt", ".html")]
    return found


@dataclass
class Checked:
    """One archive imported and compared with its answer."""

    name: str
    expected: dict[str, Any]
    result: ImportResult
    problems: list[str] = field(default_factory=list)
    conversations: int = 0
    right: int = 0
    people: int = 0
    found: int = 0
    invented: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)


def _conversation(conversation: Any) -> dict[str, Any]:
    return {
        "date": conversation.start.date().isoformat(),
        "time": conversation.start.strftime("%H:%M"),
        "title": conversation.title,
        "moved_from": (
            conversation.previous_start.date().isoformat()
            if conversation.previous_start is not None
            else None
        ),
        "people": [p.name for p in conversation.people],
        "resources": sorted(r.kind.value for r in conversation.resources),
        "urls": {r.url for r in conversation.resources if r.url},
    }


def check(answer: Path) -> Checked:
    expected = json.loads(answer.read_text(encoding="utf-8"))
    result = import_archive(_source(answer).read_bytes())
    out = Checked(name=answer.name, expected=expected, result=result)
    got = {c.key.rsplit("/", 1)[-1]: _conversation(c) for c in result.conversations}
    for want in expected["conversations"]:
        out.conversations += 1
        month = (want["moved_from"] or want["date"])[:7]
        names = [p["name"] for p in want["people"]]
        urls = [r["url"] for r in want["resources"] if r.get("url")]
        out.people += len(names)
        out.links += urls
        have = got.get(month)
        if have is None:
            out.problems.append(f"{month}: no conversation")
            continue
        out.found += sum(1 for name in names if name in have["people"])
        out.invented += [name for name in have["people"] if name not in names]
        out.kept += [url for url in urls if url in have["urls"]]
        wanted = {
            "date": want["date"],
            "time": want["time"],
            "title": want["title"],
            "moved_from": want["moved_from"],
            "people": sorted(names),
            "resources": sorted(r["kind"] for r in want["resources"]),
        }
        mine = {k: sorted(v) if k == "people" else v for k, v in have.items() if k != "urls"}
        wrong = {k: (mine[k], v) for k, v in wanted.items() if mine[k] != v}
        if wrong:
            out.problems.append(f"{month}: {wrong}")
        else:
            out.right += 1
    months = {(w["moved_from"] or w["date"])[:7] for w in expected["conversations"]}
    out.problems += [f"{m}: a conversation the page does not have" for m in set(got) - months]
    return out


@pytest.fixture(scope="module")
def checked() -> dict[str, Checked]:
    return {answer.name: check(answer) for answer in ANSWERS}


def test_the_corpus_has_eight_text_archives_and_saved_pages() -> None:
    sources = [_source(answer) for answer in ANSWERS]
    assert sum(1 for s in sources if s.suffix == ".txt") >= 8
    assert sum(1 for s in sources if s.suffix == ".html") >= 2


@pytest.mark.parametrize("answer", ANSWERS, ids=lambda p: p.name.split(".")[0])
def test_series_name_zone_and_cancellations(answer: Path, checked: dict[str, Checked]) -> None:
    done = checked[answer.name]
    series = done.result.series
    assert series.name == done.expected["series"]["name"]
    assert series.schedule.timezone == done.expected["series"]["zone"]
    skips = sorted(skip.date.isoformat() for skip in series.schedule.skips)
    assert skips == sorted(done.expected.get("cancelled", []))


@pytest.mark.parametrize("answer", ANSWERS, ids=lambda p: p.name.split(".")[0])
def test_no_person_is_invented(answer: Path, checked: dict[str, Checked]) -> None:
    assert checked[answer.name].invented == []


@pytest.mark.parametrize("answer", ANSWERS, ids=lambda p: p.name.split(".")[0])
def test_every_link_of_the_page_is_kept(answer: Path, checked: dict[str, Checked]) -> None:
    done = checked[answer.name]
    assert sorted(done.kept) == sorted(done.links)


@pytest.mark.parametrize("answer", ANSWERS, ids=lambda p: p.name.split(".")[0])
def test_every_line_is_used_or_reported(answer: Path, checked: dict[str, Checked]) -> None:
    source = _source(answer)
    if source.suffix != ".txt":
        pytest.skip("a saved page's lines are its tags: the HTML tests account for them")
    text = source.read_text(encoding="utf-8-sig")
    assert unaccounted_lines(checked[answer.name].result, text) == ()


def test_the_corpus_meets_the_targets(checked: dict[str, Checked]) -> None:
    conversations = sum(c.conversations for c in checked.values())
    right = sum(c.right for c in checked.values())
    people = sum(c.people for c in checked.values())
    found = sum(c.found for c in checked.values())
    problems = [f"{c.name}: {p}" for c in checked.values() for p in c.problems]
    assert right / conversations >= CONVERSATIONS_RIGHT, "\n".join(problems)
    assert found / people >= PEOPLE_FOUND, "\n".join(problems)
