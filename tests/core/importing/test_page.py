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
        # "Watch the presentation" is its recording (issue #17), not its slides.
        ("Watch the presentation from Maureen Bisognano, on the concept of Eudaimonia.", [R],
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


A = ResourceKind.AUDIO


@pytest.mark.parametrize(
    ("line", "kinds"),
    [
        # summary, in other words
        ("Notes", [S]),
        ("Read the notes.", [S]),
        ("Read the write-up on our blog.", [S]),
        ("Minutes available in the members' area.", [S]),
        ("Meeting report (PDF)", [S]),
        ("Write-up available", [S]),
        ("The key insights are on the website.", [S]),
        ("A short report of the discussion", [S]),
        ("Download the summary of the evening.", [S]),
        ("The summary, written by our volunteer, is posted below.", [S]),
        # recording
        ("Watch the video.", [R]),
        ("Watch the presentation", [R]),
        ("You can watch the presentation on our channel.", [R]),
        ("View the recording", [R]),
        ("Recording (YouTube)", [R]),
        ("Watch: recording", [R]),
        ("Catch up on the recording here.", [R]),
        # slides
        ("Slides", [P]),
        ("Slide deck (PDF)", [P]),
        ("Presentation slides", [P]),
        ("Download the presentation", [P]),
        ("Slides from the opening talk are on the website.", [P]),
        ("The slides can be downloaded.", [P]),
        # audio
        ("Listen to the podcast episode.", [A]),
        ("Listen back: audio on our podcast page", [A]),
        ("Listen to the presentation", [A]),
        ("Audio recording (episode 4 of our podcast)", [A]),
        ("Podcast", [A]),
        ("You can also listen again on the podcast.", [A]),
        # several on one line
        ("Notes (PDF) | Slides", [S, P]),
        ("→ Notes · Video · Podcast", [S, R, A]),
        ("Recording | Summary", [R, S]),
        ("– Slides and written notes available", [P, S]),
        ("Minutes. Watch the recording (members' area).", [S, R]),
        ("Resources: Session notes (PDF) · Audio of the opening talk", [S, A]),
        ("The slides and the notes can be downloaded.", [P, S]),
        ("Read the summary in the archive, or watch the video of the panel.", [S, R]),
        ("Notes and Amal's slides are both in the shared folder.", [S, P]),
        ("• Summary", [S]),
        ("* Video", [R]),
        # not a resource (decision: promised or withheld is not offered)
        ("Recording available on request", []),
        ("A recording is available on request from the office.", []),
        ("No recording", []),
        ("Not recorded", []),
        ("Recording not available", []),
        ("Unfortunately the recording is not available.", []),
        ("Slides to follow", []),
        ("Notes coming soon", []),
        ("(Recording for internal use only.)", []),
        ("The evening was not recorded.", []),
        ("We watched a short film together.", []),
        ("She brought a slideshow of old photographs.", []),
        ("Read more about our work", []),
        ("See you next month!", []),
        ("Video consultations are here to stay.", []),
        ("Minutes after we started, the fire alarm went off.", []),
        ("Watch this space for next year's dates.", []),
        ("Notes from a small island: a reflection by our chair.", []),
        ("Our speaker reported on the survey results from members.", []),
    ],
)  # fmt: skip
def test_resource_phrases(line: str, kinds: list[ResourceKind]) -> None:
    assert [kind for kind, _ in announced_resources(line)] == kinds


@pytest.mark.parametrize(
    ("line", "pure"),
    [
        ("– Notes (PDF) | Slides", True),
        ("Minutes. Listen: audio recording of the Q&A.", True),
        ("Summary available. A recording is available on request.", True),
        ("Talking-circle format, no slides.", False),
        ("Read the notes. We also recorded the audio on a phone in the middle of the table, "
         "so you can listen to the whole conversation too.", False),
        ("The notes from the evening, including the list of phrases the speakers shared, are "
         "in the shared folder.", False),
    ],
)  # fmt: skip
def test_pure_cues_in_other_words(line: str, pure: bool) -> None:
    assert is_pure_cue(line) is pure
