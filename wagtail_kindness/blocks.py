"""StreamField blocks for conversation pages.

Every block names its template in ``Meta.template`` (a path under
``templates/wagtail_kindness/blocks/`` that a site can override), and blocks
with logic use a ``StructValue`` subclass.  Resource blocks map to
:class:`kindness_core.ResourceKind`; one with no file and no address yet is
*pending*: announced, shown as "coming soon".  There is no checkbox for it: a
resource is available as soon as it has its file or address (a stored value
from before still carries a ``pending`` flag: it is ignored).
"""

from __future__ import annotations

import logging
import re
from urllib.parse import urljoin, urlsplit

from django import forms
from django.urls import NoReverseMatch, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock

from kindness_core.series import Resource, ResourceKind

from .embeds import not_a_video, player_for
from .validators import WebURLField, web_url
from .widgets import VideoURLInput

logger = logging.getLogger(__name__)

#: Translatable names of the core's resource kinds.
RESOURCE_LABELS = {
    ResourceKind.SUMMARY: _("Insights and summary"),
    ResourceKind.RECORDING: _("Recording"),
    ResourceKind.SLIDES: _("Presentation"),
    ResourceKind.AUDIO: pgettext_lazy("resource block", "Audio"),
    ResourceKind.LINK: pgettext_lazy("resource block", "Link"),
}


class WebURLBlock(blocks.FieldBlock):
    """A URL block that accepts only http:// and https:// addresses.

    Its form field (:class:`~wagtail_kindness.validators.WebURLField`) assumes
    https:// when the scheme is left out, on every supported Django version,
    and says what is wrong with an address once.
    """

    #: The input's widget class (``None``: Django's ``URLInput``).
    widget_class: type[forms.Widget] | None = None

    def __init__(self, required=True, help_text=None, max_length=None, **kwargs):
        self.field = WebURLField(
            required=required,
            help_text=help_text,
            max_length=max_length,
            widget=self.widget_class() if self.widget_class else None,
        )
        super().__init__(**kwargs)

    class Meta:
        icon = "link"


class VideoURLBlock(WebURLBlock):
    """A recording's address: the admin says as it is typed when the page will link
    to it instead of playing it (a channel, a playlist: :func:`video_warning`)."""

    widget_class = VideoURLInput


class LinkValue(blocks.StructValue):
    @property
    def href(self) -> str | None:
        """The address, or ``None`` if a stored one is not a usable web address."""
        return web_url(self.get("url"), what=f"link {self.get('title')!s}")


class LinkBlock(blocks.StructBlock):
    """A titled web link (shown as its title alone if its stored address is unusable)."""

    title = blocks.CharBlock(label=pgettext_lazy("resource block", "Title"), max_length=255)
    url = WebURLBlock(label=pgettext_lazy("resource block", "URL"))

    class Meta:
        icon = "link"
        label = pgettext_lazy("resource block", "Link")
        template = "wagtail_kindness/blocks/link.html"
        value_class = LinkValue


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(label=_("Attribution"), required=False, max_length=255)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "wagtail_kindness/blocks/quote.html"


class DiscussionQuestionsBlock(blocks.StructBlock):
    """The questions put to the break-out groups ("two key questions")."""

    heading = blocks.CharBlock(
        label=_("Heading"), required=False, max_length=255, default=_("Key questions")
    )
    questions = blocks.ListBlock(blocks.CharBlock(label=_("Question")), label=_("Questions"))

    class Meta:
        icon = "help"
        label = _("Discussion questions")
        template = "wagtail_kindness/blocks/discussion_questions.html"


class BodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"),
        features=["h2", "h3", "bold", "italic", "link", "ol", "ul"],
        template="wagtail_kindness/blocks/paragraph.html",
    )
    quote = QuoteBlock()
    questions = DiscussionQuestionsBlock()

    class Meta:
        label = _("Body")


# -- resources -------------------------------------------------------------

#: A document file name that ``reverse`` leaves as it is (no character quoted).
_PLAIN_FILE_NAME = re.compile(r"[A-Za-z0-9._-]+")


class ResourceConversion:
    """What converting many resources in one language works out only once.

    For one call (e.g. a whole series' archive, in one language): the
    translated names of the kinds, the documents' address (the serve view
    reversed once, checked against the first document's own ``url``), and
    their media types by file extension.  The results are the same as
    without it, value by value.
    """

    def __init__(self) -> None:
        self._labels: dict[ResourceKind, str] = {}
        self._media_types: dict[tuple[type, str], str | None] = {}
        self._serve_prefix: dict[type, str | None] = {}

    def label(self, kind: ResourceKind) -> str:
        if kind not in self._labels:
            self._labels[kind] = str(RESOURCE_LABELS[kind])
        return self._labels[kind]

    def document_url(self, document) -> str:
        """``document.url``, by formatting once the serve view is known to give it."""
        name = document.filename
        model = type(document)
        if model not in self._serve_prefix:
            url = document.url
            if not _PLAIN_FILE_NAME.fullmatch(name):
                return url  # the next one, maybe
            prefix = None
            tail = f"{document.pk}/{name}"
            if url.endswith(tail):
                try:
                    served = reverse("wagtaildocs_serve", args=[document.pk, name])
                except NoReverseMatch:
                    served = None
                if served == url:
                    prefix = url[: -len(tail)]
            self._serve_prefix[model] = prefix
            return url
        prefix = self._serve_prefix[model]
        if prefix is None or not _PLAIN_FILE_NAME.fullmatch(name):
            return document.url
        return f"{prefix}{document.pk}/{name}"

    def media_type(self, document) -> str | None:
        """``document.content_type`` (it depends on the file name's extensions only)."""
        name = document.filename
        dot = name.find(".")
        if dot <= 0 or ":" in name:
            return getattr(document, "content_type", None)
        key = (type(document), name[dot:])
        if key not in self._media_types:
            self._media_types[key] = getattr(document, "content_type", None)
        return self._media_types[key]


class ResourceValue(blocks.StructValue):
    """A resource as the templates and the core see it."""

    @property
    def kind(self) -> ResourceKind:
        return self.block.meta.resource_kind

    @property
    def kind_label(self) -> str:
        return RESOURCE_LABELS[self.kind]

    @property
    def display_title(self) -> str:
        return self.get("title") or str(self.kind_label)

    @property
    def is_pending(self) -> bool:
        """Announced, nothing yet: no document and no usable address."""
        return not self.href

    @property
    def href(self) -> str | None:
        """Where the resource is: the document's URL or the address given.

        (Named ``href`` because templates look up ``value.url`` as the dict key.)
        """
        document = self.get("document")
        if document is not None:
            return document.url
        return web_url(self.get("url"), what=f"link of the resource {self.display_title!s}")

    @cached_property
    def is_unavailable(self) -> bool:
        """The chosen document's file is missing from storage (shown as unavailable).

        Checked on storages with local files (``FileSystemStorage``): one
        ``exists`` per value.  A remote storage is not asked (that would be a
        request per document per page) and, like a storage that fails to
        answer, counts as available, so a link is never hidden by mistake.
        """
        document = self.get("document")
        if document is None:
            return False
        name = document.file.name
        storage = document.file.storage
        try:
            storage.path(name or "x")
            missing = not name or not storage.exists(name)
        except NotImplementedError:  # a remote storage
            return False
        except Exception:  # the storage itself failed: keep the link
            logger.warning("wagtail_kindness: cannot check document file %r", name, exc_info=True)
            return False
        if missing:
            logger.warning(
                "wagtail_kindness: the file %r of document %s is missing from storage",
                name,
                document.pk,
            )
        return missing

    @cached_property
    def file_type(self) -> str:
        document = self.get("document")
        return document.file_extension.upper() if document is not None else ""

    @cached_property
    def file_size(self) -> int | None:
        document = self.get("document")
        if document is None:
            return None
        try:
            return document.get_file_size()
        except OSError:  # the file is missing from storage
            return None

    def to_core(
        self, base_url: str | None = None, *, conversion: ResourceConversion | None = None
    ) -> Resource:
        """The :class:`kindness_core.Resource` (a pending one, with nothing yet, has no URL).

        ``conversion``: shared by the resources of many pages (the same result, faster).
        """
        kind = self.kind
        label = conversion.label(kind) if conversion is not None else RESOURCE_LABELS[kind]
        title = self.get("title") or str(label)
        document = self.get("document")
        if document is not None:
            url = conversion.document_url(document) if conversion is not None else document.url
        else:
            url = web_url(self.get("url"), what=f"link of the resource {title!s}")
        if url and base_url:
            joined = urljoin(base_url, url)
            # A link checked above and left as it was needs no second check.
            checked = document is None and joined == url
            url = url if checked else web_url(joined, what=f"link of {title!s}")
        media_type = None
        if url and document is not None:
            media_type = (
                conversion.media_type(document)
                if conversion is not None
                else getattr(document, "content_type", None)
            )
        return Resource(
            kind=kind,
            title=str(title),
            url=url,
            media_type=media_type,
            size=self.file_size if url else None,
        )


class RecordingValue(ResourceValue):
    @cached_property
    def player(self):
        """Click-to-load player (YouTube via youtube-nocookie, Vimeo), or ``None``."""
        return player_for(self.href) if self.href else None


#: What the recording block says of a YouTube or Vimeo address that is not one
#: video (:func:`wagtail_kindness.embeds.not_a_video`): linked, not refused.
NOT_A_VIDEO = {
    "channel": _(
        "This address is a channel, not a video: the page will link to it instead of playing it."
    ),
    "playlist": _(
        "This address is a playlist or showcase, not a video: the page will link to "
        "it instead of playing it."
    ),
    "page": _(
        "This address is a page of the video site, not a video: the page will link "
        "to it instead of playing it."
    ),
}


def video_warning(url: str | None):
    """The sentence of :data:`NOT_A_VIDEO` for ``url``, or ``None`` (a video, or another site)."""
    kind = not_a_video(url)
    return NOT_A_VIDEO[kind] if kind else None


def _title_block(help_text) -> blocks.CharBlock:
    """A resource's title; ``help_text`` gives its kind's usual name and an example."""
    return blocks.CharBlock(
        label=pgettext_lazy("resource block", "Title"),
        required=False,
        max_length=255,
        help_text=help_text,
    )


class BaseResourceBlock(blocks.StructBlock):
    """Shared fields of every resource block.

    A resource with its file or address is available; one with neither is
    *pending* (announced: visitors see "coming soon" until it is added).
    """

    title = _title_block(_("Leave blank for the usual name of its kind."))

    def normalize(self, value):
        # A value written for the old "pending" checkbox (in code, or a fixture)
        # still works: the flag means nothing now, pending is "no file, no address".
        if isinstance(value, dict) and not isinstance(value, blocks.StructValue):
            value = {k: v for k, v in value.items() if k != "pending"}
        return super().normalize(value)

    class Meta:
        value_class = ResourceValue
        resource_kind = ResourceKind.LINK
        help_text = _(
            "Visitors see it as soon as it has its file or address. Added without "
            "one, it is announced as 'coming soon'."
        )


class SummaryDocumentBlock(BaseResourceBlock):
    """The downloadable "insights and summary" document."""

    title = _title_block(_("Leave blank for the usual name, 'Insights and summary'."))
    document = DocumentChooserBlock(
        label=pgettext_lazy("resource block", "Document"),
        required=False,
        help_text=_("Leave empty until the document exists: visitors see 'coming soon'."),
    )

    class Meta:
        icon = "doc-full"
        label = _("Insights and summary")
        resource_kind = ResourceKind.SUMMARY
        template = "wagtail_kindness/blocks/summary_document.html"


class RecordingBlock(BaseResourceBlock):
    """A video of the conversation, shown as a click-to-load facade."""

    title = _title_block(
        _("Leave blank for the usual name, 'Recording', or name it, e.g. 'Video of the evening'.")
    )
    url = VideoURLBlock(
        label=_("Video address"),
        required=False,
        help_text=_(
            "The address of a YouTube or Vimeo video plays on the page. The address of a "
            "channel, a playlist or a showcase, or of another site, is shown as a link."
        ),
    )

    class Meta:
        icon = "media"
        label = _("Recording")
        value_class = RecordingValue
        resource_kind = ResourceKind.RECORDING
        template = "wagtail_kindness/blocks/recording.html"


class PresentationBlock(BaseResourceBlock):
    """Slides: a document, or a link to them."""

    title = _title_block(
        _("Leave blank for the usual name, 'Presentation', or name it, e.g. 'Slides'.")
    )
    document = DocumentChooserBlock(
        label=pgettext_lazy("resource block", "Document"), required=False
    )
    url = WebURLBlock(label=_("Or a web address"), required=False)

    class Meta:
        icon = "doc-full-inverse"
        label = _("Presentation")
        resource_kind = ResourceKind.SLIDES
        template = "wagtail_kindness/blocks/resource.html"


#: Addresses of audio files a browser plays itself (``<audio>``); any other
#: address (a podcast's page, an episode on a platform) is shown as a link.
_AUDIO_FILE = re.compile(r"\.(?:mp3|m4a|aac|oga|ogg|opus|wav|flac|weba)$", re.IGNORECASE)


class AudioValue(ResourceValue):
    @cached_property
    def is_audio_file(self) -> bool:
        """The address is an audio file (``.mp3``, ``.m4a``, ``.ogg``, …): played on the page."""
        href = self.href
        return bool(href) and bool(_AUDIO_FILE.search(urlsplit(href).path))


class AudioBlock(BaseResourceBlock):
    """An audio recording or a podcast episode: a file played on the page, or a link."""

    title = _title_block(
        _("Leave blank for the usual name, 'Audio', or name it, e.g. 'Podcast episode'.")
    )
    url = WebURLBlock(
        label=_("Audio address"),
        required=False,
        help_text=_(
            "The address of an audio file (.mp3, .m4a, .ogg, …) plays on the page, loaded "
            "only when the visitor presses play. Any other address, such as a podcast's "
            "page, is shown as a link."
        ),
    )

    class Meta:
        icon = "media"
        label = pgettext_lazy("resource block", "Audio")
        value_class = AudioValue
        resource_kind = ResourceKind.AUDIO
        template = "wagtail_kindness/blocks/audio.html"


class ResourceLinkBlock(BaseResourceBlock):
    title = _title_block(
        _("Leave blank for the usual name, 'Link', or name it, e.g. 'Reading list'.")
    )
    url = WebURLBlock(label=pgettext_lazy("resource block", "URL"), required=False)

    class Meta:
        icon = "link"
        label = pgettext_lazy("resource block", "Link")
        resource_kind = ResourceKind.LINK
        template = "wagtail_kindness/blocks/resource.html"


class ResourcesBlock(blocks.StreamBlock):
    summary = SummaryDocumentBlock()
    recording = RecordingBlock()
    presentation = PresentationBlock()
    audio = AudioBlock()
    link = ResourceLinkBlock()

    class Meta:
        label = _("Resources")
