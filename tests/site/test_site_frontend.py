"""The example site's front end, without a browser: what a visitor's first load fetches.

The home page, the archive and the latest conversation of the demo are fetched
with Django's test client inside the site (``manage.py shell`` on a copy of the
demo database, ``example_site.settings.test``: DEBUG off, WhiteNoise serving the
static files), together with everything their HTML and CSS make a browser load
on arrival: scripts, stylesheets (and their ``@import`` and ``url()``), icons,
preloads and preconnects, images, frames.  Sizes are the bytes as served without
compression (what goes over the wire is at most that).  ``make lighthouse``
measures the same pages in Chromium; the plugin's own pages are weighed with
60 conversations in tests/wagtail_kindness/test_plugin_querycounts.py.
"""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest

from example_site.demo_server import manage

MAX_WEIGHT = 100_000  # bytes of HTML + CSS + JS on the first load (images aside)
HOST = "127.0.0.1"  # in the test settings' ALLOWED_HOSTS
# <link rel=…> that make the browser fetch (or connect) on load; alternate, canonical… do not.
FETCHING_RELS = {
    "stylesheet",
    "icon",
    "apple-touch-icon",
    "manifest",
    "preload",
    "modulepreload",
    "prefetch",
    "preconnect",
    "dns-prefetch",
    "prerender",
}
# tag -> attributes whose URLs are fetched on load
FETCHING_ATTRS = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "iframe": ("src",),
    "frame": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "input": ("src",),
}
CSS_URL = re.compile(r"""url\(\s*(["']?)([^"')]+)\1\s*\)""", re.IGNORECASE)
CSS_IMPORT = re.compile(r"""@import\s+(["'])([^"']+)\1""", re.IGNORECASE)


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.fetched: list[tuple[str, str]] = []  # (kind, url)
        self.descriptions: list[str] = []
        self.icons: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        self._in_style = tag == "style"
        if tag == "link":
            rels = set(attrs.get("rel", "").lower().split())
            if rels & FETCHING_RELS and attrs.get("href"):
                kind = "stylesheet" if "stylesheet" in rels else sorted(rels & FETCHING_RELS)[0]
                self.fetched.append((kind, attrs["href"]))
            if "icon" in rels:
                self.icons.append(attrs.get("href", ""))
        if tag == "meta" and attrs.get("name", "").lower() == "description":
            self.descriptions.append(attrs.get("content", ""))
        if tag == "meta" and attrs.get("http-equiv", "").lower() == "refresh":
            target = attrs.get("content", "").partition("url=")[2].strip()
            if target:
                self.fetched.append(("refresh", target))
        for name in FETCHING_ATTRS.get(tag, ()):
            for url in _urls(name, attrs.get(name, "")):
                self.fetched.append(("script" if tag == "script" else tag, url))
        for url in _css_urls(attrs.get("style", "")):
            self.fetched.append(("css-url", url))

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.fetched.extend(("css-url", url) for url in _css_urls(data))


def _urls(name: str, value: str) -> list[str]:
    if not value.strip():
        return []
    if name == "srcset":
        return [c.strip().split()[0] for c in value.split(",") if c.strip()]
    return [value.strip()]


def _css_urls(css: str) -> list[str]:
    found = [m.group(2) for m in CSS_IMPORT.finditer(css)]
    found += [m.group(2).strip() for m in CSS_URL.finditer(css)]
    return [u for u in found if u and not u.startswith(("data:", "#"))]


def _body(response) -> bytes:
    if getattr(response, "streaming", False):
        try:
            return b"".join(response.streaming_content)
        finally:
            response.close()
    return response.content


def first_load(client, path: str) -> dict:
    """Fetch ``path`` and all it loads on arrival (in the site's process): a JSON-able report."""
    page_url = f"http://{HOST}{path}"
    response = client.get(path)
    html = _body(response).decode()
    parser = _Page()
    parser.feed(html)
    report = {
        "path": path,
        "status": response.status_code,
        "html_bytes": len(html.encode()),
        "descriptions": parser.descriptions,
        "icons": parser.icons,
        "assets": [],
    }
    queue = [(kind, urljoin(page_url, url)) for kind, url in parser.fetched]
    seen: set[str] = set()
    while queue:
        kind, url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        parts = urlsplit(url)
        asset = {"kind": kind, "url": url, "host": parts.hostname, "status": None, "bytes": 0}
        report["assets"].append(asset)
        if parts.hostname != HOST:
            continue  # never fetched from here: the test reports it
        served = client.get(parts.path + (f"?{parts.query}" if parts.query else ""))
        body = _body(served)
        asset.update(status=served.status_code, bytes=len(body), type=served.get("Content-Type"))
        if kind == "stylesheet" or (served.get("Content-Type") or "").startswith("text/css"):
            queue.extend(("css-url", urljoin(url, u)) for u in _css_urls(body.decode()))
    return report


SHELL = """
import json
from django.test import Client
from tests.site.test_site_frontend import first_load
from wagtail_kindness.models import ConversationPage
latest = ConversationPage.objects.live().order_by("-start").first().url
client = Client(HTTP_HOST="127.0.0.1")
pages = (("home", "/"), ("archive", "/conversations/"), ("conversation", latest))
reports = {name: first_load(client, path) for name, path in pages}
print("REPORT " + json.dumps(reports))
"""


@pytest.fixture(scope="module")
def first_loads(demo_database, tmp_path_factory) -> dict:
    db = tmp_path_factory.mktemp("frontend") / "site.sqlite3"
    shutil.copyfile(demo_database, db)
    out = manage(db, "shell", "-c", SHELL)
    line = next(line for line in out.splitlines() if line.startswith("REPORT "))
    return json.loads(line.removeprefix("REPORT "))


PAGES = ("home", "archive", "conversation")


@pytest.mark.parametrize("name", PAGES)
def test_first_load_is_under_100_kb_of_html_css_and_js(first_loads, name):
    report = first_loads[name]
    assert report["status"] == 200
    code = [a for a in report["assets"] if a["kind"] in ("script", "stylesheet")]
    assert any(a["kind"] == "stylesheet" for a in code), "the site's CSS was not found"
    weight = report["html_bytes"] + sum(a["bytes"] for a in code)
    detail = ", ".join(f"{urlsplit(a['url']).path} {a['bytes']}" for a in code)
    assert weight < MAX_WEIGHT, (
        f"{report['path']}: {weight} bytes (HTML {report['html_bytes']}, {detail})"
    )


@pytest.mark.parametrize("name", PAGES)
def test_first_load_requests_nothing_from_other_hosts(first_loads, name):
    report = first_loads[name]
    others = [f"{a['kind']} {a['url']}" for a in report["assets"] if a["host"] != HOST]
    assert not others, f"third-party requests on load of {report['path']}: {others}"


@pytest.mark.parametrize("name", PAGES)
def test_everything_loaded_is_served(first_loads, name):
    report = first_loads[name]
    broken = [f"{a['url']} -> {a['status']}" for a in report["assets"] if a["status"] != 200]
    assert not broken, f"{report['path']}: {broken}"
    # A declared icon: without one the browser asks for /favicon.ico, a 404 in the console.
    assert report["icons"], f"{report['path']}: no <link rel=icon>"


@pytest.mark.parametrize("name", PAGES)
def test_every_page_has_one_meta_description(first_loads, name):
    report = first_loads[name]
    descriptions = report["descriptions"]
    assert len(descriptions) == 1, f"{report['path']}: {descriptions}"
    assert len(descriptions[0].strip()) >= 50, descriptions
    assert len(descriptions[0]) <= 300, descriptions
