"""Registration only: the callbacks live in their own modules (dashboard, editing, views)."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .dashboard import add_dashboard_panel
from .editing import warn_off_schedule
from .views.snippets import SpeakerViewSet

register_snippet(SpeakerViewSet)
hooks.register("construct_homepage_panels", add_dashboard_panel)
hooks.register("after_create_page", warn_off_schedule)
hooks.register("after_edit_page", warn_off_schedule)
