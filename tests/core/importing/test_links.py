"""Links classified into resources: each kind from many address shapes, and what is not one."""

from __future__ import annotations

import pytest

from kindness_core.importing.links import (
    classify_link,
    is_link_line,
    link_resources,
    link_verdicts,
)
from kindness_core.importing.page import Link, Paragraph
from kindness_core.series import ResourceKind

K = ResourceKind


def kind_of(url: str, text: str = "", element: str = "a", context: str = "") -> K | None:
    return classify_link(Link(url=url, text=text, element=element), context).kind


RECORDINGS = [
    "https://www.youtube.com/watch?v=pQ7rT2xKd9w",
    "https://youtube.com/watch?v=pQ7rT2xKd9w&t=42s#comments",
    "https://m.youtube.com/watch?feature=share&v=pQ7rT2xKd9w",
    "https://youtu.be/c3RwN5hYb1A?si=abc",
    "https://www.youtube.com/embed/Lm4vX8cQe2s?feature=oembed",
    "https://www.youtube-nocookie.com/embed/Lm4vX8cQe2s",
    "https://www.youtube.com/live/Lm4vX8cQe2s",
    "https://www.youtube.com/shorts/Lm4vX8cQe2s",
    "https://vimeo.com/1052318847",
    "https://vimeo.com/1052318847/a1b2c3d4e5",
    "https://vimeo.com/channels/staffpicks/123456",
    "https://vimeo.com/showcase/987/video/123456",
    "https://player.vimeo.com/video/1009876543?h=7c2e9a1b4d",
    "https://www.dailymotion.com/video/x8abcd",
    "https://www.loom.com/share/0123456789abcdef",
    "https://us02web.zoom.us/rec/share/AbC-dEf",
    "https://fb.watch/abcDEF/",
    "https://www.facebook.com/hollybank/videos/1234567890/",
    "https://media.example.org/cafes/Jan%202025%20Recording.MP4",
    "https://example.org/video.webm?download=1",
]


@pytest.mark.parametrize("url", RECORDINGS)
def test_video_addresses_are_recordings(url: str) -> None:
    assert kind_of(url, "Video") is K.RECORDING
    assert kind_of(url, "") is K.RECORDING  # the address alone says it


AUDIO = [
    "https://soundcloud.com/uptown-chc/ep-9-doulas-and-dignity",
    "https://soundcloud.com/uptown-chc/sets/season-two",
    "https://w.soundcloud.com/player/?url=https%3A//api.soundcloud.com/tracks/123",
    "https://open.spotify.com/episode/4kQ7wXz2LmN8pR3sT1vB6c?si=x",
    "https://open.spotify.com/show/5abcDEF123",
    "https://open.spotify.com/embed/episode/4kQ7wXz2LmN8pR3sT1vB6c",
    "https://podcasts.apple.com/gb/podcast/evening-circles/id1234567890?i=1000654321",
    "https://anchor.fm/kindness/episodes/Ep-3-e1abc",
    "https://www.buzzsprout.com/123456/7890123",
    "https://opendoorminds.podbean.com/e/men-sheds-and-talking-sideways/",
    "https://example.org/uploads/odm-2025-03.mp3",
    "https://example.org/uploads/Session%20Audio.M4A",
    "https://example.org/a.ogg?x=1#t=10",
    "https://example.org/a.wav",
    "https://example.org/a.aac",
]


@pytest.mark.parametrize("url", AUDIO)
def test_audio_addresses_are_audio(url: str) -> None:
    assert kind_of(url, "Listen") is K.AUDIO
    assert kind_of(url, "") is K.AUDIO


SLIDES = [
    "https://example.org/uploads/Talking-to-your-GP.pptx",
    "https://example.org/uploads/deck.PPT",
    "https://example.org/uploads/deck.odp?dl=1",
    "https://example.org/uploads/keynote%20talk.key",
    "https://www.slideshare.net/slideshow/money-worries/276514022",
    "https://www.slideshare.net/joannepike/money-worries",
    "https://speakerdeck.com/uptownchc/heat-and-housing-in-upper-manhattan",
    "https://docs.google.com/presentation/d/1AbC/edit#slide=id.p",
    "https://prezi.com/p/abc123/kindness/",
    "https://www.dropbox.com/s/9fj2k4l7m1n3b5v/caregivers-june-2025-slides.pptx?dl=0",
]


@pytest.mark.parametrize("url", SLIDES)
def test_slide_addresses_are_slides(url: str) -> None:
    assert kind_of(url, "Download") is K.SLIDES


@pytest.mark.parametrize(
    ("url", "text", "context", "kind"),
    [
        # the link's words decide a document
        ("https://e.org/f/June-2025.pdf", "Read the notes (PDF, 312KB)", "", K.SUMMARY),
        ("https://e.org/f/x.docx", "Download the summary (Word document)", "", K.SUMMARY),
        ("https://e.org/f/x.pdf", "Meeting report (PDF)", "", K.SUMMARY),
        ("https://e.org/f/x.pdf", "Key insights", "", K.SUMMARY),
        ("https://e.org/f/x.odt", "Write-up", "", K.SUMMARY),
        ("https://e.org/f/x.rtf", "Minutes", "", K.SUMMARY),
        ("https://e.org/f/x.doc", "Outcomes of the session", "", K.SUMMARY),
        ("https://e.org/f/x.pdf", "Presentation (PDF)", "", K.SLIDES),
        ("https://e.org/f/x.pdf", "Amira's slides", "", K.SLIDES),
        ("https://e.org/f/x.pdf", "Slide deck", "", K.SLIDES),
        ("https://e.org/f/x.pdf", "Event flyer", "", K.LINK),
        ("https://e.org/f/x.pdf", "Transcript", "", K.LINK),
        # else the file name, with its case, hyphens and encoded spaces
        ("https://e.org/f/Cafe-March-2025-NOTES.PDF", "Download", "", K.SUMMARY),
        ("https://e.org/f/March%202025%20slides.pdf", "PDF", "", K.SLIDES),
        ("https://e.org/f/march_2025_write-up.pdf?ver=2#page=1", "here", "", K.SUMMARY),
        # else the words next to it; else a document is the summary
        ("https://drive.google.com/file/d/1Hx8/view?usp=sharing", "Download",
         "(oct-2025-heat-housing-notes.pdf)", K.SUMMARY),
        ("https://www.dropbox.com/s/k3x9/2025-11-food-as-medicine-notes.pdf?dl=0", "Read",
         "", K.SUMMARY),
        ("https://drive.google.com/file/d/1Hx8/view", "Watch the recording", "", K.RECORDING),
        ("https://drive.google.com/file/d/1Hx8/view", "Panel slides", "", K.SLIDES),
        ("https://1drv.ms/b/s!AbC", "Our notes", "", K.SUMMARY),
        ("https://docs.google.com/document/d/1AbC/edit", "here", "The write-up is", K.SUMMARY),
        ("https://e.org/f/session.pdf", "Download (PDF)", "", K.SUMMARY),
        # a web page is a resource only by its words; the earliest decides
        ("https://blog.e.org/2025/01/cafe", "Read the write-up", "", K.SUMMARY),
        ("https://e.org/talks/amira", "Watch the presentation", "", K.RECORDING),
        ("https://e.org/talks/amira", "Presentation slides", "", K.SLIDES),
        ("https://e.org/radio/ep3", "Listen again", "", K.AUDIO),
        # players
        ("https://e.org/player/7", "", "", None),
    ],
)  # fmt: skip
def test_documents_and_pages_by_their_words(
    url: str, text: str, context: str, kind: K | None
) -> None:
    if url == "https://e.org/player/7":
        assert kind_of(url, text, element="iframe") is K.RECORDING
        assert kind_of(url, text, element="video") is K.RECORDING
        assert kind_of(url, text, element="audio") is K.AUDIO
        return
    assert kind_of(url, text, context=context) is kind


NOT_RESOURCES = [
    ("https://www.youtube.com/@opendoorminds", "YouTube"),
    ("https://www.youtube.com/channel/UC123", "Our channel"),
    ("https://www.youtube.com/c/OpenDoorMinds", "Watch our videos"),
    ("https://www.youtube.com/playlist?list=PL123", "All the recordings"),
    ("https://vimeo.com/uptownchc", "Vimeo"),
    ("https://vimeo.com/user12345", "Watch on Vimeo"),
    ("https://soundcloud.com/uptown-chc", "Our podcast on SoundCloud"),
    ("https://speakerdeck.com/lenavogel", "Lena's slides"),
    ("https://www.slideshare.net/joannepike", "Slides by Joanne"),
    ("https://twitter.com/hollybank", "Follow us"),
    ("https://x.com/uptownchc", "X"),
    ("https://www.facebook.com/uptownchc", "Facebook"),
    ("https://www.instagram.com/opendoorminds", "Instagram"),
    ("https://www.linkedin.com/company/uptown", "LinkedIn"),
    ("https://www.harlemseniorsmove.org", "Harlem Seniors Move"),
    ("https://www.opendoorminds.org.uk/get-help/", "Get help now"),
    ("https://us02web.zoom.us/j/8123456789", "Join on Zoom"),
    ("https://www.google.com/maps/place/Centre", "Map"),
    ("https://forms.gle/abc", "Feedback form"),
    ("https://www.eventbrite.co.uk/e/123", "Book your place"),
    ("https://e.org/photos/group.JPG", "Group photo"),
    # a web page that is not a summary, recording, slides or audio: part of the text
    ("https://www.e.org.uk/families/support-leaflet", "read it on the hospice website"),
    ("https://e.org/about/our-programme", "our programme page"),
    ("https://e.org/news/2025/award", "the award"),
]


@pytest.mark.parametrize(("url", "text"), NOT_RESOURCES)
def test_profiles_channels_and_websites_are_not_resources(url: str, text: str) -> None:
    verdict = classify_link(Link(url=url, text=text))
    assert verdict.kind is None
    assert verdict.reason  # why, for the import's report


def test_a_picture_is_never_a_resource() -> None:
    verdict = classify_link(Link(url="https://e.org/amira.jpg", text="Dr Amira", element="img"))
    assert verdict.kind is None
    assert "picture" in verdict.reason


def test_link_resources_keeps_order_urls_and_tidy_titles() -> None:
    paragraph = Paragraph(
        line=3,
        text="Listen on SoundCloud | Notes (PDF) | Follow us",
        links=(
            Link(url="https://soundcloud.com/u/ep-9", text="Listen on SoundCloud"),
            Link(url="https://www.dropbox.com/s/a7b/aug-notes.pdf?dl=0", text="Notes (PDF)"),
            Link(url="https://twitter.com/u", text="Follow us"),
            Link(url="https://soundcloud.com/u/ep-9", text="again"),
        ),
    )
    resources = link_resources(paragraph)
    assert [(r.kind, r.url) for r in resources] == [
        (K.AUDIO, "https://soundcloud.com/u/ep-9"),
        (K.SUMMARY, "https://www.dropbox.com/s/a7b/aug-notes.pdf?dl=0"),
    ]
    assert [r.title for r in resources] == ["Audio", "Notes"]
    assert [v.kind for v in link_verdicts(paragraph)] == [K.AUDIO, K.SUMMARY, None, K.AUDIO]


@pytest.mark.parametrize(
    ("words", "title"),
    [
        ("Read the notes (PDF, 312KB)", "Notes"),
        ("Download the summary (Word document)", "Summary"),
        ("View Joanne’s slides on SlideShare", "Joanne’s slides"),
        ("Dr Hale’s presentation (PowerPoint)", "Dr Hale’s presentation"),
        ("Watch on YouTube", "Recording"),
        ("here", "Insights and summary"),
    ],
)
def test_resource_titles_from_link_words(words: str, title: str) -> None:
    url = {"Summary": "https://e.org/s.docx", "Joanne’s slides": "https://e.org/d.pptx",
           "Dr Hale’s presentation": "https://e.org/d.pptx",
           "Recording": "https://youtu.be/abc"}.get(title, "https://e.org/notes.pdf")  # fmt: skip
    paragraph = Paragraph(line=1, text=words, links=(Link(url=url, text=words),))
    assert [r.title for r in link_resources(paragraph)] == [title]


def test_a_relative_link_gives_a_pending_resource_of_its_kind() -> None:
    paragraph = Paragraph(line=1, text="Summary", links=(Link(url="files/s.pdf", text="Summary"),))
    (resource,) = link_resources(paragraph)
    assert resource.kind is K.SUMMARY
    assert resource.pending


@pytest.mark.parametrize(
    ("text", "links"),
    [
        ("Notes (PDF) · Video", ["Notes (PDF)", "Video"]),
        ("Read the notes", ["Read the notes"]),
        ("Watch on YouTube", ["Watch on YouTube"]),
        (
            "→ Listen to the podcast episode on Spotify",
            ["Listen to the podcast episode on Spotify"],
        ),
        ("Download the notes (PDF, 2 MB)", ["notes"]),
        ("Conversation notes (oct-2025-heat-housing-notes.pdf)", ["Conversation notes"]),
        ("Slides | Recording | Summary", ["Slides", "Recording", "Summary"]),
        ("The write-up is here.", ["here"]),
        ("What we heard (notes, PDF) · Video", ["What we heard (notes, PDF)", "Video"]),
    ],
)
def test_link_lines(text: str, links: list[str]) -> None:
    paragraph = Paragraph(
        line=1, text=text, links=tuple(Link(url="https://e.org/x.pdf", text=w) for w in links)
    )
    assert is_link_line(paragraph)


@pytest.mark.parametrize(
    ("text", "links"),
    [
        ("With Gloria Mitchell, founder of Harlem Seniors Move.", ["Harlem Seniors Move"]),
        ("Amira explored kindness; read the notes.", ["read the notes"]),
        ("Slides by Dr Amira Haddad", ["Slides"]),
        ("Recording available on request", []),
        ("Watch the conversation", []),
    ],
)
def test_not_link_lines(text: str, links: list[str]) -> None:
    paragraph = Paragraph(
        line=1, text=text, links=tuple(Link(url="https://e.org/x.pdf", text=w) for w in links)
    )
    assert not is_link_line(paragraph)


def test_a_picture_alone_does_not_make_a_link_line() -> None:
    paragraph = Paragraph(
        line=1, text="Amira", links=(Link(url="https://e.org/a.jpg", text="Amira", element="img"),)
    )
    assert not is_link_line(paragraph)
