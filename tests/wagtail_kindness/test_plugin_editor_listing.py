"""The editors' conversations listing and the dashboard panel (issue 15, items 6 and 7).

The listing (``views/listing.py``): its columns, its filters (upcoming, past,
missing summary or recording, series), its search, who sees it, and its cost
(the same number of queries at 5 and at 30 conversations).  The dashboard
panel (``dashboard.py``): the next three meetings as live, draft or missing
with their links, the past meetings that miss a follow-up, who sees what, and
its cost.  The add form's ``?date=``.
"""

from __future__ import annotations

import datetime as dt
import re
from html import unescape

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from kindness_factories import add_conversation, count_queries, make_series, third_thursday
from wagtail.models import GroupPagePermission, Page

from wagtail_kindness.models import ConversationPage, ConversationSeriesPage, Speaker

pytestmark = pytest.mark.django_db

LISTING = "/admin/kindness/conversations/"
HOME = "/admin/"
#: The menu item, in the sidebar's JSON.
MENU_ITEM = f'"url": "{LISTING}"'


def listing_url() -> str:
    return reverse("wagtail_kindness_conversations:index")


def add_url(series) -> str:
    return reverse(
        "wagtailadmin_pages:add", args=["wagtail_kindness", "conversationpage", series.pk]
    )


def edit_url(page) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def summary(document) -> tuple[str, dict]:
    return ("summary", {"title": "", "document": document})


def recording(url: str = "") -> tuple[str, dict]:
    return ("recording", {"title": "", "url": url})


def rows(html: str) -> dict[str, str]:
    """The listing's rows by page title: each row's text, tags removed, spaces collapsed."""
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0] if "<tbody>" in html else ""
    found = {}
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, flags=re.S):
        title = re.search(r'id="page_\d+_title">\s*(.*?)\s*</span>', row, flags=re.S)
        cells = [
            " ".join(unescape(re.sub(r"<[^>]+>", " ", cell)).split())
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)
        ]
        found[unescape(title.group(1))] = " | ".join(cells)
    return found


def coming_dates(series, count: int = 3) -> list[dt.date]:
    schedule = series.base_schedule()
    now = timezone.now()
    return [o.start.date() for o in schedule.upcoming(after=now - schedule.duration, count=count)]


@pytest.fixture
def admin_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", "root@x.org", "pw"))
    return client


@pytest.fixture
def archive(series, document):
    """Past meetings with every combination of follow-ups, a cancelled one, and a draft to come."""
    host = Speaker.objects.create(name="Harriet Host")
    guest = Speaker.objects.create(name="Gita Guest", honorific="Dr")
    return {
        "complete": add_conversation(
            series,
            third_thursday(2023, 1),
            title="Complete",
            people=[(guest, "speaker"), (host, "host")],
            resources=[summary(document), recording("https://vimeo.com/1")],
        ),
        "announced": add_conversation(
            series,
            third_thursday(2023, 2),
            title="Announced",
            resources=[summary(None), recording("")],
        ),
        "bare": add_conversation(series, third_thursday(2023, 3), title="Bare"),
        "no recording": add_conversation(
            series, third_thursday(2023, 4), title="Only summary", resources=[summary(document)]
        ),
        "cancelled": add_conversation(
            series, third_thursday(2023, 5), title="Called off", status="cancelled"
        ),
        "postponed": add_conversation(
            series,
            third_thursday(2023, 6),
            title="Moved",
            status="postponed",
            postponed_date=dt.date(2023, 6, 29),
            resources=[recording("https://vimeo.com/2")],
        ),
        "coming": add_conversation(
            series, coming_dates(series)[1], title="Coming draft", status="scheduled", live=False
        ),
    }


# -- the listing -----------------------------------------------------------------


def test_the_listing_has_a_row_per_conversation_with_its_columns(admin_client, archive):
    assert listing_url() == LISTING
    response = admin_client.get(LISTING)
    assert response.status_code == 200
    html = response.content.decode()
    found = rows(html)
    assert set(found) == {page.title for page in archive.values()}
    complete = found["Complete"]
    assert "Held" in complete
    assert "Dr Gita Guest" in complete
    assert "Harriet Host" not in complete  # hosts are not the speakers
    assert "✓ Available | ✓ Available" in complete
    assert "Current page status: live" in complete
    assert "Pending | Pending" in found["Announced"]
    assert "— None | — None" in found["Bare"]
    assert "✓ Available | — None" in found["Only summary"]
    assert "Cancelled" in found["Called off"]
    assert f"Postponed to {date_format(dt.date(2023, 6, 29))}" in found["Moved"]
    assert "Current page status: draft" in found["Coming draft"]
    for page in archive.values():  # every title links to its edit view
        assert f'href="{edit_url(page)}"' in html


def test_the_listing_is_newest_first_and_sorts_by_title(admin_client, archive):
    order = list(rows(admin_client.get(LISTING).content.decode()))
    assert order[0] == "Coming draft"
    assert order[-1] == "Complete"
    by_title = list(rows(admin_client.get(LISTING, {"ordering": "title"}).content.decode()))
    assert by_title == sorted(by_title)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"when": "upcoming"}, {"Coming draft"}),
        (
            {"when": "past"},
            {"Complete", "Announced", "Bare", "Only summary", "Called off", "Moved"},
        ),
        ({"missing": "summary"}, {"Announced", "Bare", "Moved"}),
        ({"missing": "recording"}, {"Announced", "Bare", "Only summary"}),
        ({"missing": "recording", "q": "bare"}, {"Bare"}),
        ({"q": "ONLY"}, {"Only summary"}),
        ({"q": "nothing like it"}, set()),
        ({"when": "upcoming", "missing": "recording"}, set()),
        ({"missing": "nonsense"}, None),  # an unknown choice: the filter is not applied
    ],
)
def test_the_listing_filters_and_searches(admin_client, archive, query, expected):
    response = admin_client.get(LISTING, query)
    assert response.status_code == 200
    found = set(rows(response.content.decode()))
    if expected is None:
        assert found == {page.title for page in archive.values()}
    else:
        assert found == expected


def test_the_listing_is_in_the_menu_and_its_add_button_finds_the_series(admin_client, archive):
    assert MENU_ITEM in admin_client.get(HOME).content.decode()
    html = admin_client.get(LISTING).content.decode()
    choose = reverse("wagtail_kindness_conversations:choose_parent")
    assert choose in html
    response = admin_client.get(choose)  # one series: straight to its add form
    assert response.status_code == 302
    assert response["Location"] == add_url(archive["bare"].get_parent())


def test_the_results_view_answers_the_filters_too(admin_client, archive):
    url = reverse("wagtail_kindness_conversations:index_results")
    response = admin_client.get(url, {"missing": "recording"})
    assert response.status_code == 200
    assert set(rows(response.content.decode())) == {"Announced", "Bare", "Only summary"}


def test_the_series_column_and_filter_appear_with_several_series(admin_client, archive, home):
    html = admin_client.get(LISTING).content.decode()
    assert 'name="series"' not in html  # one series: no series filter, no column
    other = make_series(home, title="Kindness in Education", slug="education")
    add_conversation(other, third_thursday(2023, 2), title="Education one")
    html = admin_client.get(LISTING).content.decode()
    assert 'name="series"' in html
    found = rows(html)
    assert "Kindness in Education" in found["Education one"]
    assert "Conversations for Kindness" in found["Bare"]
    only_other = set(rows(admin_client.get(LISTING, {"series": other.pk}).content.decode()))
    assert only_other == {"Education one"}
    both = admin_client.get(LISTING, {"series": [other.pk, archive["bare"].get_parent().pk]})
    assert len(rows(both.content.decode())) == len(archive) + 1


# -- who sees what ------------------------------------------------------------------


def _user(django_user_model, name: str, page=None, codenames=("add_page", "change_page")):
    user = django_user_model.objects.create_user(name, f"{name}@example.org", "pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    if page is not None:
        group = Group.objects.create(name=f"{name} group")
        for codename in codenames:
            GroupPagePermission.objects.create(
                group=group, page=page, permission=Permission.objects.get(codename=codename)
            )
        user.groups.add(group)
    return user


def test_an_editor_of_one_series_sees_only_its_conversations(
    client, django_user_model, archive, home
):
    other = make_series(home, title="Kindness in Education", slug="education")
    add_conversation(other, third_thursday(2023, 2), title="Education one")
    client.force_login(_user(django_user_model, "scoped", other))
    response = client.get(LISTING)
    assert response.status_code == 200
    html = response.content.decode()
    assert set(rows(html)) == {"Education one"}
    assert 'name="series"' not in html  # one series for this user
    assert MENU_ITEM in client.get(HOME).content.decode()


def test_a_user_without_a_series_has_no_listing_and_no_menu_item(
    client, django_user_model, archive
):
    client.force_login(_user(django_user_model, "nobody"))
    response = client.get(LISTING)
    assert response.status_code in (302, 403)
    assert "Complete" not in response.content.decode()
    home = client.get(HOME).content.decode()
    assert MENU_ITEM not in home
    assert "kindness-conversations" not in home  # no dashboard panel either


def test_a_user_with_pages_elsewhere_but_no_series_is_refused(
    client, django_user_model, archive, home
):
    blog = home.add_child(instance=Page(title="Blog", slug="blog"))
    client.force_login(_user(django_user_model, "elsewhere", blog))
    assert client.get(LISTING).status_code in (302, 403)
    assert MENU_ITEM not in client.get(HOME).content.decode()


def test_an_editor_who_may_only_add_sees_titles_without_edit_links(
    client, django_user_model, series, archive
):
    client.force_login(_user(django_user_model, "adder", series, codenames=("add_page",)))
    html = client.get(LISTING).content.decode()
    assert "Complete" in rows(html)
    assert f'href="{edit_url(archive["complete"])}"' not in html


# -- the add form's date ------------------------------------------------------------


def _date_field(html: str) -> str:
    tag = re.search(r'<input[^>]*id="id_date"[^>]*>', html).group(0)
    return re.search(r'value="([^"]*)"', tag).group(1)


def test_the_add_form_takes_the_date_of_the_link(admin_client, series):
    html = admin_client.get(add_url(series), {"date": "2031-05-15"}).content.decode()
    assert _date_field(html) == "2031-05-15"
    assert re.search(r'name="slug"[^>]*value="2031-05"', html)


@pytest.mark.parametrize("value", ["", "not-a-date", "2031-02-30", "3001-01-16"])
def test_the_add_form_ignores_a_date_it_cannot_use(admin_client, series, value):
    html = admin_client.get(add_url(series), {"date": value}).content.decode()
    expected = series.next_free_occurrence(now=timezone.now()).start.date()
    assert _date_field(html) == expected.isoformat()


# -- the dashboard panel ------------------------------------------------------------


def _panel(html: str) -> str:
    start = html.index('id="kindness-conversations-section"')
    return html[start : html.index("</section>", html.index("kindness-dashboard", start)) + 10]


def _meetings(panel: str) -> list[tuple[str, str]]:
    items = re.findall(r'<li data-kindness-meeting="(\w+)">(.*?)</li>', panel, flags=re.S)
    return [(state, " ".join(unescape(body).split())) for state, body in items]


def test_the_panel_shows_the_next_three_meetings_live_draft_or_missing(admin_client, series):
    first, second, third = coming_dates(series)
    live = add_conversation(series, first, title="Soon and live", status="scheduled")
    draft = add_conversation(series, second, title="Half done", status="scheduled", live=False)
    panel = _panel(admin_client.get(HOME).content.decode())
    meetings = _meetings(panel)
    assert [state for state, _body in meetings] == ["live", "draft", "missing"]
    assert "Its page “Soon and live” is published." in meetings[0][1]
    assert f'href="{edit_url(live)}"' in meetings[0][1]
    assert "Its page “Half done” exists but is not published." in meetings[1][1]
    assert f'href="{edit_url(draft)}">Continue the draft' in meetings[1][1]
    assert "It has no page yet." in meetings[2][1]
    assert f'href="{add_url(series)}?date={third.isoformat()}">Add its page' in meetings[2][1]
    assert f'datetime="{third.isoformat()}T' in meetings[2][1]  # its date, as a <time>


def test_the_panel_counts_past_meetings_missing_a_follow_up(admin_client, series, document):
    pages = [
        add_conversation(series, third_thursday(2022, month), title=f"Past {month}")
        for month in range(1, 8)
    ]  # seven with nothing after them
    add_conversation(
        series,
        third_thursday(2022, 9),
        title="All done",
        resources=[summary(document), recording("https://vimeo.com/9")],
    )
    add_conversation(
        series, third_thursday(2022, 11), title="With summary", resources=[summary(document)]
    )
    add_conversation(series, third_thursday(2022, 12), title="Off", status="cancelled")
    add_conversation(series, coming_dates(series)[0], title="Next", status="scheduled")
    panel = _panel(admin_client.get(HOME).content.decode())
    text = " ".join(unescape(re.sub(r"<[^>]+>", " ", panel)).split())
    assert "8 past conversations miss their recording." in text
    assert "7 past conversations miss their summary." in text
    base = f"{LISTING}?missing=recording&amp;series={series.pk}"
    assert f'href="{base}"' in panel
    listed = re.findall(r'<ul class="kindness-dashboard__missing">(.*?)</ul>', panel, flags=re.S)
    items = re.findall(r"<li>(.*?)</li>", listed[0], flags=re.S)
    assert len(items) == 5  # the most recent five, newest first
    assert "With summary</a>: Recording" in items[0]
    assert "Past 7</a>: Recording, Insights and summary" in items[1]
    assert "Past 1" not in panel
    assert "Past 2" not in panel
    assert f'href="{edit_url(pages[-1])}#panel-child-content-resources-section"' in items[1]
    assert "Off" not in text
    assert "All done" not in text
    assert "Next</a>:" not in panel
    listing = admin_client.get(LISTING, {"missing": "recording", "series": series.pk})
    assert len(rows(listing.content.decode())) == 8  # the link lists what the panel counts


def test_the_panel_links_only_what_the_user_may_edit(client, django_user_model, series):
    first, second, _third = coming_dates(series)
    add_conversation(series, first, title="Someone else's", status="scheduled", live=False)
    past = add_conversation(series, third_thursday(2023, 1), title="Past meeting")
    adder = _user(django_user_model, "adder", series, codenames=("add_page",))
    mine = add_conversation(series, second, title="Mine", status="scheduled", live=False)
    ConversationPage.objects.filter(pk=mine.pk).update(owner=adder)
    client.force_login(adder)
    panel = _panel(client.get(HOME).content.decode())
    meetings = _meetings(panel)
    assert [state for state, _body in meetings] == ["draft", "draft", "missing"]
    assert "href=" not in meetings[0][1]  # not theirs: no link
    assert f'href="{edit_url(mine)}"' in meetings[1][1]  # their own draft: continue
    assert f"{add_url(series)}?date=" in meetings[2][1]
    assert "Past meeting" in panel
    assert edit_url(past) not in panel


def test_the_panel_of_a_user_who_may_not_add_has_no_add_link(client, django_user_model, series):
    client.force_login(_user(django_user_model, "changer", series, codenames=("change_page",)))
    panel = _panel(client.get(HOME).content.decode())
    assert [state for state, _body in _meetings(panel)] == ["missing"] * 3
    assert add_url(series) not in panel


# -- cost: the same number of queries at 5 and at 30 conversations --------------------

#: Most queries each view may make, whatever the number of conversations: the
#: count measured (the comment; SQLite, Wagtail 7.4 and 8.0 alike) plus 3, as in
#: test_plugin_querycounts.py.  The dashboard holds Wagtail's own panels too.
CEILINGS = {
    "listing": 22,  # 19
    "listing_filtered": 23,  # 20: the past pages' resources, read to filter
    "listing_search": 22,  # 19
    "dashboard": 27,  # 24
}
SIZES = (5, 30)


def _fill(series, document, count: int) -> None:
    speakers = [Speaker.objects.create(name=f"Speaker {n}") for n in range(3)]
    day = dt.date(2020, 1, 16)
    for n in range(count):
        resources = [summary(document if n % 2 else None), recording("https://vimeo.com/1")]
        add_conversation(
            series,
            day,
            title=f"Conversation {n}",
            people=[(speakers[n % 3], "speaker"), (speakers[0], "host")],
            resources=resources if n % 3 else [],
            live=bool(n % 4),
            with_revision=False,
        )
        day = (day.replace(day=1) + dt.timedelta(days=32)).replace(day=16)
    for n, day in enumerate(coming_dates(series, 2)):
        add_conversation(series, day, title=f"Coming {n}", status="scheduled", live=bool(n))


def _measure(client) -> dict[str, int]:
    requests = {
        "listing": (LISTING, {}),
        "listing_filtered": (LISTING, {"missing": "summary", "when": "past"}),
        "listing_search": (LISTING, {"q": "conversation"}),
        "dashboard": (HOME, {}),
    }
    found = {}
    for name, (url, query) in requests.items():

        def get(url=url, query=query):
            assert client.get(url, query).status_code == 200

        get()  # warm Wagtail's caches (site root paths, content types)
        found[name] = count_queries(get)
    return found


@pytest.fixture
def measured(client, django_user_model, home, document):
    """size -> view -> queries, for an editor with page permissions on two series."""
    editor = _user(django_user_model, "counted", home)
    client.force_login(editor)
    found = {}
    for size in SIZES:
        ConversationSeriesPage.objects.all().delete()
        first = make_series(home, title="First", slug="first")
        second = make_series(home, title="Second", slug="second")
        _fill(first, document, size)
        _fill(second, document, size)
        found[size] = _measure(client)
    return found


@pytest.mark.parametrize("view", CEILINGS)
def test_the_listing_and_the_panel_cost_the_same_at_5_and_30_conversations(measured, view):
    small, large = (measured[size][view] for size in SIZES)
    assert small == large, f"{view}: {small} queries at {SIZES[0]}, {large} at {SIZES[1]}"
    assert large <= CEILINGS[view], f"{view}: {large} queries, ceiling {CEILINGS[view]}"
