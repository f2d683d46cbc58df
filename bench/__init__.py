"""`make bench`: the load benchmark of the production stack on this machine.

``python -m bench.run`` creates a throw-away database, seeds learners with
in-progress exams, starts gunicorn, drives it with locust from a separate
process, verifies that every acknowledged answer is stored, and measures the
dashboard and instructor reports on 2.5 million attempt items.
"""
