import factory
from factory.django import DjangoModelFactory

from evaluations.models import EvaluationMethod, Indicator
from tests.people.factories import CommitteeFactory


class EvaluationMethodFactory(DjangoModelFactory):
    """The evaluation method with three indicators weighted 40 / 40 / 20."""

    class Meta:
        model = EvaluationMethod
        skip_postgeneration_save = True

    committee = factory.SubFactory(CommitteeFactory)
    name = "江北区政协协商议事质量评价办法"
    version = factory.Sequence(lambda n: n + 1)

    @factory.post_generation
    def indicators(method, create, extracted, **kwargs):
        if not create:
            return
        for position, (name, weight) in enumerate(
            extracted or [("协商成果采纳情况", 40), ("问题解决成效", 40), ("群众满意度", 20)]
        ):
            Indicator.objects.create(method=method, position=position, name=name, weight=weight)
