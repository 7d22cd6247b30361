"""Resource cues in prose, labels and emoji-decorated lines (kindness_core.importing.cues).

The sentences are invented for these tests: several phrasings of each class of
cue, and many sentences that name a resource noun only as a topic.
"""

from __future__ import annotations

import pytest

from kindness_core import ResourceKind
from kindness_core.importing.cues import announced_resources, is_pure_cue, without_symbols

S, R, P, A = (ResourceKind.SUMMARY, ResourceKind.RECORDING, ResourceKind.SLIDES,
              ResourceKind.AUDIO)  # fmt: skip


def _kinds(line: str) -> list[ResourceKind]:
    return [kind for kind, _ in announced_resources(line)]


# -- a resource noun with an availability phrase ---------------------------------------


@pytest.mark.parametrize(
    ("line", "kinds"),
    [
        # summary, notes, report, write-up, minutes, proceedings, insights, transcript
        ("A short summary of the afternoon is available.", [S]),
        ("The facilitator's notes can be downloaded from the members' area.", [S]),
        ("Our report on the evening has been posted on the Network's website.", [S]),
        ("A write-up of the discussion may also be read online.", [S]),
        ("The minutes of the meeting are attached.", [S]),
        ("The summary prepared by our rapporteur is available for download.", [S]),
        ("Key insights from the panel are now on the hub.", [S]),
        ("Session notes (PDF)", [S]),
        ("A full transcript can be found on our website.", [S]),
        ("Notes from Thursday are linked below.", [S]),
        ("The notes that were taken by our scribe can be downloaded here.", [S]),
        # slides, deck, presentation materials
        ("The slides shown by Ms Osei may likewise be downloaded.", [P]),
        ("Kwame's slides are here too", [P]),
        ("Dr Lindqvist's deck is attached.", [P]),
        ("The presentation materials are available below.", [P]),
        ("Presentation slides are also available.", [P]),
        ("Her slides can be viewed on our SharePoint site.", [P]),
        # recording, video
        ("A video recording of the whole evening may be viewed on our YouTube channel.", [R]),
        ("The recording is on the Trust's video platform.", [R]),
        ("The video has been uploaded.", [R]),
        ("Recording (Vimeo)", [R]),
        # audio, podcast, episode
        ("An audio recording of the talks has been published on our podcast channel.", [A]),
        ("The podcast episode is now on Spotify.", [A]),
        ("Episode 14 of our podcast can be heard here.", [A]),
        # several in one line
        ("The notes and the slides can both be downloaded.", [S, P]),
        ("Minutes and slides available in the staff area; the video is on YouTube.", [S, P, R]),
    ],
)  # fmt: skip
def test_a_resource_noun_said_to_be_available(line: str, kinds: list[ResourceKind]) -> None:
    assert _kinds(line) == kinds


# -- emoji, bullets, arrows and pointing hands are not part of the words -----------------


@pytest.mark.parametrize(
    ("line", "kinds"),
    [
        ("🎧 Listen to the podcast episode", [A]),
        ("🎧 Listen to the episode – the speakers agreed to share it!", [A]),
        ("Watch the video 🎥", [R]),
        ("📺 Watch the recording", [R]),
        ("👉 Slides here", [P]),
        ("Read the notes 👉 (PDF)", [S]),
        ("📄 Write-up available", [S]),
        ("➡️ Notes posted on the hub", [S]),
        ("▶ Watch back", [R]),
        ("• 🎙️ Podcast", [A]),
        ("☞ Read the summary", [S]),
        ("✔ Minutes · 📊 Slides · 🎬 Video", [S, P, R]),
        ("Notes 👍🏽", [S]),
    ],
)  # fmt: skip
def test_symbols_around_a_cue_are_ignored(line: str, kinds: list[ResourceKind]) -> None:
    assert _kinds(line) == kinds


def test_without_symbols_keeps_words_and_punctuation() -> None:
    assert without_symbols("🎧 Listen – it's lovely! 👍🏽") == "Listen – it's lovely!"
    assert without_symbols("No circle in August ☀️") == "No circle in August"
    assert without_symbols("Notes & slides + video") == "Notes & slides + video"


# -- "watch the presentation" is a recording everywhere --------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "Watch the presentation",
        "Watch the presentation.",
        "→ Watch the presentation from Dr Ines Carvalho, consultant in palliative care.",
        "Watch the presentation by Tomasz Nowak on night shifts",
        "You can watch the presentations on our channel.",
        "Watch the presentation from Amani Otieno, Head of Nursing, on quiet wards.",
    ],
)
def test_watch_the_presentation_is_a_recording(line: str) -> None:
    assert _kinds(line) == [R]


# -- not offered: on request, not recorded, promised ------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "Recording available on request – just drop us a line.",
        "A recording of the session may be requested from the office.",
        "The video can be requested by members who missed it.",
        "Slides available upon request.",
        "The evening was not recorded.",
        "This one was not recorded, sorry.",
        "Not recorded.",
        "No recording this time.",
        "There is no recording of this one.",
        "We did not take any notes at this one.",
        "We didn't take notes, oops.",
        "Slides will follow.",
        "Notes to follow.",
        "The write-up is coming soon.",
        "The podcast episode will be available soon.",
        "The recording wasn't good enough to share.",
        "Unfortunately the recording is not available.",
    ],
)
def test_a_resource_that_is_not_offered(line: str) -> None:
    assert _kinds(line) == []


# -- a resource noun as a topic is not a resource --------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "We discussed how to write a summary for patients.",
        "She described the video consultation pilot in her practice.",
        "The report published by the Department was criticised by many.",
        "The report was published by the Department in 2019.",
        "We talked about the report the Department published last year.",
        "Dr Kaur presented slides on sepsis audits and we discussed them at length.",
        "He showed a video of a home visit, which moved many people.",
        "Participants wrote notes on sticky notes and shared them.",
        "The podcast she hosts is about grief.",
        "Summaries are prepared for shared learning and should not be cited as policy.",
        "Where notes, slides or recordings exist they are listed in the last column.",
        "If you would like a recording, please use the contact page.",
        "Recordings are only made when all speakers agree.",
        "Video consultations are here to stay.",
        "The presentation was on the ethics of rationing.",
        "Her presentation was warm and funny.",
        "The minutes of silence at the start were moving.",
        "Audio-visual equipment was provided by the library.",
        "Several of us have since gone off and read the book.",
        "Watch this space for next year's programme.",
        "The recording studio at the hospital radio was our venue.",
        "Notes of thanks were read out at the end.",
        "The minutes of the last meeting were read and approved.",
        "The notes she kept as a student were found years later.",
        "It is the practice of the Network to record the proceedings of each meeting.",
    ],
)
def test_a_topic_is_not_a_resource(line: str) -> None:
    assert _kinds(line) == []


# -- a pure cue leaves the summary; a described one stays -------------------------------


@pytest.mark.parametrize(
    ("line", "pure"),
    [
        ("The slides presented by Dr Osei may likewise be downloaded.", True),
        ("A summary of the proceedings is available.", True),
        ("Kwame's slides are here too", True),
        ("👉 Slides here", True),
        ("Watch the video 🎥", True),
        ("Notes (PDF) · Slides · Recording", True),
        ("Recording available on request.", True),
        ("Watch the presentation from Dr Ines Carvalho, consultant in palliative care at "
         "the Riverside Hospice, on living with uncertainty.", False),
        ("Dr Osei spoke about ward rounds. Her slides are attached.", False),
        ("We talked about staffing, and the write-up of the evening, with all the ideas "
         "the groups came up with, can be downloaded below.", False),
    ],
)  # fmt: skip
def test_pure_and_described_cues(line: str, pure: bool) -> None:
    assert is_pure_cue(line) is pure
