"""The evidence model moves here from `articles`, with its table and every row: this migration
only tells Django's state that the model is now this app's, on the table it already has
(`articles_evidence`); the next one renames the table."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('articles', '0004_history_and_suggestion_fields'),
        ('treaties', '0005_provision_slug'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    state_operations = [
        migrations.CreateModel(
            name='HistoricalEvidence',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('relation', models.CharField(choices=[('reports', 'Reports'), ('quotes', 'Quotes'), ('mentions', 'Mentions')], default='reports', max_length=10)),
                ('status', models.CharField(choices=[('suggested', 'Suggested'), ('confirmed', 'Confirmed'), ('rejected', 'Rejected')], default='suggested', max_length=10)),
                ('score', models.FloatField(blank=True, help_text='Similarity, for suggestions.', null=True)),
                ('matched_terms', models.JSONField(blank=True, default=list, help_text='The words that made a suggestion, for explaining it.')),
                ('needs_review', models.BooleanField(default=False, help_text='Set when a new version of the article no longer contains the sentence.')),
                ('note', models.TextField(blank=True)),
                ('created_at', models.DateTimeField(blank=True, editable=False)),
                ('updated_at', models.DateTimeField(blank=True, editable=False)),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('created_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('provision', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='treaties.provision')),
                ('sentence', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='articles.sentence')),
            ],
            options={
                'db_table': 'articles_historicalevidence',
                'verbose_name': 'historical evidence',
                'verbose_name_plural': 'historical evidence',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='Evidence',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('relation', models.CharField(choices=[('reports', 'Reports'), ('quotes', 'Quotes'), ('mentions', 'Mentions')], default='reports', max_length=10)),
                ('status', models.CharField(choices=[('suggested', 'Suggested'), ('confirmed', 'Confirmed'), ('rejected', 'Rejected')], default='suggested', max_length=10)),
                ('score', models.FloatField(blank=True, help_text='Similarity, for suggestions.', null=True)),
                ('matched_terms', models.JSONField(blank=True, default=list, help_text='The words that made a suggestion, for explaining it.')),
                ('needs_review', models.BooleanField(default=False, help_text='Set when a new version of the article no longer contains the sentence.')),
                ('note', models.TextField(blank=True)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='evidence_created', to=settings.AUTH_USER_MODEL)),
                ('provision', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='evidence', to='treaties.provision')),
                ('sentence', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='evidence', to='articles.sentence')),
            ],
            options={
                'db_table': 'articles_evidence',
                'verbose_name_plural': 'evidence',
                'ordering': ['sentence__article', 'sentence__position', 'provision'],
                'constraints': [models.UniqueConstraint(fields=('sentence', 'provision'), name='evidence_unique_sentence_provision'), models.CheckConstraint(condition=models.Q(('score__isnull', True), ('score__gte', 0), _connector='OR'), name='evidence_score_positive')],
            },
        ),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=state_operations, database_operations=[])
    ]
