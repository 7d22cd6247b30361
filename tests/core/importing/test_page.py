"""Reading the text of an archive page into headings, paragraphs and cue lines."""

from __future__ import annotations

import pytest

from kindness_core import ArchiveFormatError, ResourceKind
from kindness_core.importing.page import (
    Block,
    Heading,
    Paragraph,
    announced_resources,
    check_archive_text,
    is_pure_cue,
    read_page,
)

S, R, P = ResourceKind.SUMMARY, ResourceKind.RECORDING, ResourceKind.SLIDES


def test_read_page_splits_intro_and_blocks() -> None:
    text = "Intro\u00a0 words. \n\nMarch 2023 – A\n\nFirst.\nSecond.\n\n\nFebruary 2023\n"
    intro, blocks = read_page(text)
    assert intro == (Paragraph(line=1, text="Intro words."),)
    assert blocks == (
        Block(
            heading=Heading(line=3, year=2023, month=3, title="A"),
            paragraphs=(Paragraph(line=5, text="First."), Paragraph(line=6, text="Second.")),
        ),
        Block(heading=Heading(line=9, year=2023, month=2, title=None)),
    )


def test_seed_has_nineteen_headings(seed_text: str) -> None:
    intro, blocks = read_page(seed_text)
    assert len(intro) == 4
    assert len(blocks) == 19
    october = next(b for b in blocks if (b.heading.year, b.heading.month) == (2022, 10))
    assert october.heading == Heading(line=158, year=2022, month=10, title="Gathering of Kindness")


@pytest.mark.parametrize(
    ("line", "kinds", "pure"),
    [
        ("Download the insights and summary of the conversation", [S], True),
        ("Download the insights and summary of the conversation.", [S], True),
        ("Download insights from and a summary of the conversation", [S], True),
        ("Download the insights from and a summary of the conversation", [S], True),
        ("Watch the conversation below", [R], True),
        ("Watch the conversation below.", [R], True),
        ("Watch the conversation and presentation below", [R, P], True),
        ("Watch the conversation and presentations below.", [R, P], True),
        ("Watch the conversation, hosted by Bob Klaber and Suzie Bailey, below.", [R], True),
        ("Watch the presentation from Maureen Bisognano, on the concept of Eudaimonia.", [P],
         False),
        ("Watch the conversation hosted by Suzie Bailey with guest speakers Dr Victor Montori "
         "and co-speaker Dr Dominique Allwood, who shared their work.", [R], False),
        ("Download the slides", [P], True),
        ("We watched the conversation below.", [], False),
        ("Our purpose in coming together was to get feedback.", [], False),
    ],
)  # fmt: skip
def test_cue_lines(line: str, kinds: list[ResourceKind], pure: bool) -> None:
    assert [kind for kind, _ in announced_resources(line)] == kinds
    if kinds:
        assert is_pure_cue(line) is pure


def test_check_archive_text() -> None:
    assert check_archive_text("\ufeffMarch 2023\n") == "March 2023\n"
    assert check_archive_text("March 2023 – ‘x’".encode()) == "March 2023 – ‘x’"
    with pytest.raises(ArchiveFormatError, match="line 3: control character U\\+0007"):
        check_archive_text("a\nb\nc\x07")
