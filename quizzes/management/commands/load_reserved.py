from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from content.bundle import FixtureError
from quizzes.loader import load_paths
from quizzes.models import Pool


class Command(BaseCommand):
    help = ("Load the deployer's reserved questions (a YAML file kept outside the repository, "
            "in the fixture schema): secure, served only in graded assignments.")

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, help="reserved question files")

    def handle(self, *args, paths, **options):
        try:
            report = load_paths(paths, pool=Pool.RESERVED)
        except FixtureError as exc:
            raise CommandError(f"fixture rejected, nothing written: {exc}") from exc
        self.stdout.write(report.summary())
        verdict = f"{report.changed} rows changed" if report.changed else "nothing changed"
        self.stdout.write(self.style.SUCCESS(f"load_reserved: {verdict}"))
