"""The ``Speaker`` snippet: one person across many conversations."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldRowPanel, MultiFieldPanel, Panel
from wagtail.fields import StreamField
from wagtail.images import get_image_model_string
from wagtail.models import Page
from wagtail.search import index

from kindness_core.series import Person, Role, slugify

from ..blocks import LinkBlock


def _normal(name: str) -> str:
    """Name without honorific, case and extra spaces: how names are matched."""
    _honorific, bare = Person.split_honorific(" ".join(name.split()))
    return bare.casefold()


class SpeakerConversationsPanel(Panel):
    """Read-only: the conversations a saved speaker has a part in, newest first.

    Each row gives the date, the conversation (a link to its edit page for a
    user who may edit it), its series and the speaker's part.  At most
    ``limit`` rows are shown; the queries do not grow with the rows: the
    parts with their pages, the series' titles, the pages the user may edit,
    and the count when there are more than ``limit``.
    """

    def __init__(self, limit: int = 50, **kwargs):
        kwargs.setdefault("heading", _("Conversations"))
        super().__init__(**kwargs)
        self.limit = limit

    def clone_kwargs(self):
        kwargs = super().clone_kwargs()
        kwargs["limit"] = self.limit
        return kwargs

    @property
    def clean_name(self):
        return super().clean_name or "speaker_conversations"

    class BoundPanel(Panel.BoundPanel):
        template_name = "wagtail_kindness/admin/speaker_conversations_panel.html"

        def is_shown(self):
            return bool(self.instance is not None and self.instance.pk)

        def get_context_data(self, parent_context=None):
            from wagtail.permission_policies.pages import PagePermissionPolicy

            context = super().get_context_data(parent_context)
            limit = self.panel.limit
            parts = list(
                self.instance.parts.select_related("page").order_by(
                    "-page__date", "-page__path", "sort_order"
                )[:limit]
            )
            pages = {part.page.pk: part.page for part in parts}
            series_paths = {page.path[: -page.steplen] for page in pages.values()}
            series = dict(Page.objects.filter(path__in=series_paths).values_list("path", "title"))
            user = getattr(self.request, "user", None)
            editable = set()
            if pages and user is not None:
                editable = set(
                    PagePermissionPolicy()
                    .instances_user_has_permission_for(user, "change")
                    .filter(pk__in=pages)
                    .values_list("pk", flat=True)
                )
            context["rows"] = [
                {
                    "page": part.page,
                    "role": part.get_role_display(),
                    "series": series.get(part.page.path[: -part.page.steplen], ""),
                    "edit_url": (
                        reverse("wagtailadmin_pages:edit", args=[part.page.pk])
                        if part.page.pk in editable
                        else None
                    ),
                }
                for part in parts
            ]
            context["total"] = len(parts) if len(parts) < limit else self.instance.parts.count()
            return context


class Speaker(index.Indexed, models.Model):
    """Someone who speaks at, hosts or coordinates conversations."""

    honorific = models.CharField(
        _("honorific"), max_length=40, blank=True, help_text=_("e.g. Dr, Professor")
    )
    name = models.CharField(
        pgettext_lazy("speaker field", "name"),
        max_length=255,
        help_text=_("Without the honorific."),
    )
    slug = models.SlugField(
        pgettext_lazy("speaker field", "slug"),
        max_length=255,
        unique=True,
        blank=True,
        help_text=_("Used in the address of the speaker's archive; filled in from the name."),
    )
    job_title = models.CharField(_("job title"), max_length=255, blank=True)
    organisation = models.CharField(_("organisation"), max_length=255, blank=True)
    bio = models.TextField(_("short biography"), blank=True)
    photo = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    links = StreamField([("link", LinkBlock())], blank=True, verbose_name=_("links"))
    aliases = models.TextField(
        _("other names"),
        blank=True,
        help_text=_(
            "One per line: other names this person is known by (e.g. 'Gabby' for "
            "'Gabrielle Matthews'), so that they are recognised as one person."
        ),
    )

    panels = [
        MultiFieldPanel(
            [FieldRowPanel(["honorific", "name"]), "slug", "aliases"],
            heading=pgettext_lazy("speaker field", "Name"),
        ),
        FieldRowPanel(["job_title", "organisation"]),
        "bio",
        "photo",
        "links",
        SpeakerConversationsPanel(),
    ]

    #: The chooser searches as one types (Wagtail's choosers autocomplete, which
    #: reads only the ``AutocompleteField``s): by name, other names,
    #: organisation and job title.  Existing speakers need ``update_index``.
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("aliases"),
        index.AutocompleteField("aliases"),
        index.SearchField("organisation"),
        index.AutocompleteField("organisation"),
        index.SearchField("job_title"),
        index.AutocompleteField("job_title"),
        index.FilterField("organisation"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")

    def __str__(self) -> str:
        return self.display_name

    def save(self, *args, **kwargs):
        if not self.slug:
            base = slugify(self.name)[:240] or "speaker"
            slug, n = base, 1
            while type(self).objects.filter(slug=slug).exclude(pk=self.pk).exists():
                n += 1
                slug = f"{base}-{n}"
            self.slug = slug
        super().save(*args, **kwargs)

    @property
    def display_name(self) -> str:
        return f"{self.honorific} {self.name}" if self.honorific else self.name

    def listing_name(self) -> str:
        """The admin listing's first column: the display name, sorted by name."""
        return self.display_name

    listing_name.short_description = pgettext_lazy("speaker field", "name")  # type: ignore[attr-defined]
    listing_name.admin_order_field = "name"  # type: ignore[attr-defined]

    @property
    def alias_list(self) -> list[str]:
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]

    def answers_to(self, name: str) -> bool:
        """True if ``name`` is this speaker's name or one of their aliases."""
        wanted = _normal(name)
        return any(_normal(n) == wanted for n in (self.name, *self.alias_list))

    @classmethod
    def find(cls, name: str) -> Speaker | None:
        """The speaker called ``name`` (honorific ignored), by name or alias."""
        wanted = _normal(name)
        if not wanted:
            return None
        candidates = cls.objects.filter(
            models.Q(name__iexact=wanted) | models.Q(aliases__icontains=wanted)
        )
        exact = [s for s in candidates if _normal(s.name) == wanted]
        if exact:
            return exact[0]
        return next((s for s in candidates if s.answers_to(name)), None)

    def to_core(self, role: Role | str = Role.SPEAKER) -> Person:
        """This speaker as a :class:`kindness_core.Person` with a part."""
        return Person(
            name=self.name,
            role=Role(role),
            honorific=self.honorific or None,
            job_title=self.job_title or None,
            organisation=self.organisation or None,
        )
