from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WagtailKindnessConfig(AppConfig):
    """The Wagtail plugin of wagtail-kindness (app label ``wagtail_kindness``)."""

    name = "wagtail_kindness"
    label = "wagtail_kindness"
    verbose_name = _("Kindness conversations")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Wiring only: importing the module registers the system checks.
        from . import checks, signals  # noqa: F401

        signals.connect()  # cache invalidation of the calendars and feeds
