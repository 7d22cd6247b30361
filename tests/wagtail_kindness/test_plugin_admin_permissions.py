"""The plugin's admin views show each user only what Wagtail's permissions let them see.

Users: a superuser; members of Wagtail's default "Editors" and "Moderators"
groups (page permissions on the whole tree); a user given page permissions
on one series only; a user who may only open the admin.  Series: a public
one, a password-protected one and one never published, with drafts below.
Views: the dashboard panel, the speaker listing (with search and every
sortable column), the speaker chooser, the series' edit form.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from kindness_factories import add_conversation, third_thursday
from wagtail.models import GroupPagePermission, PageViewRestriction

from wagtail_kindness.models import ConversationSeriesPage, Speaker

pytestmark = pytest.mark.django_db

SERIES = {
    "public": "Public conversations",
    "protected": "Password conversations",
    "draft": "Never published conversations",
}
DRAFT_CONVERSATION = "Secret draft conversation"


@pytest.fixture
def tree(home):
    made = {}
    for key, title in SERIES.items():
        page = ConversationSeriesPage(title=title, slug=key)
        home.add_child(instance=page)
        if key == "draft":
            page.save_revision()
            ConversationSeriesPage.objects.filter(pk=page.pk).update(live=False)
        else:
            page.save_revision().publish()
        made[key] = ConversationSeriesPage.objects.get(pk=page.pk)
        add_conversation(
            made[key],
            third_thursday(2099, 1),
            title=f"{DRAFT_CONVERSATION} {key}",
            status="scheduled",
            live=False,
        )
    PageViewRestriction.objects.create(page=made["protected"], password="secret")
    return made


def _user(django_user_model, name: str, *groups: Group):
    user = django_user_model.objects.create_user(name, f"{name}@example.org", "pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(*groups)
    return user


@pytest.fixture
def users(django_user_model, tree):
    one_series = Group.objects.create(name="Public series editors")
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=one_series,
            page=tree["public"],
            permission=Permission.objects.get(codename=codename),
        )
    return {
        "superuser": django_user_model.objects.create_superuser("root", "root@example.org", "pw"),
        "editor": _user(django_user_model, "editor", Group.objects.get(name="Editors")),
        "moderator": _user(django_user_model, "moderator", Group.objects.get(name="Moderators")),
        "one series": _user(django_user_model, "scoped", one_series),
        "admin only": _user(django_user_model, "nobody"),
    }


#: Which series each user's dashboard names.
SEES = {
    "superuser": set(SERIES),
    "editor": set(SERIES),
    "moderator": set(SERIES),
    "one series": {"public"},
    "admin only": set(),
}


@pytest.mark.parametrize("who", list(SEES))
def test_the_dashboard_names_only_the_series_the_user_may_work_on(client, users, tree, who):
    client.force_login(users[who])
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    html = response.content.decode()
    for key, title in SERIES.items():
        seen = key in SEES[who]
        assert (title in html) is seen, f"{who} and {title}"
        series = tree[key]
        add_link = reverse(
            "wagtailadmin_pages:add", args=["wagtail_kindness", "conversationpage", series.pk]
        )
        assert (add_link in html) is seen
    if not SEES[who]:
        assert "kindness-conversations" not in html  # no empty panel either


def test_an_editor_who_may_only_add_sees_no_edit_link_for_anothers_page(client, users, tree):
    adders = Group.objects.create(name="Adders")
    GroupPagePermission.objects.create(
        group=adders, page=tree["public"], permission=Permission.objects.get(codename="add_page")
    )
    adder = users["admin only"]
    adder.groups.add(adders)
    series = tree["public"]
    page = add_conversation(
        series, series.base_schedule().next(after=dt.datetime.now(dt.UTC)).start.date()
    )
    client.force_login(adder)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert SERIES["public"] in html
    assert reverse("wagtailadmin_pages:edit", args=[page.pk]) not in html  # not their page


# -- the speaker snippet ----------------------------------------------------------


@pytest.fixture
def speakers(db):
    return [
        Speaker.objects.create(name="Anna West", job_title="Nurse", organisation="Zeta Trust"),
        Speaker.objects.create(name="Bob Westwood", job_title="Doctor", organisation="Alpha"),
        Speaker.objects.create(name="Carla Weston", job_title="Porter", organisation="Mid"),
        Speaker.objects.create(name="Dan East", job_title="Chaplain", organisation="Alpha"),
    ]


LISTING = "/admin/snippets/wagtail_kindness/speaker/"
CHOOSER = "/admin/snippets/choose/wagtail_kindness/speaker/"


@pytest.mark.parametrize(
    ("who", "status"),
    [("superuser", 200), ("editor", 302), ("one series", 302), ("admin only", 302)],
)
def test_the_speaker_listing_follows_the_model_permissions(client, users, speakers, who, status):
    client.force_login(users[who])
    response = client.get(LISTING)
    assert response.status_code == status
    if status == 200:  # each name links to its edit form
        edit = reverse("wagtailsnippets_wagtail_kindness_speaker:edit", args=[speakers[0].pk])
        assert f'href="{edit}"' in response.content.decode()


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("superuser", True),
        ("editor", True),
        ("moderator", True),
        ("one series", True),
        ("admin only", False),
    ],
)
def test_the_speaker_chooser_is_for_those_who_edit_conversations(
    client, users, speakers, who, allowed
):
    client.force_login(users[who])
    for url in (CHOOSER, f"{CHOOSER}results/?q=West"):
        response = client.get(url)
        assert (response.status_code == 200) is allowed, (who, url, response.status_code)
        assert ("Anna West" in response.content.decode()) is allowed


def test_a_user_with_a_speaker_permission_may_choose_them(client, users, speakers):
    user = users["admin only"]
    user.user_permissions.add(Permission.objects.get(codename="view_speaker"))
    client.force_login(user)
    assert client.get(CHOOSER).status_code == 200


def _valid_orderings(client) -> list[str]:
    view = client.get(LISTING).context["view"]
    return sorted(view.get_valid_orderings())


@pytest.mark.parametrize("query", ["west", "alpha", "nurse", "nobody-at-all"])
def test_every_sortable_column_sorts_search_results(admin_client, speakers, query):
    orderings = _valid_orderings(admin_client)
    assert {"name", "-name", "job_title", "-job_title", "_updated_at"} <= set(orderings)
    expected = None
    for ordering in orderings:
        response = admin_client.get(LISTING, {"q": query, "ordering": ordering})
        assert response.status_code == 200, ordering
        found = list(response.context["object_list"])
        names = {s.name for s in found}
        expected = names if expected is None else expected
        assert names == expected, ordering  # the same speakers, whatever the order
        field = ordering.lstrip("-")
        if not field.startswith("_"):
            keys = [getattr(s, field) for s in found]
            assert keys == sorted(keys, reverse=ordering.startswith("-")), ordering
    if query == "west":
        assert expected == {"Anna West", "Bob Westwood", "Carla Weston"}
    # The reported addresses, unchanged.
    for ordering in ("job_title", "-updated_at"):
        assert admin_client.get(f"{LISTING}?q={query}&ordering={ordering}").status_code == 200
