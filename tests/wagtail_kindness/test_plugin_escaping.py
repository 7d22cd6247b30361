"""Text that looks like markup or protocol is inert in every output.

Names, titles, job titles, summaries, theme names and resource labels carry
``<script>``, ``</script>``, quotes, ``&amp;`` and CRLF line injections; each
output is parsed with a real parser and the values must come back as typed,
with no element, property or header added.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET

import feedparser
import icalendar
import pytest
from kindness_factories import add_conversation, third_thursday
from wagtail.models import Site

from wagtail_kindness.models import Speaker

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
BREAKOUT = "</script><script>alert(2)</script>"
QUOTES = "\"quotes'"
AMP = "&amp;"
HEADER = "\r\nX-Injected: 1"
ATTENDEE = "\r\nATTENDEE:mailto:x@example.org"

TITLE = f"Kindness {SCRIPT} {QUOTES} {AMP}"
NAME = f"Ann {BREAKOUT} {QUOTES}"
JOB = f"Nurse {SCRIPT}{ATTENDEE}"
ORGANISATION = f"Ward {AMP}{HEADER}"
BIO = f"Bio {SCRIPT} {BREAKOUT}"
STANDFIRST = f"We talked {SCRIPT} {AMP}{ATTENDEE}{HEADER}"
THEME = f"care {QUOTES} <b>bold</b>"
LABEL = f"Notes {BREAKOUT}{HEADER}"
LINK = "https://example.org/notes?a=1&b=2"
COMING = TITLE + ATTENDEE  # a title with a line break, as code (not the admin) may save


def _lf(text: str) -> str:
    return text.replace("\r\n", "\n")


INJECTED_PROPERTIES = ("ATTENDEE", "X-INJECTED")


@pytest.fixture
def hostile(series):
    speaker = Speaker.objects.create(
        name=NAME, job_title=JOB, organisation=ORGANISATION, bio=BIO, slug="ann"
    )
    page = add_conversation(
        series,
        third_thursday(2023, 5),
        title=TITLE,
        standfirst=STANDFIRST,
        people=[(speaker, "speaker")],
        themes=[THEME],
        resources=[("link", {"title": LABEL, "url": LINK, "pending": False})],
    )
    coming = add_conversation(
        series,
        dt.date.today().replace(day=1) + dt.timedelta(days=400),
        title=COMING,
        status="scheduled",
        standfirst=STANDFIRST,
        people=[(speaker, "speaker")],
    )
    return {"page": page, "coming": coming, "speaker": speaker}


def _no_injected_headers(response) -> None:
    for name, value in response.items():
        assert "\r" not in value, (name, value)
        assert "\n" not in value, (name, value)
        assert name.lower() != "x-injected"


def _assert_html_inert(html: str) -> None:
    assert "<script>alert" not in html
    assert "</script><script>" not in html
    assert "<b>bold</b>" not in html


def _strings(data) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [s for value in data.values() for s in _strings(value)]
    if isinstance(data, list):
        return [s for value in data for s in _strings(value)]
    return []


# -- HTML -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "where",
    ["archive", "year", "speaker", "theme", "conversation", "coming"],
)
def test_html_pages_escape_everything(client, series, hostile, where):
    theme = hostile["page"].themes.get()
    url = {
        "archive": series.url,
        "year": series.url + "2023/",
        "speaker": series.url + "speakers/ann/",
        "theme": series.url + f"themes/{theme.slug}/",
        "conversation": hostile["page"].url,
        "coming": hostile["coming"].url,
    }[where]
    response = client.get(url)
    assert response.status_code == 200
    _no_injected_headers(response)
    html = response.content.decode()
    _assert_html_inert(html)
    assert "Kindness &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&amp;amp;" in html  # the literal text "&amp;", shown as typed
    assert "&lt;/script&gt;&lt;script&gt;alert(2)" in html  # the speaker's name
    if where == "speaker":
        assert "Bio &lt;script&gt;alert(1)&lt;/script&gt;" in html  # the public bio


@pytest.mark.parametrize("where", ["archive", "conversation", "coming"])
def test_json_ld_round_trips_and_cannot_close_its_script(client, series, hostile, where):
    page = {"archive": series, "conversation": hostile["page"], "coming": hostile["coming"]}
    html = client.get(page[where].url).content.decode()
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    assert blocks
    for raw in blocks:
        assert "</script" not in raw.lower()
        assert "<" not in raw  # written as \u003c
        json.loads(raw)
    values = [s for raw in blocks for s in _strings(json.loads(raw))]
    if where == "archive":
        assert "Conversations for Kindness" in values
        return
    assert any(TITLE in value for value in values), values
    assert NAME in values
    assert any(_lf(STANDFIRST) in _lf(v) for v in values)


# -- iCalendar --------------------------------------------------------------------


def _events(content: bytes) -> list:
    calendar = icalendar.Calendar.from_ical(content)
    return list(calendar.walk("VEVENT"))


def _assert_ics_inert(content: bytes) -> None:
    lines = content.decode().split("\r\n")
    for line in lines:
        name = re.split(r"[;:]", line, maxsplit=1)[0].upper()
        assert name not in INJECTED_PROPERTIES, line
    for component in icalendar.Calendar.from_ical(content).walk():
        for prop in INJECTED_PROPERTIES:
            assert prop not in component, component.name


@pytest.mark.parametrize("which", ["series", "page", "coming"])
def test_calendar_values_round_trip_with_no_injected_property(client, series, hostile, which):
    url = {
        "series": series.url + "calendar.ics",
        "page": hostile["page"].url + "calendar.ics",
        "coming": hostile["coming"].url + "calendar.ics",
    }[which]
    response = client.get(url)
    assert response.status_code == 200
    _no_injected_headers(response)
    _assert_ics_inert(response.content)
    events = [e for e in _events(response.content) if TITLE in str(e.get("SUMMARY", ""))]
    assert events, [str(e.get("SUMMARY")) for e in _events(response.content)]
    summaries = [_lf(str(e["SUMMARY"])) for e in events]
    if which != "page":
        assert any(s.endswith(_lf(COMING)) for s in summaries), summaries
    if which != "coming":
        assert any(s.endswith(TITLE) for s in summaries), summaries
    for event in events:
        description = _lf(str(event["DESCRIPTION"]))
        assert _lf(STANDFIRST) in description
        assert NAME in description
        assert _lf(JOB) in description


# -- feeds --------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["feed/", "feed/atom/"])
def test_feeds_round_trip_with_no_injected_element(client, series, hostile, url):
    response = client.get(series.url + url)
    assert response.status_code == 200
    _no_injected_headers(response)
    root = ET.fromstring(response.content)  # well-formed: nothing broke out
    tags = {element.tag.rsplit("}", 1)[-1].lower() for element in root.iter()}
    assert not tags & {"script", "b", "x-injected"}
    parsed = feedparser.parse(response.content)
    assert parsed.bozo == 0
    entries = [e for e in parsed.entries if e.title.startswith(TITLE)]
    assert sorted(_lf(e.title) for e in entries) == sorted([TITLE, _lf(COMING)])
    for entry in entries:
        assert NAME in entry.author
        summary = entry.summary
        assert "<script" not in summary.lower()  # escaped text, not markup
    past = next(e for e in entries if e.link.endswith(hostile["page"].url))
    assert [tag.term for tag in past.tags] == [THEME]
    raw = response.content.decode()
    assert "&lt;script&gt;alert(1)" in raw or "&amp;lt;script&amp;gt;alert(1)" in raw


def test_feed_description_keeps_the_text_as_typed(client, series, hostile):
    parsed = feedparser.parse(client.get(series.url + "feed/").content)
    past = next(e for e in parsed.entries if e.link.endswith(hostile["page"].url))
    # The description is HTML of escaped text: its text is the typed text.
    text = re.sub(r"<[^>]+>", "", past.description)
    unescaped = text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
    unescaped = unescaped.replace("&#x27;", "'").replace("&#39;", "'").replace("&amp;", "&")
    assert "We talked <script>alert(1)</script> &amp;" in unescaped
    assert LABEL.split("\r\n")[0] in unescaped


# -- the API ------------------------------------------------------------------------


def test_api_values_round_trip(client, hostile):
    response = client.get(
        "/api/v2/pages/",
        {"type": "wagtail_kindness.ConversationPage", "fields": "*", "order": "date"},
    )
    assert response.status_code == 200
    _no_injected_headers(response)
    assert response["Content-Type"] == "application/json"
    past = response.json()["items"][0]
    assert past["conversation_title"] == TITLE
    assert past["display_title"] == TITLE
    assert past["title"] == TITLE
    assert past["standfirst"] == STANDFIRST
    assert past["themes"] == [THEME]
    [person] = past["people"]
    assert (person["name"], person["job_title"], person["organisation"]) == (
        NAME,
        JOB,
        ORGANISATION,
    )
    [resource] = past["resources"]
    assert (resource["title"], resource["url"]) == (LABEL, LINK)
    detail = client.get(f"/api/v2/pages/{hostile['page'].pk}/").json()
    assert detail["conversation_title"] == TITLE


def test_head_tags_and_titles_are_escaped(client, hostile):
    html = client.get(hostile["page"].url).content.decode()
    head = html.split("</head>", 1)[0]
    _assert_html_inert(head)
    for match in re.findall(r'<meta (?:property|name)="[^"]+" content="([^"]*)">', head):
        assert '"' not in match
        assert "<" not in match


def test_site_name_with_markup_is_escaped(client, hostile):
    Site.objects.filter(is_default_site=True).update(site_name=f"Site {SCRIPT}")
    for url in (hostile["page"].url, "/conversations/"):
        html = client.get(url).content.decode()
        _assert_html_inert(html)
    parsed = feedparser.parse(client.get("/conversations/feed/atom/").content)
    assert parsed.bozo == 0
    assert parsed.feed.author == f"Site {SCRIPT}"


# -- control characters: XML 1.0 cannot hold them ------------------------------------

BELL = "Bell\x07 tab\x0b esc\x1b end"


@pytest.mark.parametrize("field", ["title", "standfirst", "speaker", "theme", "label"])
def test_control_characters_are_dropped_from_the_feeds_not_a_500(client, series, field):
    """A pasted control character used to make both feeds a 500 (Django's XML writer)."""
    speaker = Speaker.objects.create(name=BELL if field == "speaker" else "Ann Control")
    page = add_conversation(
        series,
        third_thursday(2023, 6),
        title=BELL if field == "title" else "Control",
        standfirst=BELL if field == "standfirst" else "",
        people=[(speaker, "speaker")],
        themes=[BELL if field == "theme" else "plain"],
        resources=[
            (
                "link",
                {"title": BELL if field == "label" else "Notes", "url": LINK, "pending": False},
            )
        ],
    )
    for url in ("feed/", "feed/atom/"):
        response = client.get(series.url + url)
        assert response.status_code == 200
        ET.fromstring(response.content)
        parsed = feedparser.parse(response.content)
        assert parsed.bozo == 0
        [entry] = parsed.entries
        text = {
            "title": entry.title,
            "standfirst": entry.description,
            "speaker": entry.author,
            "theme": " ".join(tag.term for tag in entry.tags),
            "label": entry.description,
        }[field]
        assert "Bell tab esc end" in text
    api = client.get(f"/api/v2/pages/{page.pk}/").json()
    value = {
        "title": api["conversation_title"],
        "standfirst": api["standfirst"],
        "speaker": api["people"][0]["name"],
        "theme": api["themes"][0],
        "label": api["resources"][0]["title"],
    }[field]
    assert value == BELL  # the API (JSON) keeps the text as stored


def test_control_characters_are_dropped_from_the_calendars(client, series):
    """RFC 5545 allows no control character but TAB in a TEXT value."""
    speaker = Speaker.objects.create(name=BELL)
    page = add_conversation(
        series,
        third_thursday(2023, 6),
        title=BELL,
        standfirst=BELL,
        people=[(speaker, "speaker")],
        themes=[BELL],
    )
    for url in (series.url + "calendar.ics", page.url + "calendar.ics"):
        response = client.get(url)
        assert response.status_code == 200
        assert not re.search(rb"[\x00-\x08\x0a-\x1f\x7f]", response.content.replace(b"\r\n", b""))
        [event] = [
            e
            for e in icalendar.Calendar.from_ical(response.content).walk("VEVENT")
            if "Bell" in str(e["SUMMARY"])
        ]
        assert str(event["SUMMARY"]).endswith("Bell tab esc end")
        description = str(event["DESCRIPTION"])
        assert description.startswith("Bell tab esc end\n")  # the standfirst
        assert "speaker: Bell tab esc end" in description
        assert [str(c) for c in event["CATEGORIES"].cats] == ["Bell tab esc end"]
