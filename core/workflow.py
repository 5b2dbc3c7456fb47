"""One path for every state change: the machines, their steps, and the transition service.

A *machine* is a model with a django-fsm state field whose transitions carry their guards
(`conditions=`) and their permission (`permission=`), plus the log model that records each
change. A *step* is one transition declared once with everything that belongs to it: who
takes it, the page where it is taken, the guards its form fulfils, the notice it sends, the
deadline of the state it leads to, and the to-do text shown while it waits. Machines and
steps are declared in the `catalogue` app; everything else (pages, notifications, deadlines,
reminders, the to-do list, the demo driver) reads them from here.

`transition_perform` is the one function that changes a state: lock, expected-state check,
object permission, the caller's records, guards, transition, save, transition record,
the step's effects inside the transaction, and its work after commit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django_fsm import ConcurrentTransition

from . import figures


class TransitionRefused(Exception):
    """The action cannot be taken now; `reasons` say why in the user's language."""

    def __init__(self, reasons):
        self.reasons = [str(reason) for reason in reasons]
        super().__init__("; ".join(self.reasons))


@dataclass(frozen=True)
class Page:
    """Where a person takes a step: a URL name, the machine's URL arguments, and an optional
    last argument. Steps that share a page (sign off or return) share one `Page` and its label."""

    url_name: str
    argument: str | None = None
    label: str | None = None
    args: Callable | None = None  # the page's own URL arguments, if not the machine's

    def url(self, machine: Machine, obj) -> str:
        args = [*(self.args or machine.page_args)(obj), *([self.argument] if self.argument else [])]
        return reverse(self.url_name, args=args)


@dataclass(eq=False)
class Step:
    machine: Machine
    name: str
    actor: str | None  # the role that takes the step; None: the system (a task)
    page: Page | None  # None: taken by the system, or within another page
    form_guards: tuple[str, ...]  # guards the page's own form fulfils, not shown as missing
    notice: object | None  # notifications.services.Notice: who is told, and of what
    deadline: object | None  # deadlines.services.StageDeadline of the state the step leads to
    todo: str | None  # what waits, in the words of the to-do list
    # A step taken in parts (each leader signs): the guard that holds once the last part is in.
    completed_by: str | None = None
    refusal: str | None = None  # what to say when the state does not allow it (default: generic)
    # fn(obj, log), inside the transaction after the log; work that leaves the database
    # (a Celery task, an e-mail) is queued from there with `after_commit`.
    effects: tuple[Callable, ...] = ()

    @cached_property
    def fsm_transitions(self):
        # The model's transitions are fixed once its class exists; pages ask for them per row.
        return [
            candidate
            for candidate in self.machine.state_field.get_all_transitions(self.machine.model)
            if candidate.name == self.name
        ]

    @property
    def sources(self) -> list[str]:
        return [candidate.source for candidate in self.fsm_transitions]

    @property
    def target(self) -> str:
        return self.fsm_transitions[0].target

    @property
    def label(self) -> str:
        return self.fsm_transitions[0].custom.get("label", self.name)

    @property
    def permission(self) -> str | None:
        return self.fsm_transitions[0].permission


@dataclass(frozen=True)
class StateDeadline:
    """A deadline that a state carries without a step leading into it (an item's due date)."""

    deadline: object


@dataclass
class Machine:
    """A model's state machine as the application sees it."""

    model: type
    log: type  # a core.models.TransitionRecord subclass
    log_field: str  # the log's foreign key to the model
    noun: str = gettext_lazy("record")
    state_attr: str = "state"
    page_args: Callable = lambda obj: [obj.pk]
    topic_of: Callable = lambda obj: obj.topic
    committee_of: Callable = lambda obj: obj.topic.committee_id
    committee_lookup: str = "topic__committee_id"
    topic_lookup: str = "topic_id"
    deadline_field: str | None = None  # a date field the machine's deadlines are kept in
    # Whether each step sets the deadline of the state it leads to (a topic's stage deadline);
    # otherwise the deadline is the record's own date (an item's due date) and steps leave it.
    deadline_per_state: bool = False
    moved_message: str = gettext_lazy(
        "This %(noun)s has meanwhile moved to “%(state)s”, probably by someone else; "
        "the page has been refreshed."
    )
    impossible_message: str = gettext_lazy(
        "“%(action)s” is not possible while the %(noun)s is “%(state)s”."
    )
    concurrent_message: str = gettext_lazy(
        "Someone else changed this %(noun)s at the same moment; reload the page and try again."
    )
    steps: dict[str, Step] = field(default_factory=dict)
    standing_deadlines: dict[str, object] = field(default_factory=dict)

    @property
    def state_field(self):
        return self.model._meta.get_field(self.state_attr)

    def step(
        self,
        name: str,
        *,
        actor,
        page: Page | None,
        form_guards: tuple[str, ...],
        notice,
        deadline,
        todo,
        completed_by: str | None = None,
        refusal: str | None = None,
        effects: Iterable[Callable] = (),
    ) -> Step:
        """Declare step `name`. Every part is required: write None for a part it has not."""
        if name in self.steps:
            raise ValueError(f"{self.model.__name__}.{name} is declared twice")
        declared = Step(
            self, name, actor, page, tuple(form_guards), notice, deadline, todo, completed_by,
            refusal, tuple(effects),
        )  # fmt: skip
        self.steps[name] = declared
        return declared

    def deadline_in(self, state: str, deadline) -> None:
        """The deadline a state carries from creation (no step leads into it)."""
        self.standing_deadlines[state] = deadline

    # Reading the declaration

    def state_label(self, state) -> str:
        return str(dict(self.state_field.choices).get(state, state))

    def transition_of(self, obj, name: str):
        """The django-fsm transition `name` from the object's current state, or None."""
        meta = getattr(getattr(type(obj), name, None), "_django_fsm", None)
        return None if meta is None else meta.get_transition(getattr(obj, self.state_attr))

    def unmet_guards(self, obj, name: str, skip: Iterable[str] = ()) -> list[str]:
        """Messages of the guards of `name` that fail now, leaving out those named in `skip`."""
        skip = set(skip)
        return [
            str(condition.message)
            for condition in self._unmet_conditions(obj, name)
            if condition.__name__ not in skip
        ]

    def _unmet_conditions(self, obj, name: str) -> list:
        fsm_transition = self.transition_of(obj, name)
        if fsm_transition is None:
            return []
        return [condition for condition in fsm_transition.conditions if not condition(obj)]

    def available(self, obj, user) -> list[Step]:
        """Steps from the object's state that the user may take (guards not yet checked)."""
        return [
            step
            for step in self.steps.values()
            if (fsm := self.transition_of(obj, step.name)) and may_take(fsm, obj, user)
        ]

    def deadline_of_state(self) -> dict[str, object]:
        """{state: the deadline it carries}: from the steps leading into it, and standing ones."""
        deadlines = dict(self.standing_deadlines)
        for declared in self.steps.values():
            if declared.deadline is not None:
                deadlines[declared.target] = declared.deadline
        return deadlines

    # Checks

    def problems(self) -> list[str]:
        """What is missing or wrong in the declaration; the system check reports each."""
        problems = []
        name = self.model.__name__
        transitions = {t.name for t in self.state_field.get_all_transitions(self.model)}
        for missing in sorted(transitions - set(self.steps)):
            problems.append(f"{name}.{missing} is a transition without a declared step")
        for unknown in sorted(set(self.steps) - transitions):
            problems.append(f"{name}: step {unknown} is not a transition of the model")
        for declared in self.steps.values():
            if declared.name not in transitions:
                continue
            conditions = {
                condition.__name__
                for fsm_transition in declared.fsm_transitions
                for condition in fsm_transition.conditions
            }
            for guard in sorted(set(declared.form_guards) - conditions):
                problems.append(f"{name}.{declared.name}: {guard} is not one of its guards")
            if declared.page is not None and declared.actor is None:
                problems.append(f"{name}.{declared.name} has a page but nobody takes it")
            if declared.actor is not None and declared.todo is None:
                problems.append(f"{name}.{declared.name} is taken by a person but has no to-do")
            if declared.completed_by and declared.completed_by not in conditions:
                problems.append(f"{name}.{declared.name}: {declared.completed_by} is not a guard")
            if declared.deadline is not None and not self.deadline_per_state:
                problems.append(f"{name}.{declared.name} has a deadline but steps set none")
        kinds = {}
        for declared in self.steps.values():
            if declared.deadline is not None and declared.name in transitions:
                kind = declared.deadline.deadline
                if kinds.setdefault(declared.target, kind) != kind:
                    problems.append(
                        f"{name}: steps into {declared.target} disagree on its deadline"
                    )
        return problems


_machines: dict[type, Machine] = {}


def register(machine: Machine) -> Machine:
    _machines[machine.model] = machine
    return machine


def machines() -> list[Machine]:
    return list(_machines.values())


def machine_of(model_or_obj) -> Machine:
    model = model_or_obj if isinstance(model_or_obj, type) else type(model_or_obj)
    return _machines[model._meta.concrete_model]


def step_of(model_or_obj, name: str) -> Step:
    return machine_of(model_or_obj).steps[name]


def may_take(fsm_transition, obj, user) -> bool:
    """Whether `user` has the transition's permission on this very object.

    Never use django-fsm's own `has_perm`: when the object check fails it retries without
    the object, which django-rules grants to anyone holding the role in any committee.
    """
    return not fsm_transition.permission or user.has_perm(fsm_transition.permission, obj)


def check_still_possible(machine: Machine, obj, name: str, expected_state: str | None) -> None:
    """Refuse a step the object's state no longer (or not yet) allows, saying why."""
    current = machine.state_label(getattr(obj, machine.state_attr))
    if expected_state and getattr(obj, machine.state_attr) != expected_state:
        raise TransitionRefused([machine.moved_message % {"noun": machine.noun, "state": current}])
    if machine.transition_of(obj, name) is None:
        declared = machine.steps[name]
        message = declared.refusal or machine.impossible_message
        refusal = message % {"action": declared.label, "noun": machine.noun, "state": current}
        raise TransitionRefused([refusal])


def transition_perform(
    *,
    obj,
    name: str,
    actor,
    comment: str = "",
    expected_state: str | None = None,
    prepare: Callable | None = None,
    args: tuple = (),
):
    """Take step `name` on `obj` as `actor`; raise TransitionRefused or PermissionDenied.

    `prepare(locked)` saves the records the step needs (a plan, a session, a version of the
    minutes) inside the same transaction, before the guards are checked. Any refusal raises
    before the transaction commits, so nothing is saved.
    """
    machine = machine_of(obj)
    declared = machine.steps[name]
    try:
        with transaction.atomic():
            locked = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
            check_still_possible(machine, locked, name, expected_state)
            if not may_take(machine.transition_of(locked, name), locked, actor):
                raise PermissionDenied
            if prepare is not None:
                prepare(locked)
            figures.committee_changed(machine.committee_of(locked))
            unmet = machine._unmet_conditions(locked, name)
            parts = [condition.__name__ for condition in unmet] == [declared.completed_by]
            if prepare is not None and parts:
                return locked  # this part is saved; the last part will take the step
            if unmet:
                raise TransitionRefused([condition.message for condition in unmet])
            source = getattr(locked, machine.state_attr)
            getattr(locked, name)(*args)
            if machine.deadline_per_state:
                setattr(
                    locked, machine.deadline_field, _deadline(machine, declared, locked, source)
                )
            locked._history_user = actor  # recorded outside requests too (tasks, the demo)
            locked.save()
            log = machine.log.objects.create(
                **{machine.log_field: locked},
                actor=actor,
                transition=name,
                source=source,
                target=getattr(locked, machine.state_attr),
                comment=comment,
            )
            if declared.notice is not None:
                declared.notice.send(step=declared, obj=locked, log=log)
            for effect in declared.effects:
                effect(locked, log)
    except ConcurrentTransition as error:
        raise TransitionRefused([machine.concurrent_message % {"noun": machine.noun}]) from error
    return locked


def _deadline(machine: Machine, declared: Step, obj, source: str):
    if declared.deadline is None:
        return None
    carried = machine.deadline_of_state().get(source)
    if carried is not None and carried.deadline == declared.deadline.deadline:
        return getattr(obj, machine.deadline_field)  # the same deadline runs on
    return declared.deadline.due_on(obj)


def after_commit(work: Callable, *args) -> None:
    """Run `work(*args)` once the current transaction commits; a failure (say, the broker is
    down) is logged and the change stands.

    Always this, never `on_commit(functools.partial(...), robust=True)`: Django logs a failed
    robust callback with its `__qualname__`, which a partial lacks, and the logging would raise.
    """

    def run():
        work(*args)

    run.__qualname__ = f"{getattr(work, '__qualname__', repr(work))}{args!r}"
    transaction.on_commit(run, robust=True)
