"""The evidence model leaves for the `evidence` app, which keeps its table and rows (see
evidence/migrations/0001_initial.py): here it leaves this app's state only."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0004_history_and_suggestion_fields'),
        ('evidence', '0001_initial'),
    ]

    state_operations = [
        migrations.RemoveField(
            model_name='historicalevidence',
            name='created_by',
        ),
        migrations.RemoveField(
            model_name='historicalevidence',
            name='history_user',
        ),
        migrations.RemoveField(
            model_name='historicalevidence',
            name='provision',
        ),
        migrations.RemoveField(
            model_name='historicalevidence',
            name='sentence',
        ),
        migrations.DeleteModel(
            name='Evidence',
        ),
        migrations.DeleteModel(
            name='HistoricalEvidence',
        ),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=state_operations, database_operations=[])
    ]
