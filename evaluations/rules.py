import rules

from people.predicates import is_evaluator


@rules.predicate
def is_assigned_evaluator(user, assignment):
    return user.evaluator_id is not None and assignment.evaluator_id == user.evaluator_id


rules.add_perm("evaluations.score_topic", is_evaluator & is_assigned_evaluator)
