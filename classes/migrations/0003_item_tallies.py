"""Item tallies and their stamps (classes/tallies.py).

Tally rows are updated in place, by each submission and by rebuilds: half of each page is
left free so those updates stay on their page and touch no index (heap-only tuples).
"""

import django.db.models.deletion
from django.db import migrations, models


def _fillfactor(percent: int):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(
                f"ALTER TABLE classes_itemtally SET (fillfactor = {percent})")
    return run


class Migration(migrations.Migration):

    dependencies = [
        ('classes', '0002_assignment_assignment_window_order_and_more'),
        ('quizzes', '0002_item_room_for_answers'),
    ]

    operations = [
        migrations.CreateModel(
            name='TallyStamp',
            fields=[
                ('assignment', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='tally_stamp', serialize=False, to='classes.assignment')),
                ('attempts', models.PositiveIntegerField()),
                ('id_sum', models.BigIntegerField()),
                ('last_submitted', models.DateTimeField(null=True)),
            ],
        ),
        migrations.CreateModel(
            name='ItemTally',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('build', models.BigIntegerField(default=0)),
                ('first_position', models.PositiveSmallIntegerField()),
                ('responses', models.PositiveIntegerField()),
                ('correct', models.PositiveIntegerField()),
                ('blank', models.PositiveIntegerField()),
                ('chose_a', models.PositiveIntegerField()),
                ('chose_b', models.PositiveIntegerField()),
                ('chose_c', models.PositiveIntegerField()),
                ('chose_d', models.PositiveIntegerField()),
                ('with_rest', models.PositiveIntegerField()),
                ('with_rest_correct', models.PositiveIntegerField()),
                ('rest_sum', models.FloatField()),
                ('rest_sum_correct', models.FloatField()),
                ('rest_squares', models.FloatField()),
                ('assignment', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='classes.assignment')),
                ('version', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='quizzes.questionversion')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('assignment', 'version'), name='item_tally_unique')],
            },
        ),
        migrations.RunPython(_fillfactor(50), migrations.RunPython.noop),
    ]
