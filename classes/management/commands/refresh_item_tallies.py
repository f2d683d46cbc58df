from django.core.management.base import BaseCommand

from classes import tallies
from classes.models import Assignment

BATCH = 50  # assignments per transaction: bounded locks and memory on a large history


class Command(BaseCommand):
    help = ("Rebuild the item tallies that no longer match their assignment's submitted "
            "attempts: after loading history with SQL, or to check them. Submissions keep "
            "them fresh otherwise.")

    def handle(self, *args, **options) -> None:
        ids = list(Assignment.objects.order_by("pk").values_list("pk", flat=True))
        rebuilt = 0
        for start in range(0, len(ids), BATCH):
            scope = Assignment.objects.filter(pk__in=ids[start:start + BATCH])
            rebuilt += len(tallies.refresh(tallies.stamps(scope)))
        self.stdout.write(f"{rebuilt} of {len(ids)} assignments rebuilt; "
                          f"{len(ids) - rebuilt} were fresh.")
