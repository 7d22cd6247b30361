"""Each conversation keeps the local time and zone it was held in.

Before this, a page with no start time followed its series' usual time, so a
change of the series' schedule rewrote every past meeting.  The pages get the
time and zone of their series as it is now (what they showed until today);
from now on a schedule change moves only the pages from the date it applies
from.  ``sequence`` is the iCalendar SEQUENCE (0 until the next publication).
"""

from django.db import migrations, models


def store_time_and_zone(apps, schema_editor):
    Series = apps.get_model("wagtail_kindness", "ConversationSeriesPage")
    Conversation = apps.get_model("wagtail_kindness", "ConversationPage")
    for series in Series.objects.all().only("path", "depth", "schedule_time", "schedule_timezone"):
        children = Conversation.objects.filter(
            path__startswith=series.path, depth=series.depth + 1
        )
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
        migrations.RunPython(store_time_and_zone, migrations.RunPython.noop),
    ]
