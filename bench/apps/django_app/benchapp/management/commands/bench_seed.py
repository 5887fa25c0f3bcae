"""`manage.py bench_seed`: creates the tables (no migrations: `migrate --run-syncdb`) and the 10 users."""

from django.core.management import call_command
from django.core.management.base import BaseCommand
from payloads import USERS

from benchapp.models import User


class Command(BaseCommand):
    help = "Create the benchmark database and seed its 10 users."

    def handle(self, *args, **options):
        call_command("migrate", run_syncdb=True, verbosity=0, interactive=False)
        User.objects.all().delete()
        User.objects.bulk_create([User(id=i, **row) for i, row in enumerate(USERS, start=1)])
        self.stdout.write(f"seeded {User.objects.count()} users")
