"""Load the demo: 江北区政协, a login for every role, and the real cases of the brief.

The data and the loading are in `portal.demo`: each case is carried through the real
services by the step driver, on realistic past dates relative to the day the command runs,
so the demo always looks current. Idempotent: running it again changes nothing.
"""

from django.core.management.base import BaseCommand

from portal.demo.loader import load
from portal.demo.reference import ADMIN, PASSWORD, USERS
from topics.models import AnnualPlan, State, Topic


class Command(BaseCommand):
    help = "Load the demo committee, a login for every role and the real cases at different stages."

    def handle(self, *args, **options):
        self.summarise(load())

    def summarise(self, loaded):
        write = self.stdout.write
        topics = Topic.objects.filter(committee=loaded.committee)
        write(
            self.style.SUCCESS(
                f"{loaded.committee}: {topics.count()} topics "
                f"({len(loaded.created)} created now, {len(loaded.present)} already present)."
            )
        )
        order = {state: index for index, state in enumerate(State.values)}
        for topic in sorted(topics, key=lambda t: (order[t.state], t.title)):
            write(f"  {topic.state:<18} {topic.year}  {topic.title}")
        for plan in AnnualPlan.objects.filter(committee=loaded.committee).order_by("year"):
            held = plan.topics.filter(session__members__isnull=False).distinct().count()
            write(
                f"  plan {plan.year}: {plan.topics.count()} topics, {held} sessions held, "
                f"target {plan.target_sessions}"
            )
        names = ", ".join(username for username, *_rest in USERS)
        write(f"Logins (password {PASSWORD}): {names}; Django admin: {ADMIN[0]}")
