"""Importing a spreadsheet (CSV): files written by csv.writer, by hand and as Excel saves them."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest

from kindness_core import ArchiveFormatError, ResourceKind, Role, Schedule, Status
from kindness_core.importing.importer import detect_format, import_archive
from kindness_core.importing.report import unaccounted_lines
from kindness_core.importing.result import ImportResult, Use
from kindness_core.importing.spreadsheet import (
    COLUMNS,
    SAVE_AS_CSV_UTF8,
    decode_spreadsheet,
    import_spreadsheet,
    looks_like_spreadsheet,
    template_text,
)
from kindness_core.schedule.recurrence import Move

LONDON = ZoneInfo("Europe/London")
THIRD_TUESDAY = Schedule(rule="FREQ=MONTHLY;BYDAY=3TU", time=dt.time(19, 30))


def read(
    text: str, *, schedule: Schedule | None = THIRD_TUESDAY, **options: object
) -> ImportResult:
    fields: dict[str, object] = {"series_key": None, "series_name": None, "aliases": {}}
    fields.update(options)
    fields.setdefault("now", None)
    return import_spreadsheet(text, schedule=schedule, **fields)  # type: ignore[arg-type]


def written(rows: list[list[str]], *, delimiter: str = ",", lineterminator: str = "\r\n") -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator=lineterminator).writerows(rows)
    return out.getvalue()


def error(text: str, **options: object) -> str:
    with pytest.raises(ArchiveFormatError) as caught:
        read(text, **options)
    message = str(caught.value)
    assert "\n" not in message
    return message


def accounted(result: ImportResult, text: str) -> None:
    assert unaccounted_lines(result, text) == ()


HEADER = ["date", "time", "title", "people", "summary_url", "recording_url", "themes"]


# -- files written by csv.writer ------------------------------------------


def test_a_file_written_by_csv_writer_gives_one_conversation_per_row() -> None:
    rows = [
        HEADER,
        ["2025-01-21", "", "Listening, and being heard",
         "Dr Amira Example (speaker; consultant, Example Hospital); Sam Sample (host)",
         "https://example.org/notes.pdf?download=1&lang=en", "", "listening; dignity"],
        ["2025-02-18", "19:30", "Night shifts", "Tom Reyes (paramedic, North Ambulance Service)",
         "", "https://video.example.org/watch?v=abc,def&t=1m", "sleep"],
        ["2025-03-18", "", 'The "quiet" ward', "Lee Noh", "pending", "", ""],
    ]  # fmt: skip
    text = written(rows)
    result = read(text)
    assert result.source == "csv"
    assert [c.key for c in result.conversations] == [
        "conversations-for-kindness/2025-03",
        "conversations-for-kindness/2025-02",
        "conversations-for-kindness/2025-01",
    ]
    march, february, january = result.conversations
    assert january.start == dt.datetime(2025, 1, 21, 19, 30, tzinfo=LONDON)
    assert january.end == dt.datetime(2025, 1, 21, 20, 30, tzinfo=LONDON)
    assert january.title == "Listening, and being heard"
    assert [(p.honorific, p.name, p.role, p.job_title, p.organisation) for p in january.people] == [
        ("Dr", "Amira Example", Role.SPEAKER, "consultant", "Example Hospital"),
        (None, "Sam Sample", Role.HOST, None, None),
    ]
    assert [(r.kind, r.url) for r in january.resources] == [
        (ResourceKind.SUMMARY, "https://example.org/notes.pdf?download=1&lang=en")
    ]
    assert january.themes == ("listening", "dignity")
    assert february.resources[0].url == "https://video.example.org/watch?v=abc,def&t=1m"
    assert february.people[0].job_title == "paramedic"
    assert february.people[0].organisation == "North Ambulance Service"
    assert march.title == 'The "quiet" ward'
    assert march.resources[0].pending
    assert {c.status for c in result.conversations} == {Status.HELD}
    assert result.warnings == ()
    accounted(result, text)


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
@pytest.mark.parametrize("lineterminator", ["\r\n", "\n"])
def test_the_separator_is_the_headers(delimiter: str, lineterminator: str) -> None:
    rows = [
        ["Date", "Title", "Speakers", "Recording"],
        [
            "21/01/2025",
            "One; two, three",
            "Ann Bee (chair); Cy Dee",
            "https://example.org/a;b?c=1,2",
        ],
    ]
    result = read(written(rows, delimiter=delimiter, lineterminator=lineterminator))
    (conversation,) = result.conversations
    assert conversation.title == "One; two, three"
    assert [(p.name, p.role) for p in conversation.people] == [
        ("Ann Bee", Role.HOST),
        ("Cy Dee", Role.SPEAKER),
    ]
    assert conversation.resources[0].url == "https://example.org/a;b?c=1,2"


def test_quoted_cells_over_several_lines_keep_the_line_numbers() -> None:
    text = (
        "date,title,description\n"
        '2025-01-21,First,"One paragraph.\n\nAnother, with a comma."\n'
        '2025-02-18,"Second\ntitle",Short\n'
        "2025-03-18,Third,\n"
    )
    result = read(text)
    rows = {u.line: u for u in result.lines if u.use == Use.ROW}
    assert sorted(rows) == [2, 3, 4, 5, 6, 7]
    assert rows[2].conversation == rows[4].conversation == "conversations-for-kindness/2025-01"
    assert rows[5].conversation == rows[6].conversation == "conversations-for-kindness/2025-02"
    assert rows[7].conversation == "conversations-for-kindness/2025-03"
    january = result.archive.get("conversations-for-kindness/2025-01")
    assert january.summary == "One paragraph.\n\nAnother, with a comma."
    assert result.archive.get("conversations-for-kindness/2025-02").title == "Second title"
    accounted(result, text)
    bad = text + "2025-13-01,Fourth,\n"
    assert error(bad).startswith("row 5 (line 8), column 'date': '2025-13-01' is not a date")


# -- as Excel saves it ------------------------------------------------------


EXCEL = (
    "Date;Time;Title;People;Summary URL;Recording URL;Themes\r\n"
    '21/01/2025;19:30;Listening;"Dr Amira Example (speaker; consultant, Example Hospital)";'
    "https://example.org/n.pdf;;listening\r\n"
    '18/02/2025;;"Shifts; sleep";"Tom Reyes (speaker); Sam Sample (host)";;'
    'https://example.org/v?x=1&y=2;"sleep; rest"\r\n'
    ";;;;;;\r\n"
    "18.03.2025;;Café talk;Zoë Ñúñez;;;\r\n"
)


def test_an_excel_file_bom_semicolons_day_first_crlf_is_read() -> None:
    data = codecs.BOM_UTF8 + EXCEL.encode("utf-8")
    result = import_archive(data, schedule=THIRD_TUESDAY)
    assert result.source == "csv"
    assert [c.start.date() for c in result.conversations] == [
        dt.date(2025, 3, 18),
        dt.date(2025, 2, 18),
        dt.date(2025, 1, 21),
    ]
    march, february, _ = result.conversations
    assert march.title == "Café talk"
    assert march.people[0].name == "Zoë Ñúñez"
    assert february.title == "Shifts; sleep"
    assert [p.role for p in february.people] == [Role.SPEAKER, Role.HOST]
    assert february.themes == ("sleep", "rest")
    assert [u.line for u in result.lines if u.use == Use.IGNORED] == [4]
    accounted(result, EXCEL)


def test_excel_sep_line_and_a_title_row_above_the_header() -> None:
    text = "sep=;\r\nOur lunchtime talks\r\nDate;Title\r\n21/01/2025;One\r\n"
    result = read(text)
    assert result.series.name == "Our lunchtime talks"
    assert result.series.key == "our-lunchtime-talks"
    assert result.conversations[0].title == "One"
    assert {u.line: u.use for u in result.lines} == {
        1: Use.COLUMNS,
        2: Use.SERIES_NAME,
        3: Use.COLUMNS,
        4: Use.ROW,
    }
    assert read(text, series_name="Given").series.name == "Given"
    # Excel hides the sep= line: the title is row 1, the header row 2.
    assert error(text + "31/02/2025;Two\r\n").startswith("row 4 (line 5), column 'Date'")


def test_utf16_with_a_byte_order_mark_is_read_as_excel_unicode_text() -> None:
    tabs = written(list(csv.reader(io.StringIO(EXCEL, newline=""), delimiter=";")), delimiter="\t")
    data = codecs.BOM_UTF16_LE + tabs.encode("utf-16-le")
    result = import_archive(data, format="csv", schedule=THIRD_TUESDAY)
    assert len(result.conversations) == 3
    assert result.conversations[0].people[0].name == "Zoë Ñúñez"


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252"])
def test_latin1_bytes_are_refused_saying_how_to_save_them(encoding: str) -> None:
    data = EXCEL.encode(encoding)
    with pytest.raises(ArchiveFormatError, match="CSV UTF-8") as caught:
        decode_spreadsheet(data)
    assert str(caught.value).endswith(SAVE_AS_CSV_UTF8)
    assert "Excel: File > Save As > CSV UTF-8" in SAVE_AS_CSV_UTF8


@pytest.mark.parametrize(
    "wrong", ["Cafï¿½ talk", "CafÃ© talk", "Sam’s talk".encode().decode("cp1252")]
)
def test_text_decoded_in_the_wrong_encoding_is_refused(wrong: str) -> None:
    text = f"date,title\n2025-01-21,One\n2025-02-18,{wrong}\n".replace("ï¿½", "\ufffd")
    message = error(text)
    assert message.startswith("line 3: ")
    assert message.endswith(SAVE_AS_CSV_UTF8)


def test_decode_spreadsheet_reads_utf8_with_or_without_its_mark() -> None:
    assert decode_spreadsheet(codecs.BOM_UTF8 + b"date,title\n") == "date,title\n"
    assert decode_spreadsheet("date;titre é\n".encode()) == "date;titre é\n"


# -- dates and times --------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    ["2025-01-28", "2025/01/28", "28/01/2025", "28.01.2025", "28-01-2025", "28/1/25",
     "28 January 2025", "28 Jan 2025", "Tuesday 28 January 2025", "Tue, 28th Jan 2025",
     "28th of January 2025", "January 28, 2025", "Jan 28 2025", "28-Jan-2025",
     "28/01/2025 00:00", "2025-01-28 00:00:00", " 28 / 01 / 2025 "],
)  # fmt: skip
def test_date_forms(value: str) -> None:
    result = read(written([["date", "title"], [value, "x"]]), schedule=None)
    assert result.conversations[0].start.date() == dt.date(2025, 1, 28)


def test_a_date_with_a_time_gives_the_time() -> None:
    result = read("date,title\n28/01/2025 12:30,x\n", schedule=None)
    assert result.conversations[0].start == dt.datetime(2025, 1, 28, 12, 30, tzinfo=LONDON)


def test_numbers_are_day_first_and_a_warning_says_so_when_every_date_is_ambiguous() -> None:
    result = read("date,title\n07/01/2025,a\n04/02/2025,b\n", schedule=None)
    assert [c.start.date() for c in result.conversations] == [
        dt.date(2025, 2, 4),
        dt.date(2025, 1, 7),
    ]
    assert any("read day first" in w.message for w in result.warnings)
    clear = read("date,title\n07/01/2025,a\n18/02/2025,b\n")
    assert not any("day first" in w.message for w in clear.warnings)


def test_a_month_over_12_makes_the_whole_file_month_first() -> None:
    result = read("date,title\n01/21/2025,a\n02/04/2025,b\n")
    assert [c.start.date() for c in result.conversations] == [
        dt.date(2025, 2, 4),
        dt.date(2025, 1, 21),
    ]
    (note,) = [w for w in result.warnings if "month first" in w.message]
    assert note.line == 1
    assert "row 2" in note.message


def test_day_first_and_month_first_in_one_file_is_an_error_naming_both_rows() -> None:
    message = error("date,title\n21/01/2025,a\n02/18/2025,b\n")
    assert message == (
        "row 3, column 'date': '02/18/2025' is month first, but row 2 has '21/01/2025', day "
        "first: write every date one way, e.g. 2025-01-28"
    )


@pytest.mark.parametrize(
    "value",
    ["31/02/2025", "2025-13-01", "00/01/2025", "tomorrow", "28/01", "28 Janvier 2025",
     "28 January", "2025", "28/01/2025/1", "32.01.2025", "28 Ju 2025", "12345-01-01"],
)  # fmt: skip
def test_a_bad_date_names_the_row_and_the_column(value: str) -> None:
    text = written([["Title", "Meeting date"], ["ok", "21/01/2025"], ["x", value]])
    assert error(text) == (
        f"row 3, column 'Meeting date': {value!r} is not a date: write it as 28/01/2025 or "
        "2025-01-28"
    )


def test_a_year_out_of_range_and_an_empty_date() -> None:
    assert "the year is not between 2000 and 2199" in error("date,title\n28/01/1999,x\n")
    assert "the year is not between" in error("date,title\n28/01/2300,x\n")
    assert error("date,title\n,x\n") == (
        "row 2, column 'date': empty: every row needs the date of its conversation, e.g. "
        "28/01/2025 or 2025-01-28"
    )


@pytest.mark.parametrize(
    ("value", "start", "end"),
    [("12:30", (12, 30), None), ("12.30", (12, 30), None), ("12.30pm", (12, 30), None),
     ("6pm", (18, 0), None), ("6 p.m.", (18, 0), None), ("6.30 PM", (18, 30), None),
     ("12am", (0, 0), None), ("18h30", (18, 30), None), ("1830", (18, 30), None),
     ("18:30:00", (18, 30), None), ("noon", (12, 0), None), ("12:30-13:30", (12, 30), (13, 30)),
     ("6-7pm", (18, 0), (19, 0)), ("18:00 to 19:15", (18, 0), (19, 15)),
     ("11am – 12.30pm", (11, 0), (12, 30))],
)  # fmt: skip
def test_time_forms(value: str, start: tuple[int, int], end: tuple[int, int] | None) -> None:
    result = read(written([["date", "time", "title"], ["2025-01-21", value, "x"]]))
    conversation = result.conversations[0]
    assert conversation.start == dt.datetime(2025, 1, 21, *start, tzinfo=LONDON)
    if end is not None:
        assert conversation.end == dt.datetime(2025, 1, 21, *end, tzinfo=LONDON)


@pytest.mark.parametrize(
    "value", ["25:00", "12:75", "13pm", "soon", "8pm-7pm", "12:30-", "6 o'clock"]
)
def test_a_bad_time_names_the_row_and_the_column(value: str) -> None:
    text = written([["date", "Start time", "title"], ["2025-01-21", value, "x"]])
    assert error(text) == (
        f"row 2, column 'Start time': {value!r} is not a time: write it as 18:30 or 6.30pm "
        "(or a range, 18:30-19:30)"
    )


def test_a_time_the_clocks_skip_is_an_error_naming_the_row() -> None:
    every_sunday = Schedule(rule="FREQ=MONTHLY;BYDAY=-1SU", time=dt.time(10))
    message = error("date,time,title\n2025-03-30,01:30,x\n", schedule=every_sunday)
    assert message.startswith("row 2, column 'time': 2025-03-30 01:30 does not exist")


# -- the schedule -----------------------------------------------------------


def test_a_row_off_the_schedule_is_a_move() -> None:
    text = "date,time,title\n2025-01-21,,a\n2025-02-20,19:30,b\n2025-03-18,18:00,c\n"
    result = read(text)
    march, february, january = result.conversations
    assert january.previous_start is None
    assert february.start == dt.datetime(2025, 2, 20, 19, 30, tzinfo=LONDON)
    assert february.previous_start == dt.datetime(2025, 2, 18, 19, 30, tzinfo=LONDON)
    assert march.start == dt.datetime(2025, 3, 18, 18, 0, tzinfo=LONDON)
    assert march.previous_start == dt.datetime(2025, 3, 18, 19, 30, tzinfo=LONDON)
    assert result.series.schedule.moves == (
        Move(date=dt.date(2025, 2, 18), to=dt.datetime(2025, 2, 20, 19, 30)),
        Move(date=dt.date(2025, 3, 18), to=dt.datetime(2025, 3, 18, 18, 0)),
    )
    moved = [w for w in result.warnings if "recorded as moved" in w.message]
    assert [w.line for w in moved] == [3, 4]
    assert result.missing == ()


def test_without_a_schedule_the_rule_most_rows_fit_is_used() -> None:
    rows = [["date", "time", "title"]] + [
        [day, "12:30", f"t{day}"]
        for day in ("2024-09-24", "2024-10-29", "2024-12-31", "2025-01-28", "2025-02-25")
    ]
    result = read(written(rows), schedule=None)
    schedule = result.series.schedule
    assert schedule.rule == "FREQ=MONTHLY;BYDAY=-1TU"
    assert schedule.time == dt.time(12, 30)
    assert [o.start.date() for o in result.missing] == [dt.date(2024, 11, 26)]
    assert any("5 of 5 rows fit" in w.message for w in result.warnings)
    assert all(c.previous_start is None for c in result.conversations)


def test_without_a_schedule_and_no_rule_rows_are_dated_as_written() -> None:
    text = "date,title\n2025-01-02,a\n2025-02-13,b\n2025-03-25,c\n2025-04-30,d\n"
    result = read(text, schedule=None)
    assert [c.start.date().day for c in result.conversations] == [30, 25, 13, 2]
    assert all(c.previous_start is None for c in result.conversations)
    assert result.series.schedule.moves == ()
    assert any("follow no monthly rule" in w.message for w in result.warnings)


def test_status_follows_now() -> None:
    now = dt.datetime(2025, 2, 1, tzinfo=dt.UTC)
    result = read("date,title\n2025-01-21,a\n2025-02-18,b\n", now=now)
    assert [c.status for c in result.conversations] == [Status.SCHEDULED, Status.HELD]


def test_two_rows_in_one_month_are_an_error_naming_both() -> None:
    text = "date,title\n2025-01-21,a\n2025-02-18,b\n28/01/2025,c\n"
    assert error(text) == (
        "row 2 and row 4 are both in January 2025 (column 'date'): the archive keeps one "
        "conversation a month: merge the rows or correct a date"
    )


# -- people -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "people"),
    [
        ("Amira Example", [("Amira Example", None, "speaker", None, None)]),
        ("Dr Amira Example (host)", [("Amira Example", "Dr", "host", None, None)]),
        ("Amira Example (Chair)", [("Amira Example", None, "host", None, None)]),
        ("Amira Example (panellists)", [("Amira Example", None, "speaker", None, None)]),
        ("A Bee (co-speaker); C Dee (facilitator); E Eff (organiser)",
         [("A Bee", None, "co-speaker", None, None), ("C Dee", None, "facilitator", None, None),
          ("E Eff", None, "coordinator", None, None)]),
        ("Prof. Ola Nn (speaker; professor of nursing, University of Example, Leeds)",
         [("Ola Nn", "Prof", "speaker", "professor of nursing", "University of Example, Leeds")]),
        ("Ola Nn (guest; nurse; Example Trust)",
         [("Ola Nn", None, "speaker", "nurse", "Example Trust")]),
        ("Ola Nn (moderator, nurse, Example Trust)",
         [("Ola Nn", None, "host", "nurse", "Example Trust")]),
        ("Ola Nn (nurse, St Example's (Leeds))",
         [("Ola Nn", None, "speaker", "nurse", "St Example's (Leeds)")]),
        ("Ola Nn (retired midwife)", [("Ola Nn", None, "speaker", "retired midwife", None)]),
        ("Ann Bee, Cy Dee and Ed Eff",
         [("Ann Bee", None, "speaker", None, None), ("Cy Dee", None, "speaker", None, None),
          ("Ed Eff", None, "speaker", None, None)]),
        ("Ann Bee\nCy Dee (host)",
         [("Ann Bee", None, "speaker", None, None), ("Cy Dee", None, "host", None, None)]),
        ("  Ann   Bee ;; ", [("Ann Bee", None, "speaker", None, None)]),
    ],
)  # fmt: skip
def test_people_cell_forms(cell: str, people: list[tuple[str, ...]]) -> None:
    result = read(written([["date", "people"], ["2025-01-21", cell]]))
    got = [
        (p.name, p.honorific, p.role.value, p.job_title, p.organisation)
        for p in result.conversations[0].people
    ]
    assert got == people


def test_people_columns_give_their_role_and_a_cell_role_wins() -> None:
    rows = [
        ["date", "Speakers", "Hosted by", "Facilitators"],
        ["2025-01-21", "Ann Bee; Cy Dee (co-speaker)", "Ed Eff", "Fi Gee; Ann Bee"],
    ]
    result = read(written(rows))
    people = result.conversations[0].people
    assert [(p.name, p.role) for p in people] == [
        ("Ann Bee", Role.SPEAKER),
        ("Cy Dee", Role.CO_SPEAKER),
        ("Ed Eff", Role.HOST),
        ("Fi Gee", Role.FACILITATOR),
    ]
    assert any("'Ann Bee' is named twice" in w.message for w in result.warnings)


@pytest.mark.parametrize(
    ("cell", "problem"),
    [
        ("Ann Bee (speaker", "the parentheses in 'Ann Bee (speaker' do not match"),
        ("Ann Bee) (host", "the parentheses in 'Ann Bee) (host' do not match"),
        ("Ann Bee (host) nurse", "'Ann Bee (host) nurse' has text after its parentheses"),
        ("Ann Bee, Cy Dee (hosts)", "'Ann Bee, Cy Dee (hosts)' names more than one person"),
        ("(speaker)", "'(speaker)' is not a name"),
        ("1234 (host)", "'1234 (host)' is not a name"),
        ("ann@example.org", "'ann@example.org' is not a name"),
    ],
)
def test_a_bad_people_cell_names_the_row_and_the_column(cell: str, problem: str) -> None:
    text = written([["date", "title", "Panel"], ["2025-01-21", "x", cell]])
    message = error(text)
    assert message.startswith(f"row 2, column 'Panel': {problem}")


# -- web addresses, themes, description --------------------------------------


def test_resource_cells() -> None:
    rows = [["date", "notes", "video", "slides", "podcast", "recording_url"],
            ["2025-01-21", "https://example.org/a.pdf", "n/a", "TBC",
             "https://example.org/e1.mp3 https://example.org/e1.ogg", "-"]]  # fmt: skip
    conversation = read(written(rows)).conversations[0]
    assert [(r.kind, r.url) for r in conversation.resources] == [
        (ResourceKind.SUMMARY, "https://example.org/a.pdf"),
        (ResourceKind.SLIDES, None),
        (ResourceKind.AUDIO, "https://example.org/e1.mp3"),
        (ResourceKind.AUDIO, "https://example.org/e1.ogg"),
    ]


@pytest.mark.parametrize(
    "value",
    ["www.example.org/a.pdf", "javascript:alert(1)", "ftp://example.org/a", "see the website",
     "https://exa mple.org", "https://example.org/<x>"],
)  # fmt: skip
def test_a_bad_address_names_the_row_and_the_column(value: str) -> None:
    text = written([["date", "Slides URL"], ["2025-01-21", "https://example.org/s.pdf"],
                    ["2025-02-18", value]])  # fmt: skip
    message = error(text)
    assert message.startswith("row 3, column 'Slides URL': ")
    assert "is not a web address: write the full address, starting with https://" in message


def test_a_notes_column_of_text_is_the_description() -> None:
    rows = [["date", "Notes", "description"], ["2025-01-21", "We talked.", "About kindness."]]
    conversation = read(written(rows)).conversations[0]
    assert conversation.resources == ()
    assert conversation.summary == "We talked.\n\nAbout kindness."


def test_themes_separated_by_semicolons_or_commas_without_repeats() -> None:
    rows = [["date", "themes", "tags"], ["2025-01-21", "Dignity; listening ;dignity", "a, b"]]
    conversation = read(written(rows)).conversations[0]
    assert conversation.themes == ("Dignity", "listening", "a, b")
    rows = [["date", "themes"], ["2025-01-21", "care, rest"]]
    assert read(written(rows)).conversations[0].themes == ("care", "rest")


def test_an_excel_error_value_is_refused() -> None:
    message = error("date,title,recording\n2025-01-21,x,#REF!\n")
    assert message.startswith("row 2, column 'recording': '#REF!' is an Excel error")


# -- columns, rows and accounting -------------------------------------------


def test_unknown_columns_are_named_and_empty_trailing_columns_ignored() -> None:
    text = "Date,Title,Venue,Attendance,,\n2025-01-21,x,Room 1,12,,\n2025-02-18,y,,,,\n"
    result = read(text)
    (warning,) = [w for w in result.warnings if "columns not read" in w.message]
    assert warning.line == 1
    assert warning.message.startswith("columns not read: 'Venue', 'Attendance'; ")
    accounted(result, text)


def test_a_nameless_column_with_data_and_cells_beyond_the_header_are_named() -> None:
    text = "date,title,\n2025-01-21,x,kept?,extra\n"
    result = read(text)
    messages = [w.message for w in result.warnings]
    assert any("column 3 (no name)" in m for m in messages)
    assert "row 2: 1 cell(s) beyond the header's columns: 'extra'" in messages


def test_header_problems() -> None:
    assert "no header row" in error("title,people\nx,Ann Bee\n")
    assert "no header row" in error("just some text\n")
    assert error("date,title\n") == (
        "the spreadsheet has a header (line 1) but no rows: add one row per conversation under it"
    )
    assert error("date,title,day\n2025-01-21,x,\n") == (
        "line 1: the header has two date columns (column 1 'date' and column 3 'day'): keep one"
    )


@pytest.mark.parametrize(
    ("text", "where", "problem"),
    [('date,title\n2025-01-21,"open\n2025-02-18,x\n', "row 2", "is never closed"),
     ('date,title\n2025-01-21,x\n2025-02-18,"a"b\n', "row 3", "text follows a closing quote")],
)  # fmt: skip
def test_a_quote_error_names_the_row(text: str, where: str, problem: str) -> None:
    message = error(text)
    assert message.startswith(f"{where}: the CSV cannot be read (")
    assert f"{problem}): write a cell that holds the separator" in message


def test_rows_with_only_a_date_are_kept_with_a_warning_and_empty_rows_skipped() -> None:
    text = "\n\ndate,title\n,\n2025-01-21,\n\n , \n2025-02-18,x\n"
    result = read(text)
    assert len(result.conversations) == 2
    assert any(w.line == 5 and "only a date" in w.message for w in result.warnings)
    accounted(result, text)


def test_aliases_apply_and_importing_twice_gives_equal_results() -> None:
    text = "date,people\n2025-01-21,Gabby Example\n2025-02-18,Gabrielle Example\n"
    first, second = read(text), read(text)
    assert first == second
    assert [d.alias for d in first.duplicates] == [{"Gabby Example": "Gabrielle Example"}]
    merged = import_archive(text, format="csv", aliases={"Gabby Example": "Gabrielle Example"})
    assert {c.people[0].name for c in merged.conversations} == {"Gabrielle Example"}


# -- the template and format detection --------------------------------------


def test_the_template_round_trips() -> None:
    text = template_text()
    rows = list(csv.reader(io.StringIO(text)))
    assert tuple(rows[0]) == COLUMNS
    assert len(rows) == 2
    for cell in rows[1]:
        for word in cell.split():
            if "://" in word:
                assert word.startswith("https://example.org/")
    result = import_archive(text)
    assert result.source == "csv"
    (conversation,) = result.conversations
    assert conversation.title == "Listening across generations (an invented example)"
    assert [p.role for p in conversation.people] == [Role.SPEAKER, Role.HOST]
    assert [r.kind for r in conversation.resources] == [
        ResourceKind.SUMMARY,
        ResourceKind.RECORDING,
        ResourceKind.SLIDES,
        ResourceKind.AUDIO,
    ]
    assert conversation.resources[-1].pending
    assert conversation.themes == ("listening", "older people")
    assert "\n\n" in conversation.summary
    accounted(result, text)


@pytest.mark.parametrize(
    "text",
    [template_text(), EXCEL, "\ufeff" + EXCEL, "sep=;\nDate;Topic\n",
     "Our talks\nDate,Topic,Speakers\n", "Day\tSession\tHosts\n"],
)  # fmt: skip
def test_spreadsheets_are_recognised(text: str) -> None:
    assert looks_like_spreadsheet(text)


def test_detect_format_sends_excel_files_here() -> None:
    assert detect_format("\ufeff" + EXCEL) == "csv"
    assert detect_format(template_text()) == "csv"


@pytest.mark.parametrize(
    "text",
    ["January 2025 – Title\nDate: 21 January; title: x\n", "Date, time and title\n",
     "date\n2025-01-21\n", "When: Tuesdays, title: tbc\n"],
)  # fmt: skip
def test_page_text_is_not_a_spreadsheet(text: str) -> None:
    assert not looks_like_spreadsheet(text)


# -- cells written in words (shared with tables on a page) -------------------


def test_a_spreadsheet_reads_resource_words_date_notes_no_meeting_rows_and_labels() -> None:
    rows = [
        ["Date", "Topic", "Speakers", "Materials"],
        ["Tue 18 March 2025", "Burnout", "Chair: Ana Lima; Tom Reyes (paramedic, North Ambulance)",
         "Minutes; Video"],
        ["Wed 19 February 2025 (moved from Tue 18 Feb: strike)", "Rotas", "Lee Noh", "Podcast"],
        ["Tue 21 January 2025", "No meeting – snow", "", ""],
        ["Tue 17 December 2024", "Stories", "Kim Oh", "Recording available on request"],
    ]  # fmt: skip
    text = written(rows)
    result = read(text)
    march, february, december = result.conversations
    assert [(p.name, p.role) for p in march.people] == [
        ("Ana Lima", Role.HOST),
        ("Tom Reyes", Role.SPEAKER),
    ]
    assert [(r.kind, r.url) for r in march.resources] == [
        (ResourceKind.SUMMARY, None),
        (ResourceKind.RECORDING, None),
    ]
    assert february.start.date() == dt.date(2025, 2, 19)
    assert february.previous_start is not None
    assert february.previous_start.date() == dt.date(2025, 2, 18)
    assert [r.kind for r in february.resources] == [ResourceKind.AUDIO]
    assert december.resources == ()
    assert [(s.date, s.reason) for s in result.series.schedule.skips] == [
        (dt.date(2025, 1, 21), "snow")
    ]
    assert [m.date for m in result.series.schedule.moves] == [dt.date(2025, 2, 18)]
    assert not any(m.scheduled_date == dt.date(2025, 1, 21) for m in result.missing)
    uses = {u.line: u.use for u in result.lines}
    assert uses[4] == Use.CHANGE
    accounted(result, text)


def test_a_word_in_an_address_column_saying_there_is_none_is_nothing() -> None:
    text = written([["date", "title", "recording_url"], ["2025-01-21", "x", "On request"],
                    ["2025-02-18", "y", "not recorded"]])  # fmt: skip
    result = read(text)
    assert all(c.resources == () for c in result.conversations)
