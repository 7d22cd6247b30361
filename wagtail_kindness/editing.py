"""Messages for editors after saving a conversation page."""

from __future__ import annotations

from django.contrib import messages

from .models import ConversationPage


def warn_off_schedule(request, page):
    """``after_create_page`` / ``after_edit_page`` hook: a date off the schedule
    is allowed, but the editor is told (a warning, never a block)."""
    page = page.specific_deferred if not isinstance(page, ConversationPage) else page
    if isinstance(page, ConversationPage) and (warning := page.schedule_warning()):
        messages.warning(request, warning)
