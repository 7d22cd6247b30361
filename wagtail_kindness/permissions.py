"""Who may see what in the plugin's admin views: Wagtail's page and model permissions.

* :func:`series_for_user`: the series pages a user may work on (Wagtail's
  page permissions, which cover the pages below the page they are set on:
  the dashboard lists only these);
* :func:`may_choose_speakers`: the speaker chooser is for people who manage
  speakers or who may work on a series (they add people to conversations).
"""

from __future__ import annotations

from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permission_policies.pages import PagePermissionPolicy

from .models import ConversationSeriesPage, Speaker

__all__ = ["PAGE_ACTIONS", "may_choose_speakers", "series_for_user"]

#: The page permissions that let a user work on a series and its conversations.
PAGE_ACTIONS = ("add", "change", "publish")


def series_for_user(user):
    """The ``ConversationSeriesPage`` queryset ``user`` has a page permission on."""
    allowed = PagePermissionPolicy().instances_user_has_any_permission_for(user, PAGE_ACTIONS)
    return ConversationSeriesPage.objects.filter(pk__in=allowed.values("pk")).order_by("path")


def may_choose_speakers(user) -> bool:
    """True for a user with any speaker permission, or who may work on some series."""
    policy = ModelPermissionPolicy(Speaker)
    if policy.user_has_any_permission(user, ["add", "change", "delete", "view"]):
        return True
    return series_for_user(user).exists()
