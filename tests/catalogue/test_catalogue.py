"""The catalogue declares every step whole, and every map the application reads is derived
from it: a transition without a declared part is a failing system check."""

import ast
from pathlib import Path

import pytest
from django.core import checks
from django.utils.translation import gettext_lazy as _

from core import workflow
from core.checks import catalogue_check
from deadlines.models import Deadline
from documents.models import AnnualReport
from duties.models import Dispute, LeaveRequest
from evaluations.models import EvaluationAssignment
from followup.models import ExtensionRequest, FollowUpItem
from people.roles import Role
from portal.todo import office_steps
from public.models import Submission
from topics.models import State, Topic, TransitionLog

ROOT = Path(__file__).resolve().parents[2]


def test_every_machine_and_step_is_declared_whole():
    assert catalogue_check(None) == []
    assert {machine.model for machine in workflow.machines()} == {
        Topic,
        FollowUpItem,
        ExtensionRequest,
        EvaluationAssignment,
        AnnualReport,
        LeaveRequest,
        Dispute,
        Submission,
    }
    assert not [error for error in checks.run_checks() if error.id.startswith("catalogue.")]


def test_a_transition_without_a_step_fails_the_check():
    machine = workflow.Machine(Topic, log=TransitionLog, log_field="topic")
    machine.step(
        "submit", actor=Role.MEMBER, page=None, form_guards=(), notice=None, deadline=None,
        todo=_("Submit"),
    )  # fmt: skip
    problems = machine.problems()
    assert "Topic.approve is a transition without a declared step" in problems
    assert "Topic.close is a transition without a declared step" in problems


def test_a_step_must_name_every_part():
    machine = workflow.Machine(Topic, log=TransitionLog, log_field="topic")
    with pytest.raises(TypeError, match="notice"):
        machine.step("submit", actor=Role.MEMBER, page=None, form_guards=(), deadline=None,
                     todo="x")  # fmt: skip


@pytest.mark.parametrize(
    ("declaration", "problem"),
    [
        ({"form_guards": ("no_such_guard",)}, "Topic.schedule_session: no_such_guard is not one"),
        ({"todo": None}, "Topic.schedule_session is taken by a person but has no to-do"),
        ({"actor": None}, "Topic.schedule_session has a page but nobody takes it"),
    ],
)
def test_a_wrong_part_fails_the_check(declaration, problem):
    machine = workflow.Machine(Topic, log=TransitionLog, log_field="topic", deadline_per_state=True)
    parts = {
        "actor": Role.OFFICE_STAFF,
        "page": workflow.Page("consultations:schedule"),
        "form_guards": ("session_planned",),
        "notice": None,
        "deadline": None,
        "todo": "x",
    }
    machine.step("schedule_session", **(parts | declaration))
    assert any(found.startswith(problem) for found in machine.problems())


SAMPLES = {
    Topic: Topic(pk=1),
    FollowUpItem: FollowUpItem(pk=2, topic_id=1),
    ExtensionRequest: ExtensionRequest(pk=3, item=FollowUpItem(pk=2, topic_id=1)),
    EvaluationAssignment: EvaluationAssignment(pk=4, topic_id=1),
    LeaveRequest: LeaveRequest(pk=5),
    Dispute: Dispute(pk=6),
    Submission: Submission(pk=7, committee_id=1),
}
# Machines whose records are not a topic's have their pages elsewhere.
PAGES_UNDER = {
    LeaveRequest: "/duties/leave/5/",
    Dispute: "/duties/disputes/6/",
    Submission: "/public/office/1/submissions/7/",
}


@pytest.mark.parametrize(
    "step",
    [step for machine in workflow.machines() for step in machine.steps.values() if step.page],
    ids=lambda step: f"{step.machine.model.__name__}.{step.name}",
)
def test_every_page_of_a_step_exists(step):
    model = step.machine.model
    assert step.page.url(step.machine, SAMPLES[model]).startswith(
        PAGES_UNDER.get(model, "/topics/1/")
    )


def test_the_topic_steps_lead_where_the_six_stages_go():
    machine = workflow.machine_of(Topic)
    assert {
        name: (step.sources, step.target, step.actor) for name, step in machine.steps.items()
    } == {
        "submit": ([State.DRAFT], State.PROPOSED, Role.MEMBER),
        "approve": ([State.PROPOSED], State.PLANNED, Role.CHAIR_MEETING),
        "reject": ([State.PROPOSED], State.REJECTED, Role.CHAIR_MEETING),
        "start_research": ([State.PLANNED], State.RESEARCHING, Role.OFFICE_STAFF),
        "schedule_session": ([State.RESEARCHING], State.SESSION_SCHEDULED, Role.OFFICE_STAFF),
        "record_session": ([State.SESSION_SCHEDULED], State.DELIBERATED, Role.OFFICE_STAFF),
        "submit_minutes": ([State.DELIBERATED], State.MINUTES_SUBMITTED, Role.OFFICE_STAFF),
        "sign_off": ([State.MINUTES_SUBMITTED], State.FOLLOWING_UP, Role.LEADER),
        "return_minutes": ([State.MINUTES_SUBMITTED], State.DELIBERATED, Role.LEADER),
        "start_evaluation": ([State.FOLLOWING_UP], State.EVALUATING, Role.OFFICE_STAFF),
        "close": ([State.EVALUATING], State.CLOSED, Role.OFFICE_STAFF),
    }


def test_deadlines_and_to_dos_are_derived_from_the_steps():
    deadlines = {
        state: declared.deadline
        for state, declared in workflow.machine_of(Topic).deadline_of_state().items()
    }
    assert deadlines == {
        State.PLANNED: Deadline.RESEARCH_REPORT,
        State.RESEARCHING: Deadline.RESEARCH_REPORT,
        State.SESSION_SCHEDULED: Deadline.SESSION,
        State.DELIBERATED: Deadline.MINUTES,
        State.MINUTES_SUBMITTED: Deadline.SIGN_OFF,
        State.EVALUATING: Deadline.EVALUATION,
    }
    assert set(office_steps()) == {
        State.PLANNED,
        State.RESEARCHING,
        State.SESSION_SCHEDULED,
        State.DELIBERATED,
        State.FOLLOWING_UP,
        State.EVALUATING,
    }
    item = workflow.machine_of(FollowUpItem).deadline_of_state()
    assert {state: d.deadline for state, d in item.items()} == {
        FollowUpItem.State.ASSIGNED: Deadline.FOLLOW_UP_ITEM
    }


def project_files():
    skip = {".venv", "node_modules", "tests", "bench", "migrations"}
    return [path for path in ROOT.rglob("*.py") if not skip & set(path.relative_to(ROOT).parts)]


def test_work_after_commit_is_queued_only_through_core_workflow():
    """`on_commit(partial(...), robust=True)` fails in Django 5.2 when the callback fails (it
    logs the callback's __qualname__); every such callback goes through `after_commit`."""
    callers = []
    for path in project_files():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Attribute) and node.attr == "on_commit":
                callers.append(str(path.relative_to(ROOT)))
    assert callers == ["core/workflow.py"]


def test_the_apps_import_only_the_layers_below_them():
    from importlinter.cli import lint_imports

    assert lint_imports(config_filename=str(ROOT / "pyproject.toml")) == 0
