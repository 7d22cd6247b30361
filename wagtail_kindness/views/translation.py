"""The admin's "Translate" (``wagtail.contrib.simple_translation``), refusing with a message.

Wagtail's ``SubmitPageTranslationView`` copies the page into each chosen
locale in one transaction, with no hook to stop it.  A conversation's
translation is the same meeting in another language (``translating``): when
it can be neither made nor linked to the page holding its month there,
``ConversationPage.copy()`` raises ``TranslationRefused`` (a copy Wagtail
makes itself, of a published child with "Include subtree", is refused by the
page's own validation, a ``ValidationError``).  This view is Wagtail's, at
Wagtail's address (registered before it), and shows that error as an admin
message on the translate form: the transaction is rolled back, nothing changes.
When the translation is a page the destination series already had for the
month, now linked, an information message says so.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import path
from django.utils.html import format_html_join
from wagtail.admin import messages
from wagtail.contrib.simple_translation.views import SubmitPageTranslationView

from ..models import ConversationPage
from ..translating import linked_message, plan_versions

__all__ = ["ConversationAwareTranslationView", "admin_urls"]


class ConversationAwareTranslationView(SubmitPageTranslationView):
    """Wagtail's "Translate page" view; a refused translation is an error message."""

    def post(self, request, **kwargs):
        links = self._pages_to_link()
        try:
            response = super().post(request, **kwargs)
        except ValidationError as error:
            text = format_html_join(" ", "{}", ((message,) for message in error.messages))
            messages.error(request, text)
            return redirect(request.get_full_path())
        for _locale, page in links if response.status_code == 302 else ():
            messages.info(request, linked_message(self._source, page))
        return response

    def _pages_to_link(self):
        """The pages of the month that the translation will link (``translating``)."""
        form = self.get_form()
        if not isinstance(self.object, ConversationPage) or not form.is_valid():
            return []
        page = self.object
        # Wagtail translates the latest revision of a page that is not live.
        self._source = page if page.live else page.get_latest_revision_as_object()
        return plan_versions(self._source, form.cleaned_data["locales"])[0]


def admin_urls():
    """``register_admin_urls`` (before simple_translation's): its address, this view."""
    return [
        path(
            "translation/submit/page/<int:page_id>/",
            ConversationAwareTranslationView.as_view(),
            name="wagtail_kindness_submit_page_translation",
        )
    ]
