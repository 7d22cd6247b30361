"""Which messages of the plugin's catalogue other packages also translate.

The plugin is first in ``INSTALLED_APPS``, so for a msgid without context its
catalogue wins over Django's and Wagtail's on the whole site.  Every message
the plugin shares with them must have a context (``pgettext``), or not be
translated by the plugin at all.  Run it to list them::

    DJANGO_SETTINGS_MODULE=tests.settings_i18n python tests/wagtail_kindness/catalogue_scope.py

Used by ``test_plugin_catalogue_scope.py``.
"""

from __future__ import annotations

import gettext
import json
import os
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

__all__ = [
    "PLUGIN",
    "catalogue",
    "french_words",
    "other_catalogues",
    "plain_msgids",
    "shared_msgids",
]

PLUGIN = "wagtail_kindness"


def catalogue(mo: Path) -> dict[str | tuple[str, int], str]:
    """A compiled catalogue's messages: ``msgid``, ``ctxt\\x04msgid`` or ``(msgid, n)`` keys."""
    with mo.open("rb") as handle:
        return dict(gettext.GNUTranslations(handle)._catalog)  # type: ignore[attr-defined]


def plain_msgids(messages: Iterable[str | tuple[str, int]]) -> set[str]:
    """The msgids without a context (a plural counts by its singular)."""
    found = set()
    for key in messages:
        msgid = key[0] if isinstance(key, tuple) else key
        if msgid and "\x04" not in msgid:
            found.add(msgid)
    return found


def other_catalogues(language: str = "fr") -> list[Path]:
    """The ``django`` catalogues in ``language`` of Django and of every other installed app.

    Django's own (``django/conf/locale``), then each installed app's but the
    plugin's, then any catalogue of the ``django`` and ``wagtail`` packages
    that is not installed here (``wagtail.locales``, say): a site may install it.
    """
    import django
    import wagtail
    from django.apps import apps

    name = Path(language) / "LC_MESSAGES" / "django.mo"
    found = [Path(django.__file__).parent / "conf" / "locale" / name]
    if apps.ready:
        for config in apps.get_app_configs():
            if config.name != PLUGIN:
                found.append(Path(config.path) / "locale" / name)
    for package in (django, wagtail):
        found.extend(
            Path(package.__file__).parent.glob(f"**/locale/{language}/LC_MESSAGES/django.mo")
        )
    unique: dict[Path, None] = {}
    for path in found:
        if path.is_file():
            unique.setdefault(path.resolve(), None)
    return list(unique)


def shared_msgids(
    plugin_messages: Iterable[str | tuple[str, int]], language: str = "fr"
) -> dict[str, list[Path]]:
    """Each context-less msgid of the plugin that another catalogue has too, and where."""
    ours = plain_msgids(plugin_messages)
    shared: dict[str, list[Path]] = {}
    for path in other_catalogues(language):
        for msgid in ours & plain_msgids(catalogue(path)):
            shared.setdefault(msgid, []).append(path)
    return dict(sorted(shared.items()))


def french_words(settings_module: str, *, with_plugin: bool, sample: Iterable[str]) -> dict:
    """Every other catalogue's msgid in French, and ``sample`` rendered by ``{% translate %}``.

    Run in a fresh interpreter (Django loads its catalogues once per process,
    and Wagtail's apps cannot be set up twice): ``settings_module``'s settings,
    with or without the plugin in ``INSTALLED_APPS``.  Returns
    ``{"gettext": {msgid: French}, "template": {msgid: French}}``.
    """
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(root), str(Path(__file__).parent)])}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    done = subprocess.run(
        [sys.executable, __file__, "--words", settings_module, "1" if with_plugin else "0"],
        input=json.dumps(list(sample)),
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    return json.loads(done.stdout)


def _words(settings_module: str, with_plugin: bool) -> None:
    import importlib

    from django.conf import settings

    module = importlib.import_module(settings_module)
    values = {name: getattr(module, name) for name in dir(module) if name.isupper()}
    if not with_plugin:
        values["INSTALLED_APPS"] = [app for app in values["INSTALLED_APPS"] if app != PLUGIN]
    settings.configure(**values)
    import django

    django.setup()
    from django.template import Context, Template
    from django.utils import translation

    sample = json.loads(sys.stdin.read())
    msgids: set[str] = set()
    for path in other_catalogues("fr"):
        msgids |= plain_msgids(catalogue(path))
    with translation.override("fr"):
        said = {msgid: translation.gettext(msgid) for msgid in sorted(msgids)}
        template = Template(
            "{% load i18n %}" + "".join(f'{{% translate "{m}" %}}\n' for m in sample)
        )
        rendered = dict(zip(sample, template.render(Context()).splitlines(), strict=True))
    json.dump({"gettext": said, "template": rendered}, sys.stdout)


def main() -> int:
    if sys.argv[1:2] == ["--words"]:
        _words(sys.argv[2], sys.argv[3] == "1")
        return 0
    import django

    django.setup()
    import wagtail_kindness

    mo = Path(wagtail_kindness.__file__).parent / "locale" / "fr" / "LC_MESSAGES" / "django.mo"
    shared = shared_msgids(catalogue(mo))
    for msgid, paths in shared.items():
        where = ", ".join(sorted({p.parts[p.parts.index("locale") - 1] for p in paths}))
        print(f"{msgid!r}: {where}")
    return 1 if shared else 0


if __name__ == "__main__":
    sys.exit(main())
