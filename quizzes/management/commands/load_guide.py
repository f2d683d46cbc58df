from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from content.bundle import FixtureError
from quizzes.loader import load_paths


class Command(BaseCommand):
    help = "Validate the YAML fixtures and load them in one transaction (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", type=Path,
                            help="fixture files (default: every fixtures/**/*.yaml)")

    def handle(self, *args, paths, **options):
        try:
            report = load_paths(paths or None)
        except FixtureError as exc:
            raise CommandError(f"fixture rejected, nothing written: {exc}") from exc
        self.stdout.write(report.summary())
        verdict = f"{report.changed} rows changed" if report.changed else "nothing changed"
        self.stdout.write(self.style.SUCCESS(f"load_guide: {verdict}"))
