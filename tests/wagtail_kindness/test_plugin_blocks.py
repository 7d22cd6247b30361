"""Every StreamField block renders, validates and maps to the core."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from kindness_core import ResourceKind
from wagtail_kindness import blocks
from wagtail_kindness.embeds import player_for

VIDEO_HOSTS = ("youtube.com", "youtube-nocookie.com", "youtu.be", "vimeo.com", "ytimg.com")


def render(block, raw, **context):
    value = block.to_python(raw)
    return block.render(value, context=context), value


def test_every_block_names_an_overridable_template():
    for cls in (
        blocks.LinkBlock,
        blocks.QuoteBlock,
        blocks.DiscussionQuestionsBlock,
        blocks.SummaryDocumentBlock,
        blocks.RecordingBlock,
        blocks.PresentationBlock,
        blocks.ResourceLinkBlock,
    ):
        assert cls().meta.template.startswith("wagtail_kindness/blocks/")


@pytest.mark.django_db
def test_summary_document_shows_file_type_and_size(document):
    html, value = render(blocks.SummaryDocumentBlock(), {"document": document.pk})
    assert f'href="{document.url}"' in html
    assert "Download the Insights and summary" in html
    assert "(PDF, 1.1\xa0KB)" in html
    assert value.to_core("https://kindness.example").kind is ResourceKind.SUMMARY


@pytest.mark.django_db
def test_pending_summary_says_coming_soon_and_only_editors_see_the_note():
    html, value = render(blocks.SummaryDocumentBlock(), {"title": "", "document": None})
    assert "Insights and summary: coming soon" in html
    assert "<a " not in html
    assert "Still to be added" not in html
    request = RequestFactory().get("/")
    request.is_preview = True
    html, _ = render(blocks.SummaryDocumentBlock(), {"document": None}, request=request)
    assert "Still to be added: choose the document" in html
    assert value.is_pending
    assert value.to_core().pending


# -- pending: "announced, nothing yet", with no checkbox (issue 15) ----------------------


@pytest.mark.parametrize(
    "cls", [blocks.SummaryDocumentBlock, blocks.RecordingBlock, blocks.PresentationBlock,
            blocks.ResourceLinkBlock],
)  # fmt: skip
def test_there_is_no_pending_checkbox_and_an_empty_resource_is_pending(cls):
    block = cls()
    assert "pending" not in block.child_blocks
    value = block.clean(block.to_python({"title": ""}))  # nothing yet: allowed
    assert value.is_pending
    assert value.to_core().url is None
    assert "coming soon" in block.render(value)


@pytest.mark.django_db
@pytest.mark.parametrize("flag", [True, False])
def test_a_stored_pending_flag_is_ignored(document, flag):
    # Values stored when there was a checkbox: a file or address makes them available.
    recording = blocks.RecordingBlock()
    url = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    value = recording.to_python({"title": "", "url": url, "pending": flag})
    assert not value.is_pending
    assert value.player is not None
    assert value.to_core().url == url
    html = recording.render(value)
    assert "coming soon" not in html
    assert "data-kindness-player" in html
    summary = blocks.SummaryDocumentBlock()
    value = summary.to_python({"title": "", "document": document.pk, "pending": flag})
    assert not value.is_pending
    assert f'href="{document.url}"' in summary.render(value)
    empty = summary.to_python({"title": "", "document": None, "pending": flag})
    assert empty.is_pending  # an empty one stays pending, whatever the flag said
    # A Python value written for the checkbox (code, fixtures) is still accepted.
    normal = recording.normalize({"title": "", "url": url, "pending": True})
    assert not normal.is_pending
    assert "pending" not in recording.get_prep_value(normal)


def test_resource_help_says_how_to_announce_one():
    for cls in (blocks.SummaryDocumentBlock, blocks.RecordingBlock, blocks.ResourceLinkBlock):
        assert "coming soon" in str(cls().meta.help_text)
    assert "coming soon" in str(
        blocks.SummaryDocumentBlock().child_blocks["document"].field.help_text
    )


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "data:text/html,hi", "ftp://example.org/x", "http://"]
)
def test_only_web_addresses_are_accepted(url):
    block = blocks.ResourceLinkBlock()
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"title": "x", "url": url, "pending": False}))
    with pytest.raises(ValidationError):
        blocks.LinkBlock().clean(blocks.LinkBlock().to_python({"title": "x", "url": url}))


@pytest.mark.parametrize(
    ("url", "embed"),
    [
        (
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1",
        ),
        (
            "https://youtu.be/dQw4w9WgXcQ?t=3",
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1",
        ),
        (
            "https://vimeo.com/123456789",
            "https://player.vimeo.com/video/123456789?dnt=1&autoplay=1",
        ),
    ],
)
def test_recording_is_a_click_to_load_facade(url, embed):
    html, value = render(blocks.RecordingBlock(), {"url": url})
    assert "<iframe" not in html
    assert "<img" not in html
    assert "<script" not in html
    assert not any(f'src="{host}' in html or f'src="https://{host}' in html for host in VIDEO_HOSTS)
    assert f'data-kindness-player="{embed.replace("&", "&amp;")}"' in html
    assert f'<a href="{url}">' in html
    assert "hidden" in html  # the play button appears only once recording.js runs
    assert value.to_core().kind is ResourceKind.RECORDING


def test_address_without_scheme_becomes_https():
    block = blocks.ResourceLinkBlock()
    value = block.clean(block.to_python({"title": "x", "url": "example.org", "pending": False}))
    assert value["url"] == "https://example.org"


def test_recording_elsewhere_is_a_plain_link():
    html, _ = render(blocks.RecordingBlock(), {"url": "https://example.org/video.mp4"})
    assert "data-kindness-player" not in html
    assert '<a href="https://example.org/video.mp4">' in html
    assert player_for("https://www.youtube.com/watch?v=<script>") is None


def test_pending_recording_has_no_link():
    html, _ = render(blocks.RecordingBlock(), {"url": ""})
    assert "Recording: coming soon" in html
    assert "href" not in html


@pytest.mark.django_db
def test_presentation_document_or_link(document):
    html, value = render(blocks.PresentationBlock(), {"url": "https://example.org/slides"})
    assert '<a href="https://example.org/slides">Presentation</a>' in html
    assert value.to_core().kind is ResourceKind.SLIDES
    html, _ = render(blocks.PresentationBlock(), {"document": document.pk, "title": "Slides"})
    assert f'<a href="{document.url}">Slides</a>' in html
    assert "(PDF" in html


def test_link_quote_and_discussion_questions():
    html, value = render(
        blocks.ResourceLinkBlock(),
        {"title": "Clean Language", "url": "https://cleanlanguage.example"},
    )
    assert '<a href="https://cleanlanguage.example">Clean Language</a>' in html
    assert value.to_core().kind is ResourceKind.LINK
    html, _ = render(blocks.LinkBlock(), {"title": "Site", "url": "https://example.org"})
    assert '<a class="kindness-link" href="https://example.org">Site</a>' in html
    html, _ = render(blocks.QuoteBlock(), {"quote": "Be kind.", "attribution": "A member"})
    assert "<blockquote><p>Be kind.</p></blockquote>" in html
    assert "<figcaption>A member</figcaption>" in html
    html, _ = render(
        blocks.DiscussionQuestionsBlock(),
        {
            "heading": "",
            "questions": ["How could we prepare students?", "How do we encourage kindness?"],
        },
    )
    assert "<h2>Key questions</h2>" in html
    assert html.count("<li>") == 2
