import json

import yaml
from django.core.management.base import BaseCommand

from quizzes.export import export_fixture, export_records


class Command(BaseCommand):
    help = "Print the whole question bank: JSON records, or YAML the loader reads back."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["json", "yaml"], default="json")
        parser.add_argument("--include-reserved", action="store_true",
                            help="add the deployer's reserved pool, each marked by its pool "
                                 "(for admins: the file is then secret)")

    def handle(self, *args, format: str, include_reserved: bool, **options):
        if format == "json":
            self.stdout.write(json.dumps(export_records(include_reserved=include_reserved),
                                         ensure_ascii=False, indent=2))
        else:
            self.stdout.write(yaml.safe_dump(export_fixture(include_reserved=include_reserved),
                                             allow_unicode=True,
                                             sort_keys=False, width=1000))
