"""Warnings before, not after: what the conversation and series forms say while editing.

* the live "not on the schedule" check (a JSON view, for those who may work
  on the series; bad input is a 400) and the same warning in the form itself;
* an address is refused with one message, not the same one twice;
* a recording's address that is a channel or a playlist is linked, and the
  editor is told so (not refused);
* a title over the limit is refused with the limit, never cut (the importer
  cuts it, and says so);
* each resource block's title has its own example;
* the time zones: the common ones first, by place and country, without the
  old names, but a series keeps a stored old name.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from kindness_factories import add_conversation, conversation_form_data, series_form_data
from wagtail.models import GroupPagePermission, Page, Revision

from kindness_core.archive import Archive
from kindness_core.formats.jsonio import dumps
from wagtail_kindness import conf
from wagtail_kindness.blocks import (
    PresentationBlock,
    RecordingBlock,
    ResourceLinkBlock,
    SummaryDocumentBlock,
    WebURLBlock,
    video_warning,
)
from wagtail_kindness.embeds import not_a_video, player_for
from wagtail_kindness.importing import import_into_site, read_archive
from wagtail_kindness.models import ConversationPage, ConversationSeriesPage
from wagtail_kindness.zone_choices import zone_label

pytestmark = pytest.mark.django_db

ON_SCHEDULE = dt.date(2024, 2, 15)  # the third Thursday (make_series: 3rd Thursday, 18:00)
OFF_SCHEDULE = dt.date(2024, 2, 22)
NOT_ON = "is not on the schedule"


def _date_url(series) -> str:
    return reverse("wagtail_kindness_check_date", args=[series.pk])


def _video_url() -> str:
    return reverse("wagtail_kindness_check_video")


def _user(django_user_model, name: str, *codenames: str, series=None):
    user = django_user_model.objects.create_user(name, f"{name}@example.org", "pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    if codenames:
        group = Group.objects.create(name=f"{name} group")
        for codename in codenames:
            GroupPagePermission.objects.create(
                group=group, page=series, permission=Permission.objects.get(codename=codename)
            )
        user.groups.add(group)
    return user


def _counts():
    return Page.objects.count(), Revision.objects.count()


def _add_url(parent, model=ConversationPage) -> str:
    return reverse(
        "wagtailadmin_pages:add", args=[model._meta.app_label, model._meta.model_name, parent.pk]
    )


# -- "not on the schedule", as the date is typed --------------------------------------


def test_the_date_check_warns_of_a_date_off_the_schedule(admin_client, series):
    off = admin_client.get(_date_url(series), {"date": OFF_SCHEDULE.isoformat()})
    assert off.status_code == 200
    warning = off.json()["warning"]
    assert f"Thursday 22 February 2024 {NOT_ON}" in warning
    assert "Thursday 15 February" in warning  # the schedule's date that month
    assert "The page was kept" not in warning  # said before saving
    on = admin_client.get(_date_url(series), {"date": ON_SCHEDULE.isoformat()})
    assert on.json() == {"warning": None}


@pytest.mark.parametrize(
    "query",
    [{}, {"date": ""}, {"date": "soon"}, {"date": "2024-13-45"}, {"date": "0001-01-01"},
     {"date": "9999-12-31"}, {"date": "2" * 5000}],
)  # fmt: skip
def test_bad_input_is_a_400_not_a_500(admin_client, series, query):
    response = admin_client.get(_date_url(series), query)
    assert response.status_code == 400
    assert "date" in response.json()["errors"]


def test_only_those_who_may_work_on_the_series_are_answered(client, django_user_model, series):
    query = {"date": OFF_SCHEDULE.isoformat()}
    nobody = _user(django_user_model, "nobody")
    client.force_login(nobody)
    refused = client.get(_date_url(series), query)
    assert refused.status_code == 403
    assert "warning" not in refused.json()
    for name, codenames in [("editor", ["change_page"]), ("adder", ["add_page"])]:
        client.force_login(_user(django_user_model, name, *codenames, series=series))
        answered = client.get(_date_url(series), query)
        assert answered.status_code == 200, name
        assert NOT_ON in answered.json()["warning"]
    client.logout()
    assert client.get(_date_url(series), query).status_code == 302  # to the admin's log-in


def test_an_unknown_series_is_a_404_and_only_get_is_answered(admin_client, series):
    url = reverse("wagtail_kindness_check_date", args=[series.pk + 1000])
    assert admin_client.get(url, {"date": "2024-02-22"}).status_code == 404
    assert admin_client.post(_date_url(series), {"date": "2024-02-22"}).status_code == 405


def test_the_date_input_asks_the_check_and_shows_the_saved_warning(admin_client, series):
    page = add_conversation(series, OFF_SCHEDULE, title="Off the schedule")
    html = admin_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    date_input = re.search(r'<input[^>]*name="date"[^>]*>', html).group(0)
    assert 'data-controller="kindness-check"' in date_input
    assert f'data-kindness-check-url-value="{_date_url(series)}"' in date_input
    box = re.search(r'<div class="kindness-check" id="id_date-kindness-check"[^>]*>(.*?)</p>', html)
    assert NOT_ON in box.group(1)  # on the server: also without JavaScript
    assert "wagtail_kindness/admin/editor_checks.js" in html


def test_a_form_sent_back_with_an_error_still_warns_of_the_date(admin_client, series):
    before = _counts()
    data = conversation_form_data(OFF_SCHEDULE, title="t" * 300, **{"action-publish": "1"})
    response = admin_client.post(_add_url(series), data)
    assert response.status_code == 200
    assert _counts() == before
    assert (
        response.context["form"]
        .fields["date"]
        .widget.warning.startswith(f"Thursday 22 February 2024 {NOT_ON}")
    )
    box = re.search(r'id="id_date-kindness-check"[^>]*>(.*?)</div>\s*$', response.content.decode(),
                    re.S | re.M)  # fmt: skip
    assert box is not None
    assert NOT_ON in box.group(1)


def test_a_date_on_the_schedule_shows_no_warning(admin_client, series):
    page = add_conversation(series, ON_SCHEDULE, title="On the schedule")
    form = admin_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).context["form"]
    assert form.fields["date"].widget.warning == ""


# -- an address is refused once ------------------------------------------------------


def _messages(error) -> list[str]:
    """Every message of a (block) validation error, however deep."""
    nested = getattr(error, "block_errors", None)
    if nested is None:
        return list(error.messages)
    children = nested.values() if isinstance(nested, dict) else nested
    found = [m for child in children if child is not None for m in _messages(child)]
    non_block = getattr(error, "non_block_errors", None) or []
    return found + [m for e in non_block for m in _messages(e)]


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("https://foo", "Enter a valid URL."),
        ("https://exa_mple.org", "Enter a valid URL."),
        ("https://example", "Enter a valid URL."),
        ("not a url", "percent-encode"),
        ("ftp://example.org/x", "percent-encode"),
    ],
)
def test_a_bad_address_is_refused_once(url, words):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        WebURLBlock(required=False).clean(url)
    assert refused.value.messages == [m for m in refused.value.messages if words in m]
    assert len(refused.value.messages) == 1


@pytest.mark.parametrize("block", ["link", "recording", "presentation"])
def test_a_resource_with_a_bad_address_says_so_once(admin_client, series, block):
    value = {"title": "Slides", "url": "https://foo"}
    if block == "presentation":
        value["document"] = ""
    data = conversation_form_data(ON_SCHEDULE, resources=[(block, value)])
    response = admin_client.post(_add_url(series), data)
    assert response.status_code == 200
    [error] = response.context["form"].errors.as_data()["resources"]
    assert _messages(error) == ["Enter a valid URL."]


def test_the_joining_link_says_so_once(admin_client, home):
    response = admin_client.post(
        _add_url(home, ConversationSeriesPage), series_form_data(join_url="https://foo")
    )
    assert response.context["form"].errors["join_url"] == ["Enter a valid URL."]


@pytest.mark.parametrize(
    "address",
    ["https://foo", "https://exa mple.org/", "javascript:alert(1)", "https://example.org/a|b"],
)
def test_the_joining_link_checked_on_the_model_says_so_once(series, address):
    from django.core.exceptions import ValidationError

    series.join_url = address
    with pytest.raises(ValidationError) as raised:
        series.full_clean()
    assert len(raised.value.message_dict["join_url"]) == 1


# -- a channel or a playlist is linked, and the editor is told --------------------------

VIDEOS = [
    "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    "https://www.youtube.com/watch?v=dQw4w9WgXcQ&list=PL590L5WQmH8fJ54F369BLDSqIwcs-TCfs",
    "https://youtu.be/dQw4w9WgXcQ",
    "https://vimeo.com/76979871",
    "https://vimeo.com/channels/staffpicks/76979871",
    "https://vimeo.com/showcase/1234567/video/76979871",
]
NOT_VIDEOS = [
    ("https://vimeo.com/channels/staffpicks", "channel"),
    ("https://www.youtube.com/@kindness", "channel"),
    ("https://www.youtube.com/channel/UC_x5XG1OV2P6uZZ5FSM9Ttw", "channel"),
    ("https://www.youtube.com/playlist?list=PL590L5WQmH8fJ54F369BLDSqIwcs-TCfs", "playlist"),
    ("https://www.youtube.com/embed/videoseries?list=PL590L5WQmH8fJ54F369BLDSqIwcs", "playlist"),
    ("https://vimeo.com/showcase/1234567", "playlist"),
    ("https://vimeo.com/album/1234567", "playlist"),
    ("https://www.youtube.com/", "page"),
]


@pytest.mark.parametrize("url", VIDEOS)
def test_a_video_plays_and_is_not_warned_of(url):
    assert player_for(url) is not None
    assert not_a_video(url) is None
    assert video_warning(url) is None


@pytest.mark.parametrize(("url", "kind"), NOT_VIDEOS)
def test_a_channel_or_playlist_is_linked_with_a_warning(url, kind):
    assert player_for(url) is None  # a showcase's number is not a video's
    assert not_a_video(url) == kind
    assert "not a video: the page will link to it instead of playing it" in video_warning(url)


def test_another_sites_address_is_linked_without_a_warning():
    assert video_warning("https://example.org/recording.mp4") is None
    assert video_warning("https://[broken") is None


def test_the_video_check_answers_the_editor(admin_client, client, django_user_model):
    answer = admin_client.get(_video_url(), {"url": "https://vimeo.com/channels/staffpicks"})
    assert answer.status_code == 200
    assert answer.json()["warning"].startswith("This address is a channel, not a video")
    assert admin_client.get(_video_url(), {"url": VIDEOS[0]}).json() == {"warning": None}
    assert admin_client.get(_video_url(), {}).status_code == 400
    assert admin_client.get(_video_url(), {"url": "https://x.org/" + "a" * 3000}).status_code == 400
    assert client.get(_video_url(), {"url": VIDEOS[0]}).status_code == 302  # not signed in


def test_a_channel_is_saved_not_refused(admin_client, series):
    value = {"title": "Our channel", "url": "https://vimeo.com/channels/staffpicks"}
    data = conversation_form_data(
        ON_SCHEDULE, resources=[("recording", value)], **{"action-publish": "1"}
    )
    assert admin_client.post(_add_url(series), data).status_code == 302
    [child] = ConversationPage.objects.get().resources
    assert child.value.player is None
    assert child.value.href == "https://vimeo.com/channels/staffpicks"


def test_the_recording_address_input_asks_the_check():
    widget = RecordingBlock().child_blocks["url"].field.widget
    html = widget.render("resources-0-value-url", "", attrs={"id": "id_url"})
    assert 'data-controller="kindness-check"' in html
    assert f'data-kindness-check-url-value="{_video_url()}"' in html
    assert 'data-kindness-check-at-start-value="true"' in html
    assert "wagtail_kindness/admin/editor_checks.js" in str(widget.media)
    help_text = str(RecordingBlock().child_blocks["url"].field.help_text)
    assert "channel, a playlist or a showcase" in help_text


# -- a title over the limit is refused, never cut -------------------------------------


def test_a_long_title_is_refused_with_the_limit(admin_client, series):
    before = _counts()
    data = conversation_form_data(ON_SCHEDULE, title="t" * 2000, **{"action-publish": "1"})
    response = admin_client.post(_add_url(series), data)
    assert response.status_code == 200
    [message] = response.context["form"].errors["conversation_title"]
    assert message == (
        "This title has 2000 characters: a title may have at most 255. "
        "Shorten it (nothing was cut)."
    )
    assert _counts() == before


def test_the_title_input_does_not_cut_a_pasted_title(admin_client, series):
    html = admin_client.get(_add_url(series)).content.decode()
    title_input = re.search(r'<input[^>]*name="conversation_title"[^>]*>', html).group(0)
    assert "maxlength" not in title_input


def test_the_importer_cuts_a_long_title_and_says_so(home, seed_text):
    found = read_archive(seed_text)
    first, *rest = found.archive.conversations
    long_title = "Kindness " * 250  # 2,250 characters
    archive = Archive(
        series=found.archive.series,
        conversations=(dataclasses.replace(first, title=long_title), *rest),
    )
    again = read_archive(dumps(archive))
    cut = again.archive.conversations[0].title
    assert len(cut) <= 255
    assert cut.endswith("…")
    assert long_title.startswith(cut[:-1])
    [said] = [w for w in again.warnings if "characters" in w]
    assert f"{first.key}: the title has {len(long_title)} characters" in said
    report = import_into_site(again.archive, parent=home)
    assert report.conversations.created == len(archive.conversations)
    assert ConversationPage.objects.filter(conversation_title=cut).exists()


# -- help texts -----------------------------------------------------------------------


def test_each_resource_has_its_own_title_example():
    texts = {
        block: str(block().child_blocks["title"].field.help_text)
        for block in (SummaryDocumentBlock, RecordingBlock, PresentationBlock, ResourceLinkBlock)
    }
    assert len(set(texts.values())) == 4
    assert "'Recording'" in texts[RecordingBlock]
    assert "Insights and summary" not in texts[RecordingBlock]
    assert "'Insights and summary'" in texts[SummaryDocumentBlock]
    assert "'Presentation'" in texts[PresentationBlock]
    assert "'Link'" in texts[ResourceLinkBlock]


# -- time zones -------------------------------------------------------------------------


def _zone_choices(form) -> list:
    return list(form.fields["schedule_timezone"].widget.choices)


def _flat(choices) -> list[tuple[str, str]]:
    return [pair for _, group in choices for pair in group]


def test_the_common_zones_come_first_by_place_and_country(admin_client, home):
    form = admin_client.get(_add_url(home, ConversationSeriesPage)).context["form"]
    choices = _zone_choices(form)
    assert [str(label) for label, _ in choices] == ["Common", "All time zones"]
    common = choices[0][1]
    assert common[0] == ("Europe/London", "London (United Kingdom)")
    assert ("America/New_York", "New York (United States)") in common
    assert ("Asia/Kolkata", "Kolkata (India)") in common
    every = choices[1][1]
    assert ("Africa/Asmara", "Asmara (Eritrea)") in every
    assert ("Europe/Oslo", "Oslo (Norway)") in every  # a link today, but a country's zone
    values = [value for value, _ in _flat(choices)]
    assert "Africa/Asmera" not in values  # an old name kept for compatibility only
    assert "US/Eastern" not in values
    assert 350 < len(every) < 500
    labels = [label for _, label in every]
    assert labels == sorted(labels, key=str.casefold)


def test_conf_offers_no_old_names():
    zones = conf.time_zones()
    assert zones[0] == "Europe/London"
    assert "Africa/Asmera" not in zones
    assert "Africa/Asmara" in zones
    assert "UTC" in zones
    assert "Etc/UTC" not in zones
    assert zone_label("UTC").startswith("UTC")


def test_a_stored_old_name_stays_choosable_and_valid(admin_client, home):
    series = add_series_with_zone(home, "Africa/Asmera")
    edit = reverse("wagtailadmin_pages:edit", args=[series.pk])
    response = admin_client.get(edit)
    choices = _zone_choices(response.context["form"])
    assert choices[0][1][0][0] == "Africa/Asmera"
    assert re.search(r'<option value="Africa/Asmera"[^>]*selected', response.content.decode())
    data = series_form_data(schedule_timezone="Africa/Asmera", **{"action-publish": "1"})
    saved = admin_client.post(edit, data)
    assert saved.status_code == 302, saved.context["form"].errors
    assert ConversationSeriesPage.objects.get(pk=series.pk).schedule_timezone == "Africa/Asmera"


def test_a_short_configured_list_is_offered_as_it_is(admin_client, home, settings):
    settings.WAGTAILKINDNESS_TIME_ZONES = ["Asia/Kolkata", "Europe/London"]
    form = admin_client.get(_add_url(home, ConversationSeriesPage)).context["form"]
    assert _zone_choices(form) == [
        ("Europe/London", "London (United Kingdom)"),
        ("Asia/Kolkata", "Kolkata (India)"),
    ]


def add_series_with_zone(home, zone: str) -> ConversationSeriesPage:
    series = ConversationSeriesPage(
        title="Conversations for Kindness", slug="conversations", schedule_timezone=zone
    )
    home.add_child(instance=series)
    series.save_revision().publish()
    return ConversationSeriesPage.objects.get(pk=series.pk)


def test_the_json_answers_are_plain_json(admin_client, series):
    response = admin_client.get(_date_url(series), {"date": OFF_SCHEDULE.isoformat()})
    assert response["Content-Type"] == "application/json"
    assert isinstance(json.loads(response.content)["warning"], str)
