import os

from django.conf import settings
from django.contrib.auth.models import User
from django.core.management.base import BaseCommand

from accounts.models import Profile, Role

DEMO = [
    ("learner", "learner-demo-2026", Role.LEARNER, False),
    ("instructor", "instructor-demo-2026", Role.INSTRUCTOR, False),
    ("admin", "admin-demo-2026", Role.LEARNER, True),
]


class Command(BaseCommand):
    help = "Create demo learner, instructor and admin (only with IPAS_DEMO=1 or on SQLite)."

    def handle(self, *args, **options):
        on_sqlite = settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")
        if not (os.environ.get("IPAS_DEMO") == "1" or on_sqlite):
            self.stdout.write("demo users: skipped (set IPAS_DEMO=1 to create them)")
            return
        self.stdout.write("Demo accounts (local use only):")
        for username, password, role, staff in DEMO:
            user, created = User.objects.get_or_create(
                username=username, defaults={"email": f"{username}@example.org"})
            if created:
                user.set_password(password)
                user.is_staff = user.is_superuser = staff
                user.save()
            Profile.objects.get_or_create(user=user, defaults={"role": role})
            self.stdout.write(f"  {username:<11} {password}   {'(staff)' if staff else role}")
