"""The tests' way through the workflow: the demo's step driver (portal.driver) with the
people of a `Cast`. `advance` walks a topic to any state, leaving the records a real user
would (research plan, a symposium with findings, the report, the session with attendees and
consensus, the minutes signed by two leaders, a follow-up item verified, a submitted
evaluation); `run_step` takes one step with the defaults or the data given."""

from decimal import Decimal

from portal.driver import Driver, today

from .cast import Cast

__all__ = ["advance", "prepare_step", "run_step", "submit_evaluation", "today"]


def run_step(topic, name, actor, cast, **overrides):
    """Take step `name` as `actor` through its service; `overrides` replace the defaults."""
    return Driver(cast).take(topic, name, actor, **overrides)


def prepare_step(topic, name, cast, *, skip=()):
    """Save what must exist before `name` can be taken (not part of the step itself)."""
    Driver(cast).prepare(topic, name, skip=skip)


def advance(topic, to_state, *, cast=None, **actors):
    """Walk `topic` through the real services, as the right people, until it is in `to_state`.

    `cast` supplies the people (a new Cast of the topic's committee by default); keyword
    arguments replace single actors, e.g. `advance(topic, "planned", chair=someone)`.
    Returns the topic fresh from the database.
    """
    if cast is None:
        cast = Cast(topic.committee)
        if topic.created_by.has_role("member"):
            cast.proposer = topic.created_by
    for key, user in actors.items():
        setattr(cast, key, user)
    return Driver(cast).advance(topic, to_state)


def submit_evaluation(assignment, actor, scores=(Decimal("95"), Decimal("90"), Decimal("85"))):
    """The evaluator scores each indicator in order, with a justification."""
    return Driver(None).score(assignment, actor, scores)
