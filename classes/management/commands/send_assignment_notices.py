"""E-mail learners of new assignments and of those closing within 24 hours (cron-safe)."""

from __future__ import annotations

import os

from django.core.management.base import BaseCommand

from classes.notices import send_notices


class Command(BaseCommand):
    help = ("E-mail each learner once about a new assignment and once when one closes within "
            "24 hours. Idempotent: safe to run from cron as often as you like.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--site-url", default=os.environ.get("IPAS_SITE_URL", ""),
                            help="the site's address for the link in the mail "
                                 "(default: $IPAS_SITE_URL)")

    def handle(self, *args, site_url: str, **options) -> None:
        result = send_notices(site_url=site_url)
        self.stdout.write(f"notices sent: {result.sent}, failed (retried next run): "
                          f"{result.failed}")
