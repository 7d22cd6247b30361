"""Speakers in the admin: chosen or created without leaving the page, and their conversations.

* the speaker chooser has a "New speaker" tab for users who may choose
  speakers (``may_choose_speakers``) *and* add them (the Speaker add
  permission); the create view refuses everyone else, and a name that is
  already a speaker's (or one of their other names);
* the chooser lists the job title and organisation, and its search (Wagtail's
  autocomplete, on the database backend) finds a speaker by name, other
  name, organisation or job title, from the first letters;
* a speaker's own admin page lists their conversations with dates, series and
  parts, linked to each conversation's edit page, in a fixed number of queries;
* a conversation's people are headed by person and part, and the button says
  "Add person".
"""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from kindness_factories import add_conversation, conversation_form_data, count_queries
from wagtail.models import GroupPagePermission, ModelLogEntry

from wagtail_kindness.models import ConversationPage, ConversationPerson, Speaker
from wagtail_kindness.models.snippets import SpeakerConversationsPanel

pytestmark = pytest.mark.django_db

CHOOSER = "/admin/snippets/choose/wagtail_kindness/speaker/"
RESULTS = f"{CHOOSER}results/"
CREATE = f"{CHOOSER}create/"
NEW_SPEAKER = {
    "honorific": "Dr",
    "name": "Priya Raman",
    "job_title": "Consultant nurse",
    "organisation": "Leeds Teaching Hospitals",
    "aliases": "Pri",
    "bio": "Nurse and researcher.",
}


def _user(django_user_model, name, *codenames, groups=()):
    user = django_user_model.objects.create_user(name, f"{name}@example.org", "pw")
    user.user_permissions.add(*Permission.objects.filter(codename__in=["access_admin", *codenames]))
    user.groups.add(*groups)
    return user


@pytest.fixture
def series_editors(series):
    """A group with page permissions on the series only (no speaker permission)."""
    group = Group.objects.create(name="Series editors")
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=group, page=series, permission=Permission.objects.get(codename=codename)
        )
    return group


@pytest.fixture
def users(django_user_model, series_editors):
    return {
        "superuser": django_user_model.objects.create_superuser("root", "root@example.org", "pw"),
        "series editor": _user(django_user_model, "editor", groups=[series_editors]),
        "series editor who adds speakers": _user(
            django_user_model, "adder", "add_speaker", groups=[series_editors]
        ),
        "speaker adder": _user(django_user_model, "speakers", "add_speaker"),
        "admin only": _user(django_user_model, "nobody"),
    }


# -- creating a speaker in the chooser ----------------------------------------


@pytest.mark.parametrize(
    ("who", "chooses", "creates"),
    [
        ("superuser", True, True),
        ("series editor who adds speakers", True, True),
        ("speaker adder", True, True),  # a speaker permission lets them choose too
        ("series editor", True, False),  # may choose, may not add
        ("admin only", False, False),
    ],
)
def test_the_new_speaker_tab_needs_the_chooser_and_the_add_permission(
    client, users, who, chooses, creates
):
    client.force_login(users[who])
    response = client.get(CHOOSER)
    assert (response.status_code == 200) is chooses
    if chooses:
        modal = response.json()["html"]
        assert ("New speaker" in modal) is creates
        assert ('name="organisation"' in modal) is creates
        assert (f'action="{CREATE}"' in modal) is creates
    response = client.post(CREATE, NEW_SPEAKER)
    assert (response.status_code == 200) is creates, response.status_code
    assert Speaker.objects.filter(name="Priya Raman").exists() is creates
    if not creates:
        assert response.status_code in (302, 403)  # Wagtail's admin: back home, with a message


def test_the_creation_form_asks_for_the_key_fields_only(admin_client):
    modal = admin_client.get(CHOOSER).json()["html"]
    for field in ("honorific", "name", "job_title", "organisation", "aliases", "bio"):
        assert f'name="{field}"' in modal, field
    assert 'name="photo"' not in modal  # added later, on the speaker's page
    assert 'name="slug"' not in modal  # filled in from the name
    assert "Add speaker" in modal  # the button


def test_a_speaker_created_in_the_chooser_is_chosen_and_logged(admin_client, admin_user):
    response = admin_client.post(CREATE, NEW_SPEAKER)
    assert response.status_code == 200
    data = response.json()
    assert data["step"] == "chosen"
    speaker = Speaker.objects.get(name="Priya Raman")
    assert data["result"]["id"] == str(speaker.pk)
    assert data["result"]["string"] == "Dr Priya Raman"
    edit = reverse("wagtailsnippets_wagtail_kindness_speaker:edit", args=[speaker.pk])
    assert data["result"]["edit_url"] == edit
    assert speaker.job_title == "Consultant nurse"
    assert speaker.organisation == "Leeds Teaching Hospitals"
    assert speaker.slug == "priya-raman"
    assert speaker.alias_list == ["Pri"]
    entry = ModelLogEntry.objects.get(action="wagtail.create", object_id=str(speaker.pk))
    assert entry.user == admin_user


@pytest.mark.parametrize(
    ("name", "aliases"),
    [
        ("priya  raman", ""),  # case and spaces
        ("Professor Priya Raman", ""),  # honorific ignored
        ("Pri", ""),  # another name of hers
        ("P. Raman", "Priya Raman"),  # their other name is her name
    ],
)
def test_an_existing_speakers_name_is_refused(admin_client, name, aliases):
    Speaker.objects.create(**NEW_SPEAKER)
    response = admin_client.post(CREATE, {**NEW_SPEAKER, "name": name, "aliases": aliases})
    assert response.status_code == 200
    data = response.json()
    assert data["step"] == "reshow_creation_form"
    assert "Dr Priya Raman is already a speaker" in html.unescape(data["htmlFragment"])
    assert Speaker.objects.count() == 1


def test_a_speaker_without_a_name_is_refused(admin_client):
    response = admin_client.post(CREATE, {**NEW_SPEAKER, "name": ""})
    assert response.json()["step"] == "reshow_creation_form"
    assert not Speaker.objects.exists()


# -- the chooser's listing and search -------------------------------------------


@pytest.fixture
def speakers(db):
    return [
        Speaker.objects.create(**NEW_SPEAKER),
        Speaker.objects.create(
            name="Gabrielle Matthews",
            job_title="Chaplain",
            organisation="St Luke's Hospice",
            aliases="Gabby",
        ),
        Speaker.objects.create(
            name="Tom Hughes", job_title="Porter", organisation="Royal Infirmary"
        ),
    ]


def _names(response) -> list[str]:
    table = response.content.decode()
    return re.findall(r"data-chooser-modal-choice[^>]*>\s*([^<]+?)\s*</a>", table)


def test_the_chooser_lists_job_title_and_organisation(admin_client, speakers):
    modal = admin_client.get(CHOOSER).json()["html"]
    for heading in ("Job title", "Organisation"):
        assert re.search(rf"<th[^>]*>\s*{heading}\s*</th>", modal), heading
    row = re.search(r"<tr>(?:(?!</tr>).)*Gabrielle Matthews.*?</tr>", modal, re.S).group(0)
    assert "Chaplain" in row
    assert "St Luke&#x27;s Hospice" in row


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("Raman", ["Dr Priya Raman"]),  # name
        ("Gabb", ["Gabrielle Matthews"]),  # other name, as one types
        ("Leeds", ["Dr Priya Raman"]),  # organisation
        ("hospi", ["Dr Priya Raman", "Gabrielle Matthews"]),  # organisation, as one types
        ("Infirmary", ["Tom Hughes"]),
        ("chaplain", ["Gabrielle Matthews"]),  # job title
        ("nurse", ["Dr Priya Raman"]),
        ("nobody-at-all", []),
    ],
)
def test_the_chooser_search_covers_names_organisations_and_job_titles(
    admin_client, speakers, query, found
):
    response = admin_client.get(RESULTS, {"q": query})
    assert response.status_code == 200
    assert sorted(_names(response)) == found


def test_a_series_editor_searches_the_chooser_too(client, users, speakers):
    client.force_login(users["series editor"])
    assert _names(client.get(RESULTS, {"q": "Leeds"})) == ["Dr Priya Raman"]


# -- a speaker's conversations on their admin page ----------------------------------


def _edit_speaker(client, speaker):
    return client.get(reverse("wagtailsnippets_wagtail_kindness_speaker:edit", args=[speaker.pk]))


def test_the_speakers_page_lists_their_conversations_with_dates_and_parts(
    admin_client, series, speakers
):
    priya, gabby, _tom = speakers
    may = add_conversation(
        series, dt.date(2024, 5, 16), title="Compassion at night", people=[(priya, "speaker")]
    )
    june = add_conversation(
        series,
        dt.date(2024, 6, 20),
        title="Kind rotas",
        people=[(gabby, "speaker"), (priya, "host")],
        live=False,
    )
    add_conversation(series, dt.date(2024, 7, 18), title="Not hers", people=[(gabby, "host")])

    response = _edit_speaker(admin_client, priya)
    assert response.status_code == 200
    page = response.content.decode()
    panel = page[page.index("kindness-speaker-conversations") :]
    panel = panel[: panel.index("</table>")]
    rows = re.findall(r"<tr>(.*?)</tr>", panel, re.S)[1:]  # after the headings
    assert len(rows) == 2
    newest, oldest = rows  # newest first
    assert '<time datetime="2024-06-20">20 June 2024</time>' in newest
    assert reverse("wagtailadmin_pages:edit", args=[june.pk]) in newest
    assert "Kind rotas" in newest
    assert "Host" in newest
    assert "draft" in newest  # not published
    assert series.title in newest
    assert '<time datetime="2024-05-16">16 May 2024</time>' in oldest
    assert f'href="{reverse("wagtailadmin_pages:edit", args=[may.pk])}"' in oldest
    assert "Guest speaker" in oldest
    assert "draft" not in oldest
    assert "Not hers" not in page


def test_a_speaker_without_conversations_says_so_and_a_new_one_has_no_list(admin_client, speakers):
    page = _edit_speaker(admin_client, speakers[2]).content.decode()
    assert "This speaker has no part in any conversation yet." in page
    add = admin_client.get(reverse("wagtailsnippets_wagtail_kindness_speaker:add"))
    assert add.status_code == 200
    assert "kindness-speaker-conversations" not in add.content.decode()


def test_the_conversations_are_read_in_a_fixed_number_of_queries(admin_client, series, speakers):
    priya = speakers[0]
    add_conversation(series, dt.date(2024, 1, 18), people=[(priya, "speaker")])
    one = count_queries(lambda: _edit_speaker(admin_client, priya))
    for month in range(2, 8):
        add_conversation(series, dt.date(2024, month, 15), people=[(priya, "host")])
    seven = count_queries(lambda: _edit_speaker(admin_client, priya))
    assert seven == one


def test_only_the_newest_conversations_are_listed(rf, admin_user, series, speakers):
    priya = speakers[0]
    for month in range(1, 5):
        add_conversation(series, dt.date(2024, month, 18), people=[(priya, "speaker")])
    request = rf.get("/")
    request.user = admin_user
    panel = SpeakerConversationsPanel(limit=3).bind_to_model(Speaker)
    page = panel.get_bound_panel(instance=priya, request=request, form=None).render_html()
    assert "The newest 3 of 4 conversations are listed." in page
    assert page.count("<time ") == 3
    assert "2024-01-18" not in page  # the oldest


def test_conversation_links_are_only_for_those_who_may_edit_them(client, users, series, speakers):
    priya = speakers[0]
    page = add_conversation(series, dt.date(2024, 5, 16), people=[(priya, "speaker")])
    user = users["speaker adder"]
    user.user_permissions.add(Permission.objects.get(codename="change_speaker"))
    client.force_login(user)
    html_ = _edit_speaker(client, priya).content.decode()
    assert "2024-05-16" in html_
    assert reverse("wagtailadmin_pages:edit", args=[page.pk]) not in html_


# -- a conversation's people ----------------------------------------------------------


def _edit_conversation(client, page):
    return client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))


def _headings(page: str) -> list[str]:
    return re.findall(r"<span data-kindness-person-heading[^>]*>([^<]*)</span>", page)


def test_each_person_is_headed_by_name_and_part(admin_client, series, speakers):
    priya, gabby, _tom = speakers
    conversation = add_conversation(
        series, dt.date(2024, 5, 16), people=[(priya, "speaker"), (gabby, "host")]
    )
    response = _edit_conversation(admin_client, conversation)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Add person" in page
    assert "Add People" not in page
    assert _headings(page) == [
        "Dr Priya Raman — Guest speaker",
        "Gabrielle Matthews — Host",
        "Person",  # the row added in the browser, until a speaker is chosen
    ]
    assert "wagtail_kindness/js/people-panel.js" in page
    assert 'data-kindness-heading-format="{person} — {part}"' in page


def test_a_form_shown_again_heads_the_rows_as_submitted(admin_client, series, speakers):
    priya, gabby, tom = speakers
    conversation = add_conversation(series, dt.date(2024, 5, 16), people=[(priya, "speaker")])
    data = conversation_form_data(
        "",  # no date: the form is shown again
        people=[(tom, "facilitator"), (gabby, "co-speaker")],
        slug=conversation.slug,
    )
    data["people-0-id"] = str(conversation.people.get().pk)
    response = admin_client.post(reverse("wagtailadmin_pages:edit", args=[conversation.pk]), data)
    assert response.status_code == 200
    assert _headings(response.content.decode())[:2] == [
        "Tom Hughes — Facilitator",
        "Gabrielle Matthews — Co-speaker",
    ]
    assert ConversationPage.objects.get(pk=conversation.pk).people.get().speaker == priya


def test_the_revisions_compare_the_people_field_by_field(admin_client, series, speakers):
    priya, gabby, _tom = speakers
    conversation = add_conversation(series, dt.date(2024, 5, 16), people=[(priya, "speaker")])
    first = conversation.latest_revision
    conversation.people.add(ConversationPerson(speaker=gabby, role="host"))
    second = conversation.save_revision()
    url = reverse(
        "wagtailadmin_pages:revisions_compare", args=[conversation.pk, first.pk, second.pk]
    )
    response = admin_client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "People" in page
    assert "Gabrielle Matthews" in page
