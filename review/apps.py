from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewConfig(AppConfig):
    name = "review"
    verbose_name = _("Learner's study tools")

    def ready(self) -> None:
        # spaced-review answers are mastery evidence too (a repeat: it counts less)
        from quizzes import evidence_sources
        from review.evidence import review_rows

        evidence_sources.register(review_rows)
