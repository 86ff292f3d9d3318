"""A close in progress is a lease now (core.leases), not a stored "closing" status.

Months left "closing" by a close that died are reopened: nothing of a close is written
before the transaction that marks the month closed, so such a month is open in fact.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("performance", "0004_correction_approval"),
    ]

    operations = [
        migrations.RunSQL(
            "UPDATE performance_period SET status = 'open' WHERE status = 'closing'",
            reverse_sql=migrations.RunSQL.noop,
        ),
        migrations.AlterField(
            model_name="period",
            name="status",
            field=models.CharField(
                choices=[("open", "Open"), ("closed", "Closed")],
                default="open",
                max_length=10,
                verbose_name="status",
            ),
        ),
    ]
