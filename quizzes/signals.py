"""What the quiz engine announces, so apps built on it need not be called by name."""

from django.dispatch import Signal

# Sent inside submit()'s transaction, once per attempt, with the graded attempt as
# ``attempt``; a receiver's writes commit or roll back with the submission.
attempt_submitted = Signal()
