"""Copy, move and revert keep one conversation a month, through Wagtail's own admin views.

A copy is the next meeting of its destination series (next free month, its
usual time and zone, speakers and body kept, resources cleared, the title the
editor typed); a destination with no free month, a move into a taken month and
a revert to a taken month are refused with a message, never a 500.  The add
form names the drafts that hold coming months (an abandoned autosave) and
links to them; the duplicate-month error links to the page that holds it.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from kindness_factories import add_conversation, conversation_form_data, make_series, third_thursday
from wagtail.models import Page

from kindness_core.series import month_label
from wagtail_kindness.models import ConversationPage, ConversationSeriesPage

SOURCE_DAY = third_thursday(2024, 2)
TITLE = "Kindness in education"


def coming_dates(series: ConversationSeriesPage, count: int) -> list[dt.date]:
    occurrences = series.base_schedule().upcoming(after=timezone.now(), count=count)
    return [occurrence.start.date() for occurrence in occurrences]


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def copy_url(page) -> str:
    return reverse("wagtailadmin_pages:copy", args=[page.pk])


def edit_url(page) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def add_url(series) -> str:
    return reverse(
        "wagtailadmin_pages:add", args=["wagtail_kindness", "conversationpage", series.pk]
    )


def copy_data(parent, *, title: str = TITLE, slug: str = "", publish: bool = False, **extra):
    data = {"new_title": title, "new_slug": slug, "new_parent_page": str(parent.pk), **extra}
    if publish:
        data["publish_copies"] = "on"
    return data


@pytest.fixture
def source(series, speaker) -> ConversationPage:
    """A live, held conversation with a speaker, a body, a resource and a theme."""
    add_conversation(
        series,
        SOURCE_DAY,
        title=TITLE,
        people=[(speaker, "speaker")],
        resources=[("link", {"title": "Slides", "url": "https://example.org/slides"})],
        body=[("paragraph", "<p>What kindness asks of teachers.</p>")],
        themes=["Education"],
    )
    # As Wagtail loads it: the factory's object keeps unsaved theme rows in memory.
    return ConversationPage.objects.get(date=SOURCE_DAY)


@pytest.fixture
def other_series(home) -> ConversationSeriesPage:
    """A second series, first Tuesday at noon in New York."""
    return make_series(
        home,
        title="Evening circle",
        slug="evening-circle",
        schedule_ordinal=1,
        schedule_weekday="TU",
        schedule_time=dt.time(12, 0),
        schedule_timezone="America/New_York",
    )


# -- copying in the admin ----------------------------------------------------------


def test_the_copy_form_says_which_month_the_copy_gets(admin_client, series, source):
    response = admin_client.get(copy_url(source))
    assert response.status_code == 200
    form = response.context["form"]
    month = month_label(coming_dates(series, 1)[0])
    assert f"The copy is the next meeting: {month}" in str(form.fields["new_title"].help_text)
    assert form.fields["new_slug"].initial == ""
    assert not form.fields["new_slug"].required


def test_copying_a_live_conversation_with_publish_gives_the_next_free_month(
    admin_client, series, source, speaker, admin_user
):
    first, second = coming_dates(series, 2)
    taken = add_conversation(series, first, status="scheduled", live=False)  # a draft holds it
    ConversationPage.objects.filter(pk=source.pk).update(sequence=3)  # published 4 times
    response = admin_client.post(copy_url(source), copy_data(series, publish=True))
    assert response.status_code == 302, messages_of(response)
    assert response.url == reverse("wagtailadmin_explore", args=[series.pk])
    copy = ConversationPage.objects.child_of(series).exclude(pk__in=[source.pk, taken.pk]).get()
    assert (copy.date, copy.time, copy.time_zone) == (second, dt.time(18, 0), "Europe/London")
    assert copy.live
    assert (copy.status, copy.sequence) == ("scheduled", 0)
    # The title was left as offered: an untitled conversation, named by its month.
    assert copy.conversation_title == ""
    assert copy.title == copy.draft_title == month_label(second)
    assert copy.slug == f"{second:%Y-%m}"
    assert [(p.speaker_id, p.role) for p in copy.people.all()] == [(speaker.pk, "speaker")]
    assert [item.tag.name for item in copy.tagged_themes.all()] == ["Education"]
    assert [child.block_type for child in copy.body] == ["paragraph"]
    assert len(copy.resources) == 0
    assert copy.owner == admin_user
    # The page and its revisions agree: the editor and a later publish see the same copy.
    for revision in (copy.latest_revision, copy.live_revision):
        kept = revision.as_object()
        assert (kept.date, kept.title, kept.slug, len(kept.resources)) == (
            second,
            month_label(second),
            copy.slug,
            0,
        )
    assert copy.start == copy.effective_start(series)
    # The original is as it was.
    source.refresh_from_db()
    assert (source.date, source.title, len(source.resources)) == (SOURCE_DAY, TITLE, 1)
    [message] = messages_of(response)
    assert f"the conversation of {month_label(second)}, is live" in message
    assert edit_url(copy) in message
    assert admin_client.get(copy.url).status_code == 200


def test_copying_a_draft_takes_the_typed_title_and_a_month_of_its_own(admin_client, series, source):
    draft = add_conversation(series, third_thursday(2024, 3), title="Draft one", live=False)
    draft = ConversationPage.objects.get(pk=draft.pk)
    response = admin_client.post(copy_url(draft), copy_data(series, title="Kindness at work"))
    assert response.status_code == 302, messages_of(response)
    copy = ConversationPage.objects.get(conversation_title="Kindness at work")
    day = coming_dates(series, 1)[0]
    assert (copy.date, copy.live, copy.title) == (day, False, "Kindness at work")
    assert copy.slug == f"{day:%Y-%m}-kindness-at-work"
    assert copy.latest_revision.as_object().conversation_title == "Kindness at work"
    months = ConversationPage.objects.child_of(series).values_list("date__year", "date__month")
    assert len(months) == len(set(months)) == 3  # one conversation a month
    assert "is a draft" in messages_of(response)[0]


def test_a_typed_slug_is_kept(admin_client, series, source):
    response = admin_client.post(copy_url(source), copy_data(series, slug="next-meeting"))
    assert response.status_code == 302
    assert ConversationPage.objects.filter(slug="next-meeting").exists()


def test_copying_into_another_series_takes_its_month_time_and_zone(
    admin_client, series, source, other_series
):
    response = admin_client.post(copy_url(source), copy_data(other_series, publish=True))
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_explore", args=[other_series.pk])
    copy = ConversationPage.objects.child_of(other_series).get()
    day = coming_dates(other_series, 1)[0]
    assert (day.weekday(), (day.day - 1) // 7) == (1, 0)  # a first Tuesday
    assert (copy.date, copy.time, copy.time_zone) == (day, dt.time(12, 0), "America/New_York")
    assert copy.start == copy.effective_start(other_series)


def test_a_series_without_a_free_month_refuses_the_copy_with_a_message(admin_client, home, speaker):
    until = timezone.now() + dt.timedelta(days=70)
    ending = make_series(
        home,
        title="Ending series",
        slug="ending",
        schedule_rule=f"FREQ=MONTHLY;BYDAY=3TH;UNTIL={until:%Y%m%d}T000000Z",
    )
    dates = coming_dates(ending, 36)
    assert 1 <= len(dates) <= 3
    for day in dates:
        add_conversation(ending, day, status="scheduled", people=[(speaker, "speaker")])
    page = ConversationPage.objects.child_of(ending).first()
    before = ConversationPage.objects.count()
    response = admin_client.post(copy_url(page), copy_data(ending, publish=True))
    assert response.status_code == 302
    assert response.url == copy_url(page)
    [message] = messages_of(response)
    assert "“Ending series” has no free month for a new conversation" in message
    assert ConversationPage.objects.count() == before
    # The form says so before the editor tries.
    form = admin_client.get(copy_url(page)).context["form"]
    assert "has no free month" in str(form.fields["new_title"].help_text)
    # And from code: a ValidationError, nothing written.
    with pytest.raises(ValidationError, match="has no free month"):
        ConversationPage.objects.get(pk=page.pk).copy(to=ending)
    assert ConversationPage.objects.count() == before
    assert Page.objects.get(pk=ending.pk).numchild == before


def test_an_alias_into_its_own_series_is_refused(admin_client, series, source):
    data = copy_data(series, publish=True, alias="on")
    response = admin_client.post(copy_url(source), data)
    assert response.status_code == 302
    [message] = messages_of(response)
    assert "already has a conversation in February 2024" in message
    assert edit_url(source) in message
    assert ConversationPage.objects.count() == 1


def test_an_alias_into_a_series_with_the_month_free_is_wagtails(admin_client, source, other_series):
    response = admin_client.post(
        copy_url(source), copy_data(other_series, alias="on", publish=True)
    )
    assert response.status_code == 302
    alias = ConversationPage.objects.child_of(other_series).get()
    assert (alias.alias_of_id, alias.date) == (source.pk, SOURCE_DAY)


def test_copying_a_whole_series_keeps_its_conversations_dates(admin_client, home, source):
    series = source.get_parent()
    data = {
        "new_title": "Archive copy",
        "new_slug": "archive-copy",
        "new_parent_page": str(home.pk),
        "copy_subpages": "on",
        "publish_copies": "on",
    }
    response = admin_client.post(copy_url(series), data)
    assert response.status_code == 302
    new_series = ConversationSeriesPage.objects.get(slug="archive-copy")
    copy = ConversationPage.objects.child_of(new_series).get()
    assert (copy.date, copy.conversation_title, copy.start) == (SOURCE_DAY, TITLE, source.start)
    assert len(copy.resources) == 1  # a copy of the archive, not a next meeting


# -- copying from code -------------------------------------------------------------


def test_page_copy_from_code_is_the_next_meeting(series, source):
    copy = source.copy(to=series)
    day = coming_dates(series, 1)[0]
    assert (copy.date, copy.conversation_title, copy.slug) == (day, "", f"{day:%Y-%m}")
    assert (len(copy.resources), copy.status) == (0, "scheduled")
    # Copying that page again takes the month after.
    again = ConversationPage.objects.get(pk=copy.pk).copy(update_attrs={"title": "Next one"})
    assert again.date == coming_dates(series, 2)[1]
    assert again.conversation_title == "Next one"


def test_page_copy_keeps_a_given_date_and_refuses_a_taken_month(series, source):
    free = third_thursday(2024, 7)
    copy = source.copy(to=series, update_attrs={"date": free, "slug": "2024-07-kept"})
    assert (copy.date, copy.slug) == (free, "2024-07-kept")
    with pytest.raises(ValidationError, match="already has a conversation in July 2024"):
        source.copy(to=series, update_attrs={"date": dt.date(2024, 7, 4)})
    assert ConversationPage.objects.count() == 2


def test_a_new_draft_cannot_take_a_taken_month_even_from_code(series, source):
    page = ConversationPage(date=dt.date(2024, 2, 1), status="scheduled", live=False)
    with pytest.raises(ValidationError, match="already has a conversation in February 2024"):
        series.add_child(instance=page)


# -- moving ------------------------------------------------------------------------


def test_moving_into_a_series_whose_month_is_taken_is_refused_with_a_message(
    admin_client, series, source, other_series
):
    holder = add_conversation(other_series, dt.date(2024, 2, 6), title="<b>Tuesday</b> talk")
    url = reverse("wagtailadmin_pages:move_confirm", args=[source.pk, other_series.pk])
    for response in (admin_client.get(url), admin_client.post(url)):
        assert response.status_code == 302
        assert response.url == reverse("wagtailadmin_pages:move", args=[source.pk])
        message = messages_of(response)[-1]
        assert "cannot move to “Evening circle”" in message
        assert "already has a conversation in February 2024" in message
        assert f'<a href="{edit_url(holder)}">&lt;b&gt;Tuesday&lt;/b&gt; talk</a>' in message
        assert "which is live" in message
    assert ConversationPage.objects.get(pk=source.pk).get_parent().pk == series.pk


def test_moving_into_a_series_with_the_month_free_is_wagtails(
    admin_client, series, source, other_series
):
    url = reverse("wagtailadmin_pages:move_confirm", args=[source.pk, other_series.pk])
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url)
    assert response.status_code == 302
    assert ConversationPage.objects.get(pk=source.pk).get_parent().pk == other_series.pk


def test_page_move_from_code_refuses_a_taken_month(series, source, other_series):
    add_conversation(other_series, dt.date(2024, 2, 6), live=False, title="Planned")
    with pytest.raises(ValidationError, match="already has a draft conversation in February 2024"):
        source.move(other_series, pos="last-child")
    assert ConversationPage.objects.get(pk=source.pk).get_parent().pk == series.pk
    # Reordering within its own series is a move too, and is fine.
    later = add_conversation(series, third_thursday(2024, 3))
    ConversationPage.objects.get(pk=later.pk).move(source, pos="left")
    assert ConversationPage.objects.get(pk=later.pk).get_parent().pk == series.pk


def test_a_bulk_move_into_taken_months_is_refused(admin_client, series, source, other_series):
    add_conversation(other_series, dt.date(2024, 2, 6), title="Tuesday talk")
    march = add_conversation(series, third_thursday(2024, 3))
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "move"])
    query = f"?id={source.pk}&id={march.pk}&next=/admin/pages/{series.pk}/"
    response = admin_client.post(url + query, {"chooser": str(other_series.pk)})
    assert response.status_code == 302
    [message] = messages_of(response)
    assert "“Kindness in education” cannot move to “Evening circle”" in message
    assert ConversationPage.objects.child_of(other_series).count() == 1  # nothing moved
    # Without the taken month, the rest of the bulk move is Wagtail's.
    response = admin_client.post(
        url + f"?id={march.pk}&next=/admin/pages/{series.pk}/", {"chooser": str(other_series.pk)}
    )
    assert response.status_code == 302
    assert ConversationPage.objects.get(pk=march.pk).get_parent().pk == other_series.pk


# -- reverting to a revision -------------------------------------------------------


def test_reverting_to_a_revision_whose_month_is_taken_is_a_form_error(admin_client, series, source):
    february = source.get_latest_revision()  # as added
    moved = conversation_form_data(
        third_thursday(2024, 4), title=TITLE, slug=source.slug, **{"action-publish": "1"}
    )
    assert admin_client.post(edit_url(source), moved).status_code == 302
    holder = add_conversation(series, dt.date(2024, 2, 1), title="Now in February")
    revert_url = reverse("wagtailadmin_pages:revisions_revert", args=[source.pk, february.pk])
    shown = admin_client.get(revert_url)
    assert shown.status_code == 200
    assert shown.context["form"].initial["date"] == SOURCE_DAY
    back = conversation_form_data(
        SOURCE_DAY, title=TITLE, slug=source.slug, **{"action-publish": "1"}
    )
    response = admin_client.post(revert_url, back)
    assert response.status_code == 200
    [error] = response.context["form"].errors["date"]
    assert "already has a conversation in February 2024" in error
    assert "which is live" in error
    assert f'<a href="{edit_url(holder)}">Now in February</a>' in response.content.decode()
    assert ConversationPage.objects.get(pk=source.pk).date == third_thursday(2024, 4)


# -- the add form: drafts of coming months, and the duplicate-month error ----------


def test_the_add_form_names_a_draft_left_in_a_coming_month(admin_client, series, admin_user):
    first = coming_dates(series, 1)[0]
    hostile = "<script>alert(1)</script> plans"
    data = conversation_form_data(first, title=hostile, status="scheduled")  # "Save draft"
    assert admin_client.post(add_url(series), data).status_code == 302
    draft = ConversationPage.objects.get()
    assert not draft.live
    response = admin_client.get(add_url(series))
    assert response.status_code == 200
    # The form suggests the month after; the draft's month is named, with a link to it.
    assert response.context["form"].initial["date"] == coming_dates(series, 2)[1]
    help_text = str(response.context["form"].fields["date"].help_text)
    assert f"{month_label(first)} already has a draft conversation" in help_text
    assert f"by {admin_user.get_username()}" in help_text
    assert "last edited" in help_text
    page_html = response.content.decode()
    assert f'<a href="{edit_url(draft)}">continue that draft</a>' in page_html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; plans" in help_text
    assert "<script>alert(1)</script>" not in page_html
    # Once published, the month is no longer a draft's: no notice.
    draft.save_revision().publish()
    response = admin_client.get(add_url(series))
    assert "already has a draft conversation" not in response.content.decode()


@pytest.mark.parametrize(
    ("live", "words"),
    [
        (False, "already has a draft conversation in February 2024"),
        (True, "already has a conversation in February 2024"),
    ],
)
def test_the_duplicate_month_error_links_to_the_page_and_says_draft_or_live(
    admin_client, series, live, words
):
    holder = add_conversation(series, SOURCE_DAY, title="<i>Held</i> & kept", live=live)
    data = conversation_form_data(dt.date(2024, 2, 1), **{"action-publish": "1"})
    response = admin_client.post(add_url(series), data)
    assert response.status_code == 200
    [error] = response.context["form"].errors["date"]
    assert words in error
    assert ("continue that draft" in error) is not live
    assert ("which is live" in error) is live
    link = f'<a href="{edit_url(holder)}">&lt;i&gt;Held&lt;/i&gt; &amp; kept</a>'
    assert link in response.content.decode()  # a link, and the title stays text
    assert ConversationPage.objects.count() == 1
