"""Messages for editors after saving a conversation page."""

from __future__ import annotations

from django.contrib import messages

from .forms import joining_warning
from .models import ConversationPage, ConversationSeriesPage


def warn_off_schedule(request, page):
    """``after_create_page`` / ``after_edit_page`` hook: a date off the schedule
    is allowed, but the editor is told (a warning, never a block)."""
    page = page.specific_deferred if not isinstance(page, ConversationPage) else page
    if isinstance(page, ConversationPage) and (warning := page.schedule_warning()):
        messages.warning(request, warning)


def warn_joining(request, page):
    """``after_create_page`` / ``after_edit_page`` hook: sign-up without a private
    joining link is allowed, but the editor is told (``forms.joining_warning``)."""
    page = page.specific_deferred if not isinstance(page, ConversationSeriesPage) else page
    if isinstance(page, ConversationSeriesPage) and (warning := joining_warning(page)):
        messages.warning(request, warning)
