"""The archive importer, against the real seed page and against bad input."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from kindness_core import (
    Archive,
    ArchiveFormatError,
    KindnessInputError,
    ResourceKind,
    Role,
    Schedule,
    Status,
)
from kindness_core.importing.importer import MAX_PEOPLE, import_archive
from kindness_core.importing.page import MAX_ARCHIVE_BYTES
from kindness_core.importing.result import ArchiveWarning, ImportResult, LikelyDuplicate

REPO = Path(__file__).parents[3]
LONDON = ZoneInfo("Europe/London")
KEY = "conversations-for-kindness/"

S, R, P = ResourceKind.SUMMARY, ResourceKind.RECORDING, ResourceKind.SLIDES
SPEAKER, CO, HOST, COORD = Role.SPEAKER, Role.CO_SPEAKER, Role.HOST, Role.COORDINATOR

MAUREEN_IHI = "Institute for Healthcare Improvement"
EMERITA = "President Emerita and Senior Fellow"

# month, start (ISO with offset), title, resources in announced order,
# people as (part, honorific, name, job title, organisation).
EXPECTED = [
    ("2024-02", "2024-02-15T18:00:00+00:00",
     "Using ‘Clean Language’ to achieve better and kinder conversations in healthcare",
     [S],
     [(SPEAKER, "Dr", "Hesham Abdalla", None, None),
      (SPEAKER, None, "Judy Rees", None, None),
      (SPEAKER, None, "Steve McCann", None, None)]),
    ("2024-01", "2024-01-18T18:00:00+00:00", "Kindness in education", [S, R],
     [(SPEAKER, "Dr", "Sanjiv Ahluwalia",
       "Professor of Primary Care and Medical Education and Head of Anglia Ruskin School "
       "of Medicine", None)]),
    ("2023-12", "2023-12-21T18:00:00+00:00", "Compassion and kindness in leadership", [S, R],
     [(SPEAKER, "Professor", "Michael West", None, None)]),
    ("2023-11", "2023-11-16T18:00:00+00:00", "Kindness and psychological safety", [S, R],
     [(SPEAKER, None, "Amy Edmondson", "Novartis Professor of Leadership and Management",
       "Harvard Business School")]),
    ("2023-10", "2023-10-19T18:00:00+01:00", "36 months of conversations so far", [S, R], []),
    ("2023-09", "2023-09-21T18:00:00+01:00", "Kindness and our education systems", [S],
     [(COORD, None, "James Mountford", "founder", "London Interdisciplinary School"),
      (SPEAKER, None, "Ed Fidoe", None, None),
      (SPEAKER, None, "James Handscombe", None, None)]),
    ("2023-08", "2023-08-17T18:00:00+01:00",
     "Exploring the role of education and learning in building kindness", [S, R],
     [(SPEAKER, None, "Bob Klaber", None, None),
      (SPEAKER, None, "Maureen Bisognano", None, None)]),
    ("2023-07", "2023-07-20T18:00:00+01:00",
     "Detoxifying healthcare: leading practically with and for kindness", [S, R],
     [(SPEAKER, None, "Gabrielle Matthews", "member of the NHS Youth Forum and a medical student",
       "Imperial College School of Medicine"),
      (SPEAKER, None, "Maureen Bisognano", EMERITA, MAUREEN_IHI)]),
    ("2023-06", "2023-06-15T18:00:00+01:00", "Listening to patients", [S, R, P],
     [(SPEAKER, None, "Henrietta Hughes",
       "first appointed Patient Safety Commissioner for England", None)]),
    # The seed separates this title from its second half with a space and an
    # NBSP, not a dash: the title keeps the words as written.
    ("2023-05", "2023-05-18T18:00:00+01:00",
     "Whose story is it anyhow? Creating safe spaces for patient storytellers", [S, R, P],
     [(SPEAKER, None, "Sue Robins", "author and patient advocate", None)]),
    ("2023-03", "2023-03-16T18:00:00+00:00", "Kindness in the face of conflict", [S],
     [(SPEAKER, None, name, "Paediatric intensivist", "Evelina Children’s Hospital")
      for name in ("Miriam Fine Goulden", "Marilyn McDougall", "Shelley Riphagen")]),
    ("2023-02", "2023-02-16T18:00:00+00:00",
     "Regulation in healthcare: exploring if and how this can be done with kindness", [S, R, P],
     [(SPEAKER, None, "Victoria O’Brien", "geriatrics registrar on secondment",
       "Care Quality Commission"),
      (SPEAKER, None, "Astrid Etherington", None, None),
      (SPEAKER, None, "Nigel Acheson", "Regional Medical Officer for the South Region",
       "NHS England")]),
    ("2023-01", "2023-01-19T18:00:00+00:00",
     "Kindness in Healthcare: Exploring the gap between what we want and what we have in "
     "healthcare", [S, R, P],
     [(SPEAKER, None, "John Ballatt",
       "author of Intelligent Kindness: Reforming the Culture of Healthcare", None),
      (SPEAKER, "Dr", "Kate Pryde", "consultant paediatrician", None),
      (SPEAKER, None, "Paul Batalden", "Emeritus Professor", "The Dartmouth Institute")]),
    ("2022-12", "2022-12-15T18:00:00+00:00",
     "A Christmas Advent calendar: kindness efforts from our community", [S, R, P], []),
    ("2022-11", "2022-11-17T18:00:00+00:00", "Kindness: big and little acts to try", [R, S],
     [(SPEAKER, None, "Maureen Bisognano", EMERITA, "IHI"),
      (SPEAKER, None, "Gabby Matthews", "Youth Expert Adviser", "NHS England")]),
    ("2022-10", "2022-10-20T18:00:00+01:00", "Gathering of Kindness", [S, R],
     [(SPEAKER, None, "Cath Crock", None, None),
      (SPEAKER, None, "Sue Robins", None, None),
      (SPEAKER, None, "Nicki Macklin", None, None)]),
    ("2022-09", "2022-09-15T18:00:00+01:00", None, [R, S],
     [(SPEAKER, "Dr", "Robin Banerjee", None, None),
      (SPEAKER, "Dr", "Gillian Sandstrom", None, None),
      (HOST, None, "Bob Klaber", None, None),
      (HOST, None, "Suzie Bailey", None, None)]),
    ("2022-08", "2022-08-18T18:00:00+01:00", None, [R, S],
     [(HOST, None, "Suzie Bailey", None, None),
      (SPEAKER, "Dr", "Victor Montori", None, None),
      (CO, "Dr", "Dominique Allwood", None, None)]),
    ("2022-07", "2022-07-21T18:00:00+01:00", None, [R, S],
     [(SPEAKER, None, "Maureen Bisognano", EMERITA, MAUREEN_IHI)]),
]  # fmt: skip


@pytest.fixture(scope="module")
def result(seed_text: str) -> ImportResult:
    return import_archive(seed_text)


def _people(conversation):
    return [(p.role, p.honorific, p.name, p.job_title, p.organisation) for p in conversation.people]


# -- the seed, in full ---------------------------------------------------------


def test_nineteen_conversations_newest_first(result: ImportResult) -> None:
    assert [c.key for c in result.conversations] == [KEY + month for month, *_ in EXPECTED]
    starts = [c.start for c in result.conversations]
    assert starts == sorted(starts, reverse=True)
    assert len(result.conversations) == 19


@pytest.mark.parametrize(("month", "start", "title", "kinds", "people"), EXPECTED,
                         ids=[row[0] for row in EXPECTED])  # fmt: skip
def test_each_month_in_full(result, month, start, title, kinds, people) -> None:
    conversation = result.archive.get(KEY + month)
    assert conversation.start.isoformat() == start
    assert conversation.start.tzinfo == LONDON  # local time in its zone, not a UTC start
    assert conversation.start.weekday() == 3  # a Thursday…
    assert 15 <= conversation.start.day <= 21  # …the third of its month
    assert conversation.end == conversation.start + dt.timedelta(hours=1)
    assert conversation.title == title
    assert [r.kind for r in conversation.resources] == kinds
    assert all(r.pending and r.url is None for r in conversation.resources)
    assert _people(conversation) == people
    assert conversation.status == Status.HELD
    assert conversation.url is None


def test_untitled_months_are_named_by_month(result: ImportResult) -> None:
    untitled = [c for c in result.conversations if c.title is None]
    assert [c.display_title for c in untitled] == ["September 2022", "August 2022", "July 2022"]


def test_resource_titles(result: ImportResult) -> None:
    titles = {r.kind: r.title for c in result.conversations for r in c.resources}
    assert titles[S] == "Insights and summary"
    assert titles[R] == "Recording of the conversation"
    june = result.archive.get(KEY + "2023-06")
    february = result.archive.get(KEY + "2023-02")
    assert june.resources_of(P)[0].title == "Presentation"
    assert february.resources_of(P)[0].title == "Presentations"


def test_summaries_exactly(result: ImportResult) -> None:
    get = result.archive.get
    assert get(KEY + "2024-02").summary == (
        "This month we were joined by the team behind the Clean Language movement, Dr Hesham "
        "Abdalla, Judy Rees, and Steve McCann. We heard about their ambition to empower a "
        "million health and care professionals with this counter-intuitive approach, and "
        "learned how Clean Language facilitates more effective, compassionate communication."
    )
    assert get(KEY + "2024-01").summary == (
        "Our conversation was led Dr Sanjiv Ahluwalia, Professor of Primary Care and Medical "
        "Education and Head of Anglia Ruskin School of Medicine. He has a special interest in "
        "understanding the influence of clinical education on patient care.\n\n"
        "He reflected on growing evidence that as students go through medical school as "
        "undergraduates, their levels of empathy diminish over time. Similarly, it is known "
        "that there are significant levels of unhappiness for postgraduate doctors throughout "
        "their training.\n\n"
        "We then discussed two key questions: how could we better prepare students to be kind "
        "and understand the value of kindness for sustainable and better patient care? And how "
        "do we encourage kindness towards students along their journey?"
    )
    # Doubled and non-breaking spaces collapse; curly quotes stay.
    assert get(KEY + "2023-03").summary == (
        "How do clinicians manage to maintain compassion when their clinical, ethical and moral "
        "judgement is being contested at the highest level?\n\n"
        "Paediatric intensivists from Evelina Children’s Hospital – Miriam Fine Goulden, "
        "Marilyn McDougall and Shelley Riphagen – reflected on their professional and personal "
        "experiences in this month’s conversation for kindness."
    )
    assert "who is completing a fellowship" in get(KEY + "2023-02").summary
    # A cue line that also describes the conversation stays in the summary.
    assert get(KEY + "2022-07").summary == (
        "Watch the presentation from Maureen Bisognano, President Emerita and Senior Fellow, "
        "Institute for Healthcare Improvement, on the concept of Eudaimonia, a new way to "
        "think about caring."
    )
    assert get(KEY + "2022-08").summary.split("\n\n") == [
        "Kindness in Healthcare community members came together to connect and discuss the "
        "concept of a movement for care.",
        "Watch the conversation hosted by Suzie Bailey with guest speakers Dr Victor Montori "
        "and co-speaker Dr Dominique Allwood, who shared their work on careful and kind patient "
        "care and the challenges to this posed by ‘industrialised’ health care.",
    ]


def test_pure_cue_lines_are_not_summary(result: ImportResult) -> None:
    for conversation in result.conversations:
        for paragraph in conversation.summary.split("\n\n"):
            assert not paragraph.startswith("Download")
            assert paragraph not in (
                "Watch the conversation below.",
                "Watch the conversation below",
            )
    assert "hosted by Bob Klaber" not in result.archive.get(KEY + "2022-09").summary


def test_every_description_sentence_is_kept(seed_text: str, result: ImportResult) -> None:
    """Every non-cue paragraph of the page is in exactly one summary or the intro."""
    everything = "\n\n".join(
        [result.series.description, result.series.joining]
        + [c.summary for c in result.conversations]
    )
    for raw in seed_text.splitlines():
        line = " ".join(raw.replace("\u00a0", " ").split())
        if not line or line.startswith(("Download", "Watch the conversation")):
            continue
        if line[:4] in {"Janu", "Febr", "Marc", "May ", "June", "July", "Augu", "Sept", "Octo",
                        "Nove", "Dece"} and "20" in line[:14]:  # fmt: skip
            continue  # a heading
        assert line in everything


def test_non_breaking_spaces_are_gone(seed_text: str, result: ImportResult) -> None:
    assert seed_text.count("\u00a0") == 28
    texts = [result.series.description, result.series.joining]
    for c in result.conversations:
        texts += [c.summary, c.title or ""]
        for p in c.people:
            texts += [p.name, p.job_title or "", p.organisation or ""]
    for text in texts:
        assert "\u00a0" not in text
        assert "  " not in text
        assert text == text.strip()
    # Curly quotes are kept as they are.
    assert "‘Clean Language’" in result.conversations[0].title


def test_series_from_the_introduction(result: ImportResult) -> None:
    series = result.series
    assert series.key == "conversations-for-kindness"
    assert series.name == "Conversations for Kindness"
    assert series.schedule == Schedule(rule="FREQ=MONTHLY;BYDAY=3TH", time=dt.time(18, 0),
                                       timezone="Europe/London")  # fmt: skip
    assert series.joining == (
        "Meeting are held on the third Thursday of the month, at 6pm UK time. All are welcome "
        "– if you would like to join, please contact us."
    )
    assert series.description.split("\n\n") == [
        "Every month Kindness in Healthcare community members from around the world come "
        "together for a Conversation for Kindness, for conversation and reflections about "
        "kindness in healthcare. Each conversation has a focus on listening, learning, thinking "
        "differently and mobilising for action, and an open culture of sharing resources, ideas "
        "and energy.",
        "Guest speakers usually lead the conversation before members divide into smaller "
        "break-out groups for further reflection.",
        "Below you can see insights, presentations and videos from the meetings.",
    ]
    assert (series.join_url, series.contact, series.url) == (None, None, None)


def test_april_2023_is_missing(result: ImportResult) -> None:
    assert [o.start.isoformat() for o in result.missing] == ["2023-04-20T18:00:00+01:00"]
    messages = [w for w in result.warnings if "April 2023" in w.message]
    assert len(messages) == 1
    assert messages[0].line == 109  # the March 2023 heading, where April would be


def test_gabby_and_gabrielle_are_a_likely_duplicate(result: ImportResult) -> None:
    assert result.duplicates == (
        LikelyDuplicate(
            keep="Gabrielle Matthews",
            other="Gabby Matthews",
            conversations=(KEY + "2022-11", KEY + "2023-07"),
        ),
    )
    assert result.duplicates[0].alias == {"Gabby Matthews": "Gabrielle Matthews"}
    warning = next(w for w in result.warnings if "same person" in w.message)
    assert warning.line == 149  # the November 2022 heading
    assert "--alias 'Gabby Matthews=Gabrielle Matthews'" in warning.message


def test_the_seed_gives_exactly_two_warnings(result: ImportResult) -> None:
    assert [w.line for w in result.warnings] == [109, 149]


def test_alias_map_merges_the_duplicate(seed_text: str) -> None:
    merged = import_archive(seed_text, aliases={"Gabby Matthews": "Gabrielle Matthews"})
    assert merged.duplicates == ()
    assert not any("same person" in w.message for w in merged.warnings)
    november = merged.archive.get(KEY + "2022-11")
    assert _people(november)[1] == (
        SPEAKER,
        None,
        "Gabrielle Matthews",
        "Youth Expert Adviser",
        "NHS England",
    )
    assert [c.key for c in merged.archive.filter(person="Gabrielle Matthews")] == [
        KEY + "2023-07", KEY + "2022-11"
    ]  # fmt: skip


def test_alias_matching_ignores_case_and_spacing(seed_text: str) -> None:
    merged = import_archive(seed_text, aliases={" gabby  MATTHEWS ": "Gabrielle Matthews"})
    assert merged.duplicates == ()


def test_unused_alias_is_a_warning(seed_text: str) -> None:
    imported = import_archive(seed_text, aliases={"Nobody Atall": "Someone Else"})
    assert (
        ArchiveWarning(line=0, message="the alias for 'nobody atall' matched no one in the archive")
        in imported.warnings
    )


def test_alias_loop_is_refused(seed_text: str) -> None:
    with pytest.raises(KindnessInputError, match="loop"):
        import_archive(seed_text, aliases={"A Bee": "C Dee", "C Dee": "A Bee"})


def test_import_twice_is_equal(seed_text: str, result: ImportResult) -> None:
    again = import_archive(seed_text)
    assert again == result
    assert hash(again) == hash(result)


def test_archive_view(result: ImportResult) -> None:
    archive = result.archive
    assert isinstance(archive, Archive)
    assert archive.series == result.series
    assert archive.conversations == result.conversations
    assert archive.missing() == result.missing


def test_status_uses_the_given_now(seed_text: str) -> None:
    now = dt.datetime(2023, 6, 15, 18, 0, tzinfo=LONDON)
    imported = import_archive(seed_text, now=now)
    status = {c.key[-7:]: c.status for c in imported.conversations}
    assert status["2023-05"] == Status.HELD
    assert status["2023-06"] == Status.SCHEDULED  # starts at now: not yet held
    assert status["2024-02"] == Status.SCHEDULED
    assert sum(s == Status.HELD for s in status.values()) == 10  # July 2022 - May 2023


def test_naive_now_is_refused(seed_text: str) -> None:
    with pytest.raises(KindnessInputError, match="aware"):
        import_archive(seed_text, now=dt.datetime(2024, 1, 1))


def test_caller_schedule_wins_and_the_difference_is_reported(seed_text: str) -> None:
    schedule = Schedule(rule="FREQ=MONTHLY;BYDAY=2TU", time=dt.time(19, 30))
    imported = import_archive(seed_text, schedule=schedule)
    assert imported.series.schedule == schedule
    assert imported.conversations[0].start.isoformat() == "2024-02-13T19:30:00+00:00"
    assert any(w.line == 5 and "the given schedule is used" in w.message
               for w in imported.warnings)  # fmt: skip


def test_series_name_and_key(seed_text: str) -> None:
    imported = import_archive(seed_text, series_key="cfk", series_name="CfK")
    assert imported.series.name == "CfK"
    assert imported.conversations[0].key == "cfk/2024-02"
    with pytest.raises(KindnessInputError, match="slug"):
        import_archive(seed_text, series_key="Not A Slug")


# -- headings ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "title"),
    [
        ("March 2023 – Kindness in conflict", "Kindness in conflict"),
        ("March 2023 — Kindness in conflict", "Kindness in conflict"),
        ("March 2023 - Kindness in conflict", "Kindness in conflict"),
        ("March 2023: Kindness in conflict", "Kindness in conflict"),
        ("March 2023Kindness in conflict", "Kindness in conflict"),
        ("March 2023 Kindness in conflict", "Kindness in conflict"),
        ("March\u00a02023\u00a0–\u00a0Kindness  in conflict\u00a0 ", "Kindness in conflict"),
        ("  March 2023 ", None),
        ("March 2023 –", None),
        ("Mar 2023 – Short month", "Short month"),
        ("march 2023 – lower case", "lower case"),
        ("March 2023 – Detoxifying: leading – practically", "Detoxifying: leading – practically"),
        ("March 2023 – Whose story? – Creating spaces", "Whose story? – Creating spaces"),
    ],
)
def test_heading_forms(line: str, title: str | None) -> None:
    imported = import_archive(f"{line}\n\nSome words.\n")
    (conversation,) = imported.conversations
    assert conversation.key == KEY + "2023-03"
    assert conversation.title == title
    assert conversation.start.isoformat() == "2023-03-16T18:00:00+00:00"


def test_sept_abbreviation() -> None:
    (conversation,) = import_archive("Sept 2023 – Back to school\n").conversations
    assert conversation.month == (2023, 9)


def test_prose_that_starts_with_a_month_is_not_a_heading() -> None:
    text = "March 2023 – Title\n\nMay 2023 saw our largest meeting yet.\n"
    (conversation,) = import_archive(text).conversations
    assert conversation.summary == "May 2023 saw our largest meeting yet."


def test_windows_line_endings_and_bom() -> None:
    text = "\ufeffIntro.\r\n\r\nMarch 2023 – A\r\n\r\nWords.\r\nFebruary 2023 – B\r\n"
    imported = import_archive(text)
    assert [c.title for c in imported.conversations] == ["A", "B"]
    assert imported.series.description == "Intro."


def test_bytes_are_read_as_utf8() -> None:
    text = "March 2023 – ‘Quoted’\n".encode()
    assert import_archive(text).conversations[0].title == "‘Quoted’"


def test_no_intro_means_the_default_schedule() -> None:
    imported = import_archive("March 2023 – A\n")
    assert imported.series.schedule == Schedule()
    assert (imported.series.description, imported.series.joining) == ("", "")


def test_schedule_stated_in_the_intro_is_used() -> None:
    text = "We meet on the first Tuesday of each month at 12:30 Europe/Paris.\n\nMarch 2023 – A\n"
    imported = import_archive(text)
    assert imported.series.schedule.timezone == "Europe/Paris"
    assert imported.conversations[0].start.isoformat() == "2023-03-07T12:30:00+01:00"
    assert imported.series.joining.startswith("We meet")


def test_unreadable_schedule_sentence_is_a_warning() -> None:
    imported = import_archive("We meet on a Thursday now and then.\n\nMarch 2023 – A\n")
    assert imported.series.schedule == Schedule()
    assert imported.warnings[0].line == 1
    assert "could not read the schedule" in imported.warnings[0].message


def test_empty_conversation_is_a_warning() -> None:
    imported = import_archive("March 2023 – A\nFebruary 2023 – B\n\nWords.\n")
    assert ArchiveWarning(line=1, message="this conversation has no text") in imported.warnings


def test_second_announcement_of_a_resource_is_a_warning() -> None:
    text = "March 2023 – A\n\nDownload the summary\n\nDownload the insights and summary\n"
    imported = import_archive(text)
    assert [r.kind for r in imported.conversations[0].resources] == [S]
    assert imported.warnings[0].line == 5


def test_weekly_schedule_dates_to_the_first_meeting_of_the_month() -> None:
    schedule = Schedule(rule="FREQ=WEEKLY;BYDAY=MO")
    imported = import_archive("March 2023 – A\n", schedule=schedule)
    assert imported.conversations[0].start.date() == dt.date(2023, 3, 6)
    assert "4 meetings in March 2023" in imported.warnings[0].message


def test_too_many_names_in_one_conversation_is_a_warning() -> None:
    names = [f"Ann Lee{chr(97 + i % 26)}{chr(97 + i // 26)}" for i in range(MAX_PEOPLE)]
    paragraphs = [", ".join(names[i : i + 25]) + " share." for i in range(0, MAX_PEOPLE, 25)]
    text = "\n\n".join(["March 2023 – A", *paragraphs, "Cath Crock and Sue Robins discuss."])
    imported = import_archive(text)
    people = imported.conversations[0].people
    assert [p.name for p in people] == names
    assert imported.warnings == (
        ArchiveWarning(
            line=3 + 2 * len(paragraphs),
            message=f"more than {MAX_PEOPLE} names in this conversation: "
            "people were not read from here on",
        ),
    )


# -- malformed input ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("  \n\u00a0\n\t\n", "empty"),
        ("Just some prose.\nAnd more.\n", "no conversation headings"),
        ("March 2023 – A\n\u0000\u0001binary\n", "line 2: control character U\\+0000"),
        (b"March 2023 \x00\xff\xfe", "NUL bytes"),
        (b"March 2023 \xff\xfe title", "not UTF-8"),
        ("Intro\n\nMarch 20234 – A\n", "line 3: 20234 in the heading"),
        ("March 1066 – A\n", "line 1: 1066"),
        ("Smarch 2023 – x\n", "line 1: 'Smarch' .* is not a month.*March 2023"),
        ("March 2023 – A\n\nWords\n\nMarch 2023 – B\n", "line 5: a second conversation for "
         "March 2023 \\(the first is at line 1\\)"),
        (12345, "must be text"),
    ],
)  # fmt: skip
def test_malformed_input_raises_a_clear_error(text: object, message: str) -> None:
    with pytest.raises(ArchiveFormatError, match=message) as info:
        import_archive(text)  # type: ignore[arg-type]
    assert isinstance(info.value, ValueError)
    assert "\n" not in str(info.value)


def test_ten_megabytes_is_refused_quickly() -> None:
    text = "March 2023 – A\n" + "x" * (10 * 1024 * 1024)
    with pytest.raises(ArchiveFormatError, match="limit of 5,000,000"):
        import_archive(text)
    with pytest.raises(ArchiveFormatError, match="limit"):
        import_archive(text.encode())


def test_just_under_the_limit_is_read() -> None:
    filler = ("Words and more words. " * 40 + "\n\n") * (MAX_ARCHIVE_BYTES // 1000)
    text = "March 2023 – A\n\n" + filler[: MAX_ARCHIVE_BYTES - 100]
    assert len(import_archive(text).conversations) == 1


def test_unknown_word_that_is_no_month_is_prose() -> None:
    text = "March 2023 – A\n\nKindness 2023 – what we learned\n"
    (conversation,) = import_archive(text).conversations
    assert conversation.summary == "Kindness 2023 – what we learned"


def test_schedule_with_no_meeting_that_month_is_an_error() -> None:
    schedule = Schedule(rule="FREQ=YEARLY;BYMONTH=6;BYDAY=3TH")
    with pytest.raises(ArchiveFormatError, match=r"line 1: .* no meeting in March 2023"):
        import_archive("March 2023 – A\n", schedule=schedule)


# -- command line ------------------------------------------------------------------


def test_command_line_json_through_a_subprocess(seed_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "kindness_core", "import", str(seed_path), "--json"],
        capture_output=True, text=True, cwd=REPO, check=False, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert document["version"] == 1
    assert [c["key"] for c in document["conversations"]] == [KEY + m for m, *_ in EXPECTED]
    assert document["conversations"][0]["start"] == "2024-02-15T18:00:00+00:00"
    assert [w["line"] for w in document["warnings"]] == [109, 149]
    assert done.stderr.splitlines()[0].startswith("warning: line 109: no conversation for April")
    assert "Traceback" not in done.stderr
