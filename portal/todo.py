"""“我的待办”: what waits for the signed-in user, one section per kind of work.

Each section is a query, not a list: the home page shows its count and its first few
entries, and the section's own page (`portal:todo`) pages through all of them, so that
neither grows with the data.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from consultations.models import MinutesVersion
from core import workflow
from duties.selectors import open_disputes, pending_leave_requests
from evaluations.models import EvaluationAssignment
from followup.models import ExtensionRequest, FollowUpItem
from people.roles import Role
from public.models import Submission
from topics.models import State, Topic


@dataclass
class TodoSection:
    slug: str  # names the section's own page
    kind: str  # names the template that shows one entry: portal/todo/<kind>.html
    title: str
    hint: str
    rows: QuerySet
    entry: Callable | None = None  # row -> what the entry template shows, if not the row
    # The committees whose data alone decide the section (the same for everyone with the
    # role there): its count and first entries are cached under their versions.
    # Sections that depend on the user too are read each time.
    shared_by: frozenset | None = None

    @property
    def entry_template(self):
        return f"portal/todo/{self.kind}.html"

    def entries(self, rows) -> list:
        return [self.entry(row) for row in rows] if self.entry else list(rows)


def office_steps() -> dict[str, str]:
    """{state: the office's next step} from the catalogue: the topics waiting for the office."""
    machine = workflow.machine_of(Topic)
    return {
        source: step.todo
        for step in machine.steps.values()
        if step.actor == Role.OFFICE_STAFF
        for source in step.sources
    }


def todo_for(user) -> list[TodoSection]:
    sections = []

    def topics_where(role):
        return Topic.objects.filter(
            committee_id__in=user.committees_with_role(role)
        ).select_related("committee")

    if committees := user.committees_with_role(Role.OFFICE_STAFF):
        in_committees = topics_where(Role.OFFICE_STAFF)
        waiting = office_steps()
        sections.append(
            TodoSection(
                "office-topics",
                "topic_step",
                _("Topics waiting for the office"),
                _("Each topic with its next step."),
                in_committees.filter(state__in=waiting).order_by("updated_at", "pk"),
                entry=lambda topic: (topic, waiting[topic.state]),
                shared_by=committees,
            )
        )
        sections.append(
            TodoSection(
                "office-reported",
                "item",
                _("Completion reported by departments"),
                _("Verify or send back."),
                FollowUpItem.objects.filter(
                    topic__committee_id__in=committees, state=FollowUpItem.State.REPORTED_DONE
                )
                .select_related("topic", "department")
                .order_by("completed_on", "pk"),
                shared_by=committees,
            )
        )
        sections.append(
            TodoSection(
                "office-extensions",
                "extension",
                _("Extension requests awaiting your decision"),
                _("Grant or refuse, with a reason."),
                ExtensionRequest.objects.filter(
                    item__topic__committee_id__in=committees,
                    item__topic__state=State.FOLLOWING_UP,
                    state=ExtensionRequest.State.PENDING,
                )
                .select_related("item__topic", "item__department", "requested_by")
                .order_by("requested_at", "pk"),
                shared_by=committees,
            )
        )
        sections.append(
            TodoSection(
                "office-leave",
                "leave",
                _("Leave requests awaiting your decision"),
                _("Approve or refuse the leave, with a reason for a refusal."),
                pending_leave_requests(committees),
            )
        )
        sections.append(
            TodoSection(
                "office-disputes",
                "dispute",
                _("Disputes awaiting your decision"),
                _("Accept or reject the dispute, with a reason."),
                open_disputes(committees),
            )
        )
        sections.append(
            TodoSection(
                "office-submissions",
                "submission",
                _("Problems from the public awaiting triage"),
                workflow.step_of(Submission, "accept").todo,
                Submission.objects.filter(
                    committee_id__in=committees, state=Submission.State.RECEIVED
                ).order_by("created_at", "pk"),
            )
        )
    if committees := user.committees_with_role(Role.MEMBER):
        in_committees = topics_where(Role.MEMBER)
        sections.append(
            TodoSection(
                "member-ratings",
                "item",
                _("Completed items awaiting your satisfaction rating"),
                _("Rate what was done."),
                FollowUpItem.objects.filter(
                    topic__committee_id__in=committees,
                    topic__proposers__member=user,
                    topic__state__in=[State.FOLLOWING_UP, State.EVALUATING],
                    state=FollowUpItem.State.VERIFIED,
                )
                .exclude(ratings__member=user)
                .select_related("topic", "department")
                .order_by("due_on", "pk"),
            )
        )
        sections.append(
            TodoSection(
                "member-cosign",
                "topic",
                _("Joint proposals awaiting your signature"),
                _("Confirm to co-sign."),
                in_committees.filter(
                    state=State.DRAFT,
                    proposers__member=user,
                    proposers__confirmed_at__isnull=True,
                ).order_by("created_at", "pk"),
            )
        )
        sections.append(
            TodoSection(
                "member-drafts",
                "topic",
                _("Your drafts"),
                _("Submit them for approval when ready."),
                in_committees.filter(state=State.DRAFT)
                .filter(
                    Q(created_by=user)
                    | Q(proposers__member=user, proposers__confirmed_at__isnull=False)
                )
                .distinct()
                .order_by("created_at", "pk"),
            )
        )
        sections.append(
            TodoSection(
                "member-research",
                "topic",
                _("Research teams you are on"),
                _("Record visits and symposia."),
                in_committees.filter(state=State.RESEARCHING, research_plan__team=user).order_by(
                    "updated_at", "pk"
                ),
            )
        )
    if user.has_role(Role.CHAIR_MEETING):
        in_committees = topics_where(Role.CHAIR_MEETING)
        sections.append(
            TodoSection(
                "chair-approval",
                "topic",
                _("Topics awaiting approval"),
                _("Approve into the plan or reject with a reason."),
                in_committees.filter(state=State.PROPOSED).order_by("created_at", "pk"),
            )
        )
    if committees := user.committees_with_role(Role.LEADER):
        sections.append(
            TodoSection(
                "leader-signoff",
                "version",
                _("Minutes awaiting your sign-off"),
                _("Sign off with an opinion, or return."),
                MinutesVersion.objects.filter(
                    minutes__topic__committee_id__in=committees,
                    minutes__topic__state=State.MINUTES_SUBMITTED,
                    leaders=user,
                )
                .exclude(sign_offs__leader=user)
                .exclude(
                    Exists(
                        MinutesVersion.objects.filter(
                            minutes=OuterRef("minutes"), number__gt=OuterRef("number")
                        )
                    )
                )
                .select_related("minutes__topic")
                .order_by("submitted_at", "pk"),
            )
        )
    if user.department_ids:
        sections.append(
            TodoSection(
                "department-items",
                "item",
                _("Follow-up items of your department"),
                _("Report progress with evidence."),
                FollowUpItem.objects.filter(
                    department_id__in=user.department_ids,
                    state=FollowUpItem.State.ASSIGNED,
                )
                .select_related("topic", "department")
                .order_by("due_on", "pk"),
            )
        )
    if user.evaluator_ids:
        sections.append(
            TodoSection(
                "evaluator-assignments",
                "assignment",
                _("Topics to evaluate"),
                _("Score against the evaluation method."),
                EvaluationAssignment.objects.filter(
                    evaluator_id__in=user.evaluator_ids,
                    state=EvaluationAssignment.State.ASSIGNED,
                )
                .select_related("topic", "evaluator")
                .order_by("commissioned_at", "pk"),
            )
        )
    return sections
