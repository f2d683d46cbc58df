from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuizzesConfig(AppConfig):
    name = "quizzes"
    verbose_name = _("Question bank and attempts")

    def ready(self) -> None:
        from quizzes.readiness import on_submitted
        from quizzes.signals import attempt_submitted

        attempt_submitted.connect(on_submitted, dispatch_uid="quizzes.readiness")
