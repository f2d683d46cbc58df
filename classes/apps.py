from django.apps import AppConfig
from django.db.models.signals import post_delete
from django.utils.translation import gettext_lazy as _


class ClassesConfig(AppConfig):
    name = "classes"
    verbose_name = _("Classes and assignments")

    def ready(self) -> None:
        from classes.tallies import add_submitted_attempt, forget_deleted_attempt
        from classes.withholding import withheld_for
        from quizzes import withholding
        from quizzes.signals import attempt_submitted

        withholding.register(withheld_for)
        attempt_submitted.connect(add_submitted_attempt,
                                  dispatch_uid="classes.tallies.add_submitted_attempt")
        post_delete.connect(forget_deleted_attempt, sender="quizzes.Attempt",
                            dispatch_uid="classes.tallies.forget_deleted_attempt")
