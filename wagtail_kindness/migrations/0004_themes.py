"""Themes get their own tag model (``Theme``), apart from taggit's ``Tag``.

Each theme of a conversation moves to a ``Theme`` of the same name, whose
slug is never empty and keeps letters of any script (``readable_slug``).
The saved revisions of conversation pages are rewritten too, so that
publishing or reverting to a draft keeps its themes.  Reversible.
"""

import django.db.models.deletion
import modelcluster.contrib.taggit
from django.db import migrations, models

from wagtail_kindness.text import readable_slug


def _tag_for(Model, name, known, *, default: str, joiner: str):
    """The ``Model`` tag named ``name`` (``Theme`` or taggit's ``Tag``), made if missing."""
    if name not in known:
        tag = Model.objects.filter(name=name).first()
        if tag is None:
            base = readable_slug(name, default=default)
            slug, n = base, 1
            while Model.objects.filter(slug=slug).exists():
                n += 1
                slug = f"{base}{joiner}{n}"
            tag = Model.objects.create(name=name, slug=slug)
        known[name] = tag
    return known[name]


def _theme_for(Theme, name, known):
    return _tag_for(Theme, name, known, default="theme", joiner="-")


def _revisions(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("wagtailcore", "Revision")
    kind = ContentType.objects.filter(app_label="wagtail_kindness", model="conversationpage")
    return Revision.objects.filter(content_type__in=kind)


def _rewrite_revisions(apps, new_id):
    """Replace each theme id in the conversation pages' revisions by ``new_id(old_id)``."""
    for revision in _revisions(apps).iterator():
        content = revision.content or {}
        items = content.get("tagged_themes") or []
        changed = False
        for item in items:
            if isinstance(item, dict) and item.get("tag") is not None:
                new = new_id(item["tag"])
                if new is not None and new != item["tag"]:
                    item["tag"], changed = new, True
        if changed:
            revision.save(update_fields=["content"])


def forwards(apps, schema_editor):
    Tag = apps.get_model("taggit", "Tag")
    Theme = apps.get_model("wagtail_kindness", "Theme")
    ConversationTheme = apps.get_model("wagtail_kindness", "ConversationTheme")
    known: dict = {}
    names = dict(Tag.objects.values_list("pk", "name"))
    for item in ConversationTheme.objects.order_by("pk"):
        item.theme = _theme_for(Theme, names[item.old_tag_id], known)
        item.save(update_fields=["theme"])

    def new_id(tag_id):
        name = names.get(tag_id)
        return None if name is None else _theme_for(Theme, name, known).pk

    _rewrite_revisions(apps, new_id)


def backwards(apps, schema_editor):
    Tag = apps.get_model("taggit", "Tag")
    Theme = apps.get_model("wagtail_kindness", "Theme")
    ConversationTheme = apps.get_model("wagtail_kindness", "ConversationTheme")
    names = dict(Theme.objects.values_list("pk", "name"))
    tags: dict = {}

    def tag_for(name):
        return _tag_for(Tag, name, tags, default="tag", joiner="_")  # taggit's own suffix

    for item in ConversationTheme.objects.order_by("pk"):
        item.old_tag = tag_for(names[item.theme_id])
        item.save(update_fields=["old_tag"])
    _rewrite_revisions(apps, lambda pk: tag_for(names[pk]).pk if pk in names else None)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
        ("wagtail_kindness", "0003_outputsversion"),
    ]

    operations = [
        migrations.CreateModel(
            name="Theme",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=100, unique=True, verbose_name="name")),
                (
                    "slug",
                    models.SlugField(
                        allow_unicode=True, max_length=100, unique=True, verbose_name="slug"
                    ),
                ),
            ],
            options={
                "verbose_name": "theme",
                "verbose_name_plural": "themes",
                "ordering": ["name"],
            },
        ),
        migrations.AddField(
            model_name="conversationtheme",
            name="theme",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="wagtail_kindness.theme",
            ),
        ),
        # Reversing: the old tag column comes back as ``old_tag`` (filled by
        # ``backwards``) before it is renamed ``tag``.
        migrations.RenameField(model_name="conversationtheme", old_name="tag", new_name="old_tag"),
        migrations.AlterField(
            model_name="conversationtheme",
            name="old_tag",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="taggit.tag",
            ),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.RemoveField(model_name="conversationtheme", name="old_tag"),
        migrations.RenameField(model_name="conversationtheme", old_name="theme", new_name="tag"),
        migrations.AlterField(
            model_name="conversationtheme",
            name="tag",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="tagged_conversations",
                to="wagtail_kindness.theme",
                verbose_name="theme",
            ),
        ),
        migrations.AlterModelOptions(
            name="conversationtheme",
            options={
                "ordering": ["pk"],
                "verbose_name": "conversation theme",
                "verbose_name_plural": "conversation themes",
            },
        ),
        migrations.AlterField(
            model_name="conversationpage",
            name="themes",
            field=modelcluster.contrib.taggit.ClusterTaggableManager(
                blank=True,
                help_text="A comma-separated list of tags.",
                through="wagtail_kindness.ConversationTheme",
                to="wagtail_kindness.Theme",
                verbose_name="themes",
            ),
        ),
    ]
