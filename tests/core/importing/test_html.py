"""A saved HTML page read into paragraphs, links and resources (fixtures in html/)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kindness_core.errors import ArchiveFormatError
from kindness_core.importing.html import read_html
from kindness_core.importing.importer import detect_format, import_archive
from kindness_core.importing.links import link_verdicts
from kindness_core.importing.result import Use
from kindness_core.series import ResourceKind

HERE = Path(__file__).parent / "html"
K = ResourceKind
FIXTURES = sorted(p.name for p in HERE.glob("*.html"))

# What each page gives: month -> [(kind, url)], and words that must never be read.
EXPECTED = {
    "wordpress.html": {
        "2025-03": [
            (K.SUMMARY, "https://www.hollybank.example/wp-content/uploads/2025/03/"
                        "Cafe-March-2025-Notes.PDF"),
            (K.RECORDING, "https://www.youtube-nocookie.com/embed/aB3dE5fG7hI?rel=0"),
        ],
        "2025-02": [
            (K.RECORDING, "https://player.vimeo.com/video/987654321?dnt=1"),
            (K.AUDIO, "https://www.hollybank.example/wp-content/uploads/2025/02/"
                      "grief-and-the-rota.m4a"),
            (K.SLIDES, "https://www.hollybank.example/wp-content/uploads/2025/02/"
                       "Grief%20and%20the%20rota%20slides.pptx"),
        ],
        "2025-01": [
            (K.RECORDING, "https://media.hollybank.example/cafes/jan-2025.mp4"),
            (K.SUMMARY, "https://docs.google.com/document/d/1AbCdEf/edit?usp=sharing"),
        ],
    },
    "squarespace.html": {
        "2025-05": [
            (K.SUMMARY, "https://www.dropbox.com/scl/fi/x1y2z3/may-2025-circle-minutes.pdf"
                        "?rlkey=abc&dl=0"),
            (K.AUDIO, "https://open.spotify.com/show/5abcDEF123"),
            (K.RECORDING, "https://www.youtube.com/embed/Zx9Yw8Vu7Ts"),
        ],
        "2025-04": [
            (K.SLIDES, "https://www.northgatenurses.example/s/Night-shifts-slides-April-2025.pdf"),
        ],
    },
    "wix.html": {
        "2025-06": [
            (K.SUMMARY, "https://www.harbourside-carers.example/_files/ugd/"
                        "3f2a1b_9c8d7e6f5a4b3c2d1e0f.pdf"),
            (K.RECORDING, "https://www.youtube.com/embed/Qw3Er5Ty7Ui"),
        ],
        "2025-05": [(K.AUDIO, "https://soundcloud.com/harbourside-carers/may-2025-paperwork")],
    },
    "bare.html": {"2025-03": [(K.SUMMARY, None)], "2025-02": [(K.AUDIO, None)]},
    "broken.html": {
        "2024-10": [
            (K.SUMMARY, "https://meadowfield.example/circles/notes/oct-2024-notes.pdf"),
            (K.RECORDING, "https://youtu.be/Kp0Lm9Nb8Vc"),
        ],
        "2024-09": [
            (K.SUMMARY, "https://meadowfield.example/archive/sept-2024%20write-up.docx"),
            (K.AUDIO, "https://podcasts.apple.com/gb/podcast/evening-circles/id1234567890"
                      "?i=1000654321"),
        ],
    },
}  # fmt: skip
NAMES = {
    "wordpress.html": "Kindness Cafés",
    "squarespace.html": "Circles Archive",
    "wix.html": "Carers' Coffee Mornings",
    "bare.html": "Green Room Talks",
    "broken.html": "Evening Circles",
}
# Words placed in navigation, footers, banners, scripts, comments and sidebars.
NEVER_READ = ("NAV", "FOOTERTEXT", "COOKIE", "SHAREFB", "COMMENTER", "SIDEBAR", "wpData",
              "SQUARESPACE_CONTEXT", "bogus", "Skip to content", "top of page")  # fmt: skip


def read(name: str) -> str:
    return (HERE / name).read_text(encoding="utf-8")


def test_every_fixture_is_checked() -> None:
    assert set(FIXTURES) == set(EXPECTED) == set(NAMES)


@pytest.mark.parametrize("name", FIXTURES)
def test_import_gives_the_links_real_urls(name: str) -> None:
    data = (HERE / name).read_bytes()
    assert detect_format(data.decode()) == "html"
    result = import_archive(data)  # the format is found, not given
    assert result.source == "html"
    assert result.series.name == NAMES[name]
    got = {
        c.key.rsplit("/", 1)[1]: [(r.kind, r.url) for r in c.resources]
        for c in result.conversations
    }
    assert got == EXPECTED[name]


@pytest.mark.parametrize("name", FIXTURES)
def test_nothing_from_navigation_footers_banners_or_scripts(name: str) -> None:
    page = read_html(read(name))
    text = "\n".join(p.text for p in page.paragraphs)
    for words in NEVER_READ:
        assert words not in text, words
    assert all(use.use is Use.IGNORED for use in page.ignored)


@pytest.mark.parametrize("name", FIXTURES)
def test_every_link_is_a_resource_or_recorded_as_not_one(name: str) -> None:
    text = read(name)
    page = read_html(text)
    result = import_archive(text)
    urls = {r.url for c in result.conversations for r in c.resources}
    first_heading = min(use.line for use in result.lines if use.use is Use.HEADING)
    recorded = " ".join(use.detail for use in page.ignored)
    warned = " ".join(w.message for w in page.warnings)
    for paragraph in page.paragraphs:
        for verdict in link_verdicts(paragraph):
            url = verdict.link.url
            if verdict.kind is None:
                assert url in recorded, url
            elif paragraph.line > first_heading:
                assert url in urls or url in warned, url


@pytest.mark.parametrize("name", FIXTURES)
def test_paragraph_lines_are_the_pages_own_lines(name: str) -> None:
    text = read(name)
    lines = text.splitlines()
    page = read_html(text)
    for paragraph in page.paragraphs:
        if paragraph.links and paragraph.text in {link.text or link.url for link in
                                                  paragraph.links}:  # fmt: skip
            continue  # a player: its line is the element's
        first_word = paragraph.text.split()[0].strip("→•·|").replace("&", "")
        source = lines[paragraph.line - 1]
        assert first_word[:4] in source.replace("&amp;", "&").replace("&ndash;", "–"), (
            paragraph.line,
            paragraph.text,
        )


@pytest.mark.parametrize("name", FIXTURES)
def test_every_conversation_line_is_accounted_for(name: str) -> None:
    result = import_archive(read(name))
    used = {use.line for use in result.lines} | {w.line for w in result.warnings}
    page = read_html(read(name))
    assert {p.line for p in page.paragraphs} <= used


def test_a_br_splits_labelled_lines_each_with_its_line() -> None:
    page = read_html(
        "<main><h2>May 2025 – T</h2>\n<p><strong>Speakers:</strong> Ann Lee (nurse)<br>\n"
        "<strong>Host:</strong> Bo Chan</p></main>"
    )
    assert [(p.line, p.text) for p in page.paragraphs] == [
        (1, "May 2025 – T"),
        (2, "Speakers: Ann Lee (nurse)"),
        (3, "Host: Bo Chan"),
    ]
    assert page.paragraphs[0].level == 2


def test_entities_and_white_space() -> None:
    page = read_html(
        "<div><p>Tea&nbsp;&amp;\n   talk &#8211; &ldquo;kind&rdquo;&#8203;</p>"
        "<p><strong>January 2025 &#8211; Title</strong></p></div>"
    )
    assert [p.text for p in page.paragraphs] == ["Tea & talk – “kind”", "January 2025 – Title"]
    assert page.paragraphs[1].level is None  # a bold paragraph is a paragraph like any other


@pytest.mark.parametrize(
    ("head", "title"),
    [
        ("<title>Past talks | Riverside Trust</title>", "Past talks"),
        ("<title>Past talks – Riverside Trust</title>", "Past talks"),
        ("<title>Past talks — Riverside Trust</title>", "Past talks"),
        ("<title>Past talks - Riverside Trust</title>", "Past talks"),
        ("<title>Riverside Trust | Past talks</title><meta property='og:site_name' "
         "content='Riverside Trust'>", "Past talks"),
        ("<title>Past talks</title>", "Past talks"),
    ],
)  # fmt: skip
def test_the_title_without_an_h1(head: str, title: str) -> None:
    page = read_html(f"<html><head>{head}</head><body><p>May 2025 – T</p></body></html>")
    assert page.title is not None
    assert (page.title.text, page.title.level) == (title, 1)


def test_the_h1_wins_unless_it_is_a_conversation_heading() -> None:
    page = read_html("<title>X | Y</title><h1>Kind Talks</h1><h1>May 2025 – T</h1>")
    assert page.title is not None
    assert page.title.text == "Kind Talks"
    assert [p.text for p in page.paragraphs] == ["May 2025 – T"]
    page = read_html("<title>Talks | Y</title><h1>May 2025 – T</h1>")
    assert page.title is not None
    assert page.title.text == "Talks"


@pytest.mark.parametrize(
    ("head", "href", "url"),
    [
        ('<base href="https://a.example/x/">', "n.pdf", "https://a.example/x/n.pdf"),
        ("<!-- saved from url=(0027)https://b.example/p/page -->", "n.pdf",
         "https://b.example/p/n.pdf"),
        ('<link rel="canonical" href="https://c.example/p/">', "/f/n.pdf", "https://c.example/f/n.pdf"),
        ('<meta property="og:url" content="https://d.example/p">', "../n.pdf", "https://d.example/n.pdf"),
        ('<link rel="canonical" href="https://c.example/p/">', "//cdn.example/n.pdf",
         "https://cdn.example/n.pdf"),
        ("", "//cdn.example/n.pdf", "https://cdn.example/n.pdf"),
        ('<base href="">', "https://e.example/n.pdf", "https://e.example/n.pdf"),
    ],
)  # fmt: skip
def test_relative_links_resolved_against_the_pages_address(head: str, href: str, url: str) -> None:
    page = read_html(f"<html><head>{head}</head><body><p><a href='{href}'>Notes</a></p></body>")
    assert [link.url for link in page.paragraphs[0].links] == [url]
    assert page.warnings == ()


def test_a_relative_link_without_the_pages_address_is_kept_and_warned() -> None:
    text = "<h2>May 2025 – T</h2>\n<p><a href='files/n.pdf'>Notes</a></p>"
    page = read_html(text)
    assert page.paragraphs[1].links[0].url == "files/n.pdf"
    (warning,) = page.warnings
    assert warning.line == 2
    assert "files/n.pdf" in warning.message
    (conversation,) = import_archive(text).conversations
    assert [(r.kind, r.url) for r in conversation.resources] == [(K.SUMMARY, None)]


@pytest.mark.parametrize(
    "href", ["mailto:a@b.example", "tel:+44123", "javascript:void(0)", "#top", "", "  "]
)
def test_links_to_nothing_are_not_links(href: str) -> None:
    page = read_html(f"<p>Write to <a href='{href}'>us</a></p>")
    assert page.paragraphs[0].text == "Write to us"
    assert page.paragraphs[0].links == ()


def test_only_the_main_content_is_read_when_there_is_one() -> None:
    text = ("<div><p>Outside words</p></div><main><p>Inside words</p></main>"
            "<div class='promo'><p>After words</p></div>")  # fmt: skip
    page = read_html(text)
    assert [p.text for p in page.paragraphs] == ["Inside words"]
    assert {use.detail.split(" (")[0] for use in page.ignored} == {"outside the main content"}
    articles = read_html("<p>x</p><article><p>One</p></article><article><p>Two</p></article>")
    assert [p.text for p in articles.paragraphs] == ["One", "Two"]


@pytest.mark.parametrize(
    ("element", "reason"),
    [
        ("<nav><p>x words</p></nav>", "navigation"),
        ("<footer><p>x words</p></footer>", "footer"),
        ("<aside><p>x words</p></aside>", "sidebar"),
        ("<script>x words</script>", "script"),
        ("<div role='navigation'><p>x words</p></div>", "navigation"),
        ("<div role='contentinfo'><p>x words</p></div>", "footer"),
        ("<div id='cookieConsent'><p>x words</p></div>", "cookie banner"),
        ("<div class='gdpr-notice'><p>x words</p></div>", "cookie banner"),
        ("<div class='social-links'><p>x words</p></div>", "sharing links"),
        ("<ol class='breadcrumb'><li>x words</li></ol>", "breadcrumbs"),
        ("<div class='site-footer'><p>x words</p></div>", "footer"),
        ("<div hidden><p>x words</p></div>", "hidden"),
        ("<div style='display: none'><p>x words</p></div>", "hidden"),
        ("<form><input><p>x words</p></form>", "form"),
        ("<header><p>x words</p></header>", "page header"),
    ],
)
def test_parts_that_are_not_the_archive_are_recorded(element: str, reason: str) -> None:
    page = read_html(f"<body>\n<p>kept</p>\n{element}\n</body>")
    assert [p.text for p in page.paragraphs] == ["kept"]
    (use,) = page.ignored
    assert (use.line, use.use) == (3, Use.IGNORED)
    assert use.detail.startswith(reason)


def test_a_class_that_says_what_an_element_has_is_not_what_it_is() -> None:
    page = read_html("<div class='has-sidebar no-menu'><p>kept</p></div>")
    assert [p.text for p in page.paragraphs] == ["kept"]


def test_players_and_pictures() -> None:
    text = (
        "<h2>May 2025 – T</h2>\n"
        "<figure><iframe src='https://www.youtube.com/embed/abc' title='The talk'></iframe>"
        "</figure>\n"
        "<figure><audio controls><source src='https://e.example/a.mp3'></audio>"
        "<figcaption>Listen to the episode</figcaption></figure>\n"
        "<img src='https://e.example/amira.jpg' alt='Amira Haddad'>\n"
        "<iframe src='https://www.google.com/maps/embed?x' title='Map'></iframe>\n"
    )
    page = read_html(text)
    assert [(p.line, p.text, [link.element for link in p.links]) for p in page.paragraphs] == [
        (1, "May 2025 – T", []),
        (2, "The talk", ["iframe"]),
        (3, "Listen to the episode", ["audio"]),
    ]
    details = [use.detail for use in page.ignored]
    assert details[0].startswith("a picture") and "Amira Haddad" in details[0]  # noqa: PT018
    assert details[1].startswith("a map")
    (conversation,) = import_archive(text, format="html").conversations
    assert [r.kind for r in conversation.resources] == [K.RECORDING, K.AUDIO]


def test_a_table_archive() -> None:
    page = read_html(read("bare.html"))
    texts = [p.text for p in page.paragraphs]
    assert "March 2025 – Gardens that heal" in texts
    assert "Date" not in " ".join(texts)
    assert page.ignored[0].detail.startswith("a table's header row")


def test_deeply_nested_broken_html_is_read() -> None:
    text = "<div>" * 20_000 + "<p>May 2025 – Deep</p>" + "<span>" * 5_000 + "words"
    page = read_html(text)
    assert [p.text for p in page.paragraphs] == ["May 2025 – Deep", "words"]


def test_without_beautifulsoup_the_message_says_how_to_install_it() -> None:
    script = (
        "import sys; sys.modules['bs4'] = None\n"
        "from kindness_core.importing.html import read_html\n"
        "from kindness_core.errors import ArchiveFormatError\n"
        "try:\n    read_html('<p>x</p>')\nexcept ArchiveFormatError as exc:\n    print(exc)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert "pip install 'wagtail-kindness[html]'" in done.stdout
    assert issubclass(ArchiveFormatError, ValueError)
