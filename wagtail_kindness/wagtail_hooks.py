"""Registration only: the callbacks live in their own modules (dashboard, editing, views)."""

from django.apps import apps
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .copy_hooks import (
    copy_for_next_meeting,
    link_or_decline_aliases,
    refuse_alias_month_clash,
    refuse_taken_month_bulk_move,
    refuse_taken_month_move,
)
from .dashboard import add_dashboard_panel
from .editing import warn_joining, warn_off_schedule
from .editorial import remember_requested_date
from .views.editor_checks import admin_urls as editor_check_urls
from .views.listing import ConversationListingViewSet
from .views.registrations import RegistrationViewSet
from .views.schedule_preview import admin_urls as schedule_preview_urls
from .views.snippets import SpeakerViewSet

register_snippet(SpeakerViewSet)
hooks.register("construct_homepage_panels", add_dashboard_panel)
hooks.register("after_create_page", warn_off_schedule)
hooks.register("after_edit_page", warn_off_schedule)
hooks.register("after_create_page", warn_joining)
hooks.register("after_edit_page", warn_joining)
hooks.register("register_admin_urls", schedule_preview_urls)
hooks.register("register_admin_urls", editor_check_urls)
hooks.register("register_admin_viewset", ConversationListingViewSet)
hooks.register("register_admin_viewset", RegistrationViewSet)
hooks.register("before_create_page", remember_requested_date)
hooks.register("before_copy_page", copy_for_next_meeting)
hooks.register("before_move_page", refuse_taken_month_move)
hooks.register("before_bulk_action", refuse_taken_month_bulk_move)
hooks.register("before_publish_page", refuse_alias_month_clash)
# Before simple_translation's (order 0): its SYNC_PAGE_TREE aliases, its Translate view.
hooks.register("after_create_page", link_or_decline_aliases, order=-1)
if apps.is_installed("wagtail.contrib.simple_translation"):
    from .views.translation import admin_urls as translation_urls

    hooks.register("register_admin_urls", translation_urls, order=-1)
