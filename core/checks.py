"""System check: every state machine is declared in the catalogue, and every declaration is
whole (`manage.py check` fails otherwise, and so does the test suite)."""

from django.apps import apps
from django.core.checks import Error, register
from django_fsm import FSMFieldMixin

from . import workflow


@register()
def catalogue_check(app_configs, **kwargs):
    errors = []
    declared = {machine.model for machine in workflow.machines()}
    for model in apps.get_models():
        has_machine = any(isinstance(field, FSMFieldMixin) for field in model._meta.fields)
        if has_machine and model not in declared and not model.__name__.startswith("Historical"):
            errors.append(
                Error(
                    f"{model._meta.label} has a state machine the catalogue does not declare",
                    id="catalogue.E001",
                )
            )
    for machine in workflow.machines():
        errors += [Error(problem, id="catalogue.E002") for problem in machine.problems()]
    return errors
