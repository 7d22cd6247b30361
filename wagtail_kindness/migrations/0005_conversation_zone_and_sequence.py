"""Each conversation keeps the local time and zone it was held in.

Before this, a page with no start time followed its series' usual time, so a
change of the series' schedule rewrote every past meeting.  The pages get the
time and zone of their series as it is now (what they showed until today);
from now on a schedule change moves only the pages from the date it applies
from.  ``sequence`` is the iCalendar SEQUENCE (0 until the next publication).
The resource blocks lose their "pending" checkbox (a resource with no file
or address is pending) and get their own help texts: stored values keep
reading, the old flag is ignored.  The joining link's model field checks an
address once (``WebURLModelField``), as the admin form does.
"""

import wagtail.blocks
import wagtail.documents.blocks
import wagtail.fields
import wagtail_kindness.validators
from django.db import migrations, models


def store_time_and_zone(apps, schema_editor):
    Series = apps.get_model("wagtail_kindness", "ConversationSeriesPage")
    Conversation = apps.get_model("wagtail_kindness", "ConversationPage")
    for series in Series.objects.all().only("path", "depth", "schedule_time", "schedule_timezone"):
        children = Conversation.objects.filter(path__startswith=series.path, depth=series.depth + 1)
        children.filter(time__isnull=True).update(time=series.schedule_time)
        children.filter(time_zone="").update(time_zone=series.schedule_timezone)


class Migration(migrations.Migration):
    dependencies = [
        ("wagtail_kindness", "0004_themes"),
    ]

    operations = [
        migrations.AddField(
            model_name="conversationpage",
            name="sequence",
            field=models.PositiveIntegerField(
                default=0, editable=False, verbose_name="revision number"
            ),
        ),
        migrations.AddField(
            model_name="conversationpage",
            name="time_zone",
            field=models.CharField(
                blank=True, editable=False, max_length=64, verbose_name="time zone"
            ),
        ),
        migrations.AddField(
            model_name="conversationseriespage",
            name="schedule_change_from",
            field=models.DateField(
                blank=True,
                help_text=(
                    "When you change the start time or the time zone: the first meeting "
                    "that moves. Earlier conversations keep the time they were held."
                ),
                null=True,
                verbose_name="a change of time or zone applies from",
            ),
        ),
        migrations.AlterField(
            model_name="conversationpage",
            name="time",
            field=models.TimeField(
                blank=True,
                help_text="Left blank, the series' usual time is filled in when the page is saved.",
                null=True,
                verbose_name="start time",
            ),
        ),
        migrations.AlterField(
            model_name="conversationpage",
            name="resources",
            field=wagtail.fields.StreamField(
                [("summary", 2), ("recording", 5), ("presentation", 9), ("link", 12)],
                blank=True,
                block_lookup={
                    0: (
                        "wagtail.blocks.CharBlock",
                        (),
                        {
                            "help_text": "Leave blank for the usual name, 'Insights and summary'.",
                            "label": "Title",
                            "max_length": 255,
                            "required": False,
                        },
                    ),
                    1: (
                        "wagtail.documents.blocks.DocumentChooserBlock",
                        (),
                        {
                            "help_text": "Leave empty until the document exists: visitors see 'coming soon'.",
                            "label": "Document",
                            "required": False,
                        },
                    ),
                    2: ("wagtail.blocks.StructBlock", [[("title", 0), ("document", 1)]], {}),
                    3: (
                        "wagtail.blocks.CharBlock",
                        (),
                        {
                            "help_text": "Leave blank for the usual name, 'Recording', or name it, e.g. 'Video of the evening'.",
                            "label": "Title",
                            "max_length": 255,
                            "required": False,
                        },
                    ),
                    4: (
                        "wagtail_kindness.blocks.VideoURLBlock",
                        (),
                        {
                            "help_text": "The address of a YouTube or Vimeo video plays on the page. The address of a channel, a playlist or a showcase, or of another site, is shown as a link.",
                            "label": "Video address",
                            "required": False,
                        },
                    ),
                    5: ("wagtail.blocks.StructBlock", [[("title", 3), ("url", 4)]], {}),
                    6: (
                        "wagtail.blocks.CharBlock",
                        (),
                        {
                            "help_text": "Leave blank for the usual name, 'Presentation', or name it, e.g. 'Slides'.",
                            "label": "Title",
                            "max_length": 255,
                            "required": False,
                        },
                    ),
                    7: (
                        "wagtail.documents.blocks.DocumentChooserBlock",
                        (),
                        {"label": "Document", "required": False},
                    ),
                    8: (
                        "wagtail_kindness.blocks.WebURLBlock",
                        (),
                        {"label": "Or a web address", "required": False},
                    ),
                    9: (
                        "wagtail.blocks.StructBlock",
                        [[("title", 6), ("document", 7), ("url", 8)]],
                        {},
                    ),
                    10: (
                        "wagtail.blocks.CharBlock",
                        (),
                        {
                            "help_text": "Leave blank for the usual name, 'Link', or name it, e.g. 'Reading list'.",
                            "label": "Title",
                            "max_length": 255,
                            "required": False,
                        },
                    ),
                    11: (
                        "wagtail_kindness.blocks.WebURLBlock",
                        (),
                        {"label": "URL", "required": False},
                    ),
                    12: ("wagtail.blocks.StructBlock", [[("title", 10), ("url", 11)]], {}),
                },
                verbose_name="resources",
            ),
        ),
        migrations.AlterField(
            model_name="conversationseriespage",
            name="join_url",
            field=wagtail_kindness.validators.WebURLModelField(
                blank=True,
                help_text="Optional: the address of the video call or the sign-up form.",
                verbose_name="joining link",
            ),
        ),
        migrations.RunPython(store_time_and_zone, migrations.RunPython.noop),
    ]
