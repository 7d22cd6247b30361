"""Page types: ``ConversationSeriesPage`` (the archive) and ``ConversationPage``."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from kindness_core.archive import Archive
from kindness_core.errors import KindnessInputError
from kindness_core.models import Conversation, Series, Status, month_label, slugify
from kindness_core.recurrence import Move, Occurrence, Skip, localize

from ..blocks import BodyBlock, ResourcesBlock
from ..forms import ConversationPageForm, ConversationSeriesPageForm
from ..panels import ScheduleSummaryPanel
from ..queries import people_of, public_children_q, themes_of, view_restrictions
from ..text import html_to_paragraphs
from ..validators import validate_web_url
from .people import STATUS_CHOICES, ConversationTheme
from .routes import ConversationRoutesMixin, SeriesRoutesMixin
from .schedule import ScheduleFields


def _web(url: str | None) -> str | None:
    return url if url and url.startswith(("http://", "https://")) else None


@dataclasses.dataclass(frozen=True)
class UpcomingConversation:
    """A coming date: from a published page, or computed from the schedule."""

    start: dt.datetime  # aware, in the series' zone
    end: dt.datetime
    series: ConversationSeriesPage
    page: ConversationPage | None = None

    @property
    def title(self) -> str:
        return self.page.title if self.page else month_label(self.start)

    @property
    def status(self) -> str:
        return self.page.status if self.page else Status.SCHEDULED.value


class ConversationSeriesPage(SeriesRoutesMixin, RoutablePageMixin, ScheduleFields, Page):
    """A recurring conversation series and its archive (``page.title`` is its name)."""

    intro = RichTextField(_("introduction"), blank=True)
    joining = RichTextField(_("how to join"), blank=True)
    contact = RichTextField(_("whom to contact"), blank=True)
    join_url = models.URLField(
        _("joining link"),
        blank=True,
        validators=[validate_web_url],
        help_text=_("Optional: the address of the video call or the sign-up form."),
    )

    #: Templates of the archive and of its routes (override per site).
    template = "wagtail_kindness/pages/conversation_series_page.html"
    speaker_template = "wagtail_kindness/pages/conversation_series_speaker.html"

    subpage_types = ["wagtail_kindness.ConversationPage"]
    base_form_class = ConversationSeriesPageForm

    content_panels = [
        *Page.content_panels,
        "intro",
        MultiFieldPanel(["joining", "join_url", "contact"], heading=_("Joining")),
        MultiFieldPanel(
            [
                ScheduleSummaryPanel(),
                FieldRowPanel(["schedule_ordinal", "schedule_weekday"]),
                FieldRowPanel(["schedule_time", "schedule_duration"]),
                "schedule_timezone",
                "schedule_rule",
                "schedule_start",
            ],
            heading=_("Schedule"),
        ),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    class Meta:
        verbose_name = _("conversation series")
        verbose_name_plural = _("conversation series")

    # -- routes: thin; the logic lives in wagtail_kindness.views.archive ----

    @path("")
    def archive_route(self, request):
        from ..views import archive

        return archive.archive(request, self)

    @path("<int:year>/")
    def year_route(self, request, year):
        from ..views import archive

        return archive.archive(request, self, year=year)

    @path("speakers/<slug:slug>/")
    def speaker_route(self, request, slug):
        from ..views import archive

        return archive.speaker(request, self, slug)

    @path("themes/<slug:slug>/")
    def theme_route(self, request, slug):
        from ..views import archive

        return archive.archive(request, self, theme=slug)

    def route(self, request, path_components):
        """Find a conversation page in one query (Wagtail's ``route`` makes two)."""
        if path_components and self.live:
            try:
                self.resolve_subpage("/" + "/".join(path_components) + "/")
            except Http404:
                child = (
                    ConversationPage.objects.child_of(self).filter(slug=path_components[0]).first()
                )
                if child is not None and child.specific_class is ConversationPage:
                    child._cached_parent_obj = child._kindness_series = self
                    return child.route(request, path_components[1:])
        return super().route(request, path_components)

    def get_view_restrictions(self):
        return view_restrictions(self)  # one query instead of two

    # -- querying -------------------------------------------------------

    def conversations(self):
        """Live, public conversation pages of this series (newest first)."""
        # public_children_q: what .public() keeps, without its extra query.
        return (
            ConversationPage.objects.child_of(self)
            .live()
            .filter(public_children_q(self))
            .order_by("-start", "-pk")
        )

    @property
    def zone(self):
        return self.base_schedule().zone

    @cached_property
    def series_key(self) -> str:
        return slugify(self.slug) or "series"

    def _core_series(self, schedule, request=None) -> Series:
        return Series(
            key=self.series_key,
            name=self.title,
            schedule=schedule,
            description=html_to_paragraphs(self.intro),
            joining=html_to_paragraphs(self.joining),
            join_url=_web(self.join_url),
            contact=html_to_paragraphs(self.contact) or None,
            url=_web(self.get_full_url(request)) if self.pk else None,
        )

    @cached_property
    def core_series_base(self) -> Series:
        """The core series with the plain schedule (no query)."""
        return self._core_series(self.base_schedule())

    def core_schedule(self):
        """The schedule with cancelled dates skipped and postponed dates moved."""
        skips, moves = [], []
        if self.pk:
            changed = (
                ConversationPage.objects.child_of(self)
                .live()
                .filter(public_children_q(self))  # a private page must not move a public date
                .filter(status__in=[Status.CANCELLED, Status.POSTPONED])
            )
            for page in changed.only("date", "time", "status", "postponed_date", "postponed_time"):
                if page.status == Status.CANCELLED:
                    skips.append(Skip(date=page.date, reason="cancelled"))
                elif page.postponed_date:
                    moves.append(
                        Move(date=page.date, to=page.local_effective(self), reason="postponed")
                    )
        return dataclasses.replace(self.base_schedule(), skips=tuple(skips), moves=tuple(moves))

    def to_core_series(self, request=None) -> Series:
        """This series as a :class:`kindness_core.Series` (key = slug)."""
        return self._core_series(self.core_schedule(), request)

    def to_core(self, request=None) -> Archive:
        """A :class:`kindness_core.Archive` of the live, public conversations."""
        pages = self.conversations().prefetch_related("people__speaker", "tagged_themes__tag")
        return Archive(
            series=self.to_core_series(request),
            conversations=tuple(p.to_core(series=self, request=request) for p in pages),
        )

    def upcoming(self, *, now: dt.datetime, count: int = 3) -> list[UpcomingConversation]:
        """The next ``count`` dates: published pages first, else the schedule's dates.

        One query whatever the size of the archive: only the live pages from a
        month before ``now`` on (and those postponed to then) can matter.
        """
        base = self.base_schedule()
        since = now - base.duration
        floor = since.astimezone(base.zone).date() - dt.timedelta(days=31)
        recent = (
            list(
                ConversationPage.objects.child_of(self)
                .live()
                .filter(
                    models.Q(date__gte=floor)
                    | models.Q(status=Status.POSTPONED, postponed_date__gte=floor)
                )
                .annotate(_kindness_public=public_children_q(self))
                .defer("body")
                .order_by("start", "pk")
            )
            if self.pk
            else []
        )
        skips, moves = [], []
        for page in recent:
            if page.status == Status.CANCELLED:
                skips.append(Skip(date=page.date, reason="cancelled"))
            elif page.status == Status.POSTPONED and page.postponed_date:
                to = page.local_effective(self)
                moves.append(Move(date=page.date, to=to, reason="postponed"))
        schedule = dataclasses.replace(base, skips=tuple(skips), moves=tuple(moves))
        booked = {(p.date.year, p.date.month) for p in recent if p.date >= floor}
        pages = [
            p
            for p in recent
            if p._kindness_public and p.start and p.start > since and p.status != Status.CANCELLED
        ][:count]
        items = [self._item(p.effective_start(self), page=p) for p in pages]
        occurrences: list[Occurrence] = list(schedule.upcoming(after=since, count=count + 12))
        for occ in occurrences:
            month = (occ.scheduled_date or occ.start.date()).timetuple()[:2]
            if month not in booked and (occ.start.year, occ.start.month) not in booked:
                items.append(self._item(occ.start))
        items.sort(key=lambda item: item.start)
        return items[:count]

    def _item(self, start: dt.datetime, page=None) -> UpcomingConversation:
        start = start.astimezone(self.zone)
        end = (start.astimezone(dt.UTC) + dt.timedelta(minutes=self.schedule_duration)).astimezone(
            self.zone
        )
        return UpcomingConversation(start=start, end=end, series=self, page=page)

    def next_conversation(self, *, now: dt.datetime) -> UpcomingConversation | None:
        found = self.upcoming(now=now, count=1)
        return found[0] if found else None

    def next_free_occurrence(self, *, now: dt.datetime) -> Occurrence | None:
        """The first coming date of the schedule whose month has no page yet (drafts count)."""
        try:
            schedule = self.base_schedule()
        except KindnessInputError:
            return None
        taken = set(
            ConversationPage.objects.child_of(self).values_list("date__year", "date__month")
        )
        for occ in schedule.upcoming(after=now, count=36):
            if (occ.start.year, occ.start.month) not in taken:
                return occ
        return None

    def get_context(self, request, *args, **kwargs):
        from .. import conf

        context = super().get_context(request, *args, **kwargs)
        context["base_template"] = conf.base_template()
        return context

    def save(self, *args, **kwargs):
        old = None
        if self.pk and not kwargs.get("update_fields"):
            old = (
                type(self)
                .objects.filter(pk=self.pk)
                .values_list("schedule_timezone", "schedule_time")
                .first()
            )
        result = super().save(*args, **kwargs)
        if old and old != (self.schedule_timezone, self.schedule_time):
            # Local dates and times are kept in the series' zone: recompute the
            # stored UTC instants of the conversations.
            for page in ConversationPage.objects.child_of(self):
                page._kindness_series = self
                try:
                    start = page.effective_start(self)
                except KindnessInputError:
                    continue
                ConversationPage.objects.filter(pk=page.pk).update(start=start)
        return result


class ConversationPage(ConversationRoutesMixin, RoutablePageMixin, Page):
    """One meeting of a series, entered in the series' own time zone."""

    conversation_title = models.CharField(
        _("title"),
        max_length=255,
        blank=True,
        help_text=_("Optional. Untitled conversations are named by their month, e.g. 'May 2024'."),
    )
    date = models.DateField(_("date"), help_text=_("In the series' time zone."))
    time = models.TimeField(
        _("start time"),
        null=True,
        blank=True,
        help_text=_("In the series' time zone. Leave blank for the series' usual time."),
    )
    start = models.DateTimeField(_("starts at"), null=True, editable=False, db_index=True)
    status = models.CharField(
        _("status"), max_length=16, choices=STATUS_CHOICES, default=Status.SCHEDULED.value
    )
    postponed_date = models.DateField(
        _("new date"), null=True, blank=True, help_text=_("When postponed: the new date.")
    )
    postponed_time = models.TimeField(_("new start time"), null=True, blank=True)
    standfirst = models.TextField(_("standfirst"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))
    resources = StreamField(ResourcesBlock(), blank=True, verbose_name=_("resources"))
    themes = ClusterTaggableManager(through=ConversationTheme, blank=True, verbose_name=_("themes"))

    template = "wagtail_kindness/pages/conversation_page.html"
    parent_page_types = ["wagtail_kindness.ConversationSeriesPage"]
    subpage_types: list[str] = []
    base_form_class = ConversationPageForm

    content_panels = [
        "conversation_title",
        MultiFieldPanel(
            [
                FieldRowPanel(["date", "time"]),
                "status",
                FieldRowPanel(["postponed_date", "postponed_time"]),
            ],
            heading=_("When"),
        ),
        "standfirst",
        InlinePanel("people", label=_("People"), heading=_("People")),
        "body",
        "resources",
        FieldPanel("themes"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("conversation_title"),
        index.SearchField("standfirst"),
        index.SearchField("body"),
        index.FilterField("date"),
        index.FilterField("status"),
    ]

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")

    def get_view_restrictions(self):
        return view_restrictions(self)  # one query instead of two

    # -- the series and local times ---------------------------------------

    def series_page(self) -> ConversationSeriesPage | None:
        series = getattr(self, "_kindness_series", None)
        if series is None and (self.path or getattr(self, "_cached_parent_obj", None)):
            parent = self.get_parent()
            series = parent.specific if parent is not None else None
            if isinstance(series, ConversationSeriesPage):
                self._kindness_series = series
        return series if isinstance(series, ConversationSeriesPage) else None

    def local_scheduled(self, series: ConversationSeriesPage) -> dt.datetime:
        """The naive wall-clock start as entered (in the series' zone)."""
        return dt.datetime.combine(self.date, self.time or series.schedule_time)

    def local_effective(self, series: ConversationSeriesPage) -> dt.datetime:
        if self.status == Status.POSTPONED and self.postponed_date:
            when = self.postponed_time or self.time or series.schedule_time
            return dt.datetime.combine(self.postponed_date, when)
        return self.local_scheduled(series)

    def scheduled_start(self, series: ConversationSeriesPage) -> dt.datetime:
        return localize(self.local_scheduled(series), series.schedule_timezone)

    def effective_start(self, series: ConversationSeriesPage) -> dt.datetime:
        """The aware start (the new one when postponed), in the series' zone."""
        return localize(self.local_effective(series), series.schedule_timezone)

    def local_start(self) -> dt.datetime | None:
        series = self.series_page()
        if series is None or self.start is None:
            return None
        return self.start.astimezone(series.zone)

    @property
    def auto_title(self) -> str:
        if self.conversation_title:
            return self.conversation_title
        return month_label(self.date) if self.date else ""

    def auto_slug_base(self) -> str:
        base = f"{self.date:%Y-%m}" if self.date else ""
        words = slugify(self.conversation_title or "")
        return "-".join(filter(None, [base, words]))[:200]

    def refresh_derived(self) -> None:
        """Fill the page title, the slug and the stored UTC start from the fields."""
        if self.date:
            self.title = self.auto_title
        if not self.slug and (base := self.auto_slug_base()):
            parent_known = self.path or getattr(self, "_cached_parent_obj", None)
            self.slug = self._get_autogenerated_slug(base) if parent_known else base
        series = self.series_page()
        if series is not None and self.date:
            with contextlib.suppress(KindnessInputError):  # reported by clean()
                self.start = self.effective_start(series)

    def full_clean(self, *args, **kwargs):
        self.refresh_derived()
        super().full_clean(*args, **kwargs)

    def minimal_clean(self):
        self.refresh_derived()
        super().minimal_clean()

    def clean(self):
        super().clean()
        series = self.series_page()
        if series is None or not self.date:
            return
        errors = {}
        try:
            self.scheduled_start(series)
        except KindnessInputError as error:
            errors["time"] = str(error)
        if self.status == Status.POSTPONED and self.postponed_date:
            try:
                self.effective_start(series)
            except KindnessInputError as error:
                errors["postponed_time"] = str(error)
        if series.pk:
            same_month = (
                ConversationPage.objects.child_of(series)
                .filter(date__year=self.date.year, date__month=self.date.month)
                .exclude(pk=self.pk)
                .first()
            )
            if same_month is not None:
                errors["date"] = _(
                    "“%(series)s” already has a conversation in %(month)s (“%(title)s”): "
                    "each month has one conversation. Edit that page instead, or choose "
                    "another month."
                ) % {
                    "series": series.title,
                    "month": month_label(self.date),
                    "title": same_month.title,
                }
        if errors:
            raise ValidationError(errors)

    def schedule_warning(self, series: ConversationSeriesPage | None = None) -> str | None:
        """A sentence if the date is not one of the schedule's dates, else ``None``."""
        series = series or self.series_page()
        if series is None or not self.date:
            return None
        try:
            dates = [o.start.date() for o in series.base_schedule().in_month(
                self.date.year, self.date.month)]  # fmt: skip
        except KindnessInputError:
            return None
        if self.date in dates:
            return None
        expected = ", ".join(f"{d:%A} {d.day} {d:%B}" for d in dates) or _("no date")
        return _(
            "%(date)s is not on the schedule (%(schedule)s): the schedule's date that "
            "month is %(expected)s. The page was kept; check the date if this was a mistake."
        ) % {
            "date": f"{self.date:%A} {self.date.day} {self.date:%B %Y}",
            "schedule": series.schedule_description,
            "expected": expected,
        }

    # -- the core bridge ---------------------------------------------------

    def to_core(self, series: ConversationSeriesPage | None = None, request=None) -> Conversation:
        """This page as a :class:`kindness_core.Conversation`."""
        series = series or self.series_page()
        if series is None:
            raise ValueError("a conversation page needs its series page to become a Conversation")
        core_series = series.core_series_base
        start = self.effective_start(series)
        original = self.scheduled_start(series)
        url = _web(self.get_full_url(request)) if self.pk else None
        base_url = url or (request.build_absolute_uri("/") if request is not None else None)
        return Conversation(
            key=core_series.conversation_key(self.date.year, self.date.month),
            start=start,
            end=(start.astimezone(dt.UTC) + core_series.duration).astimezone(start.tzinfo),
            title=self.conversation_title or None,
            status=Status(self.status),
            summary=self.summary_text(),
            people=tuple(person.to_core() for person in people_of(self)),
            resources=tuple(child.value.to_core(base_url) for child in self.resources),
            themes=tuple(item.tag.name for item in themes_of(self)),
            url=url,
            previous_start=original if original != start else None,
        )

    def summary_text(self) -> str:
        """The standfirst and the body's paragraphs as plain text (the core's summary)."""
        parts = [self.standfirst.strip()] if self.standfirst.strip() else []
        for child in self.body:
            if child.block_type == "paragraph":
                parts.append(html_to_paragraphs(child.value.source))
        return "\n\n".join(part for part in parts if part)

    @property
    def pending_resources(self) -> list[str]:
        """Titles of resources still marked pending (for editors)."""
        return [str(c.value.display_title) for c in self.resources if c.value.get("pending")]

    def get_context(self, request, *args, **kwargs):
        from .. import conf

        context = super().get_context(request, *args, **kwargs)
        context["base_template"] = conf.base_template()
        context["series"] = self.series_page()
        context["local_start"] = self.local_start()
        return context
