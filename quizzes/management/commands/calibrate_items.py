from django.core.management.base import BaseCommand

from quizzes.calibration import calibrate


class Command(BaseCommand):
    help = ("Re-estimate every question's 3PL parameters (guessing 0.25) from the platform's "
            "answers. Idempotent and safe to run on a schedule (e.g. nightly from cron).")

    def handle(self, *args, **options):
        done = calibrate()
        self.stdout.write(f"calibrated {done.items} questions from {done.answers} answers; "
                          f"learning {done.learning:.3f} logit an answer")
