"""Who the reminder sweep reminds of the sign-off deadline: the leaders asked to sign the
current version of the minutes who have not signed it yet."""

from django.contrib.contenttypes.models import ContentType

from notifications.recipients import grouped
from notifications.sweep import Remind

from .models import MinutesVersion, SignOff


def leaders_awaited(due) -> dict[int, list[Remind]]:
    versions = {}  # topic → its current version
    for pk, topic_id in (
        MinutesVersion.objects.filter(minutes__topic_id__in=[record.pk for record in due])
        .order_by("minutes__topic_id", "number")
        .values_list("pk", "minutes__topic_id")
    ):
        versions[topic_id] = pk  # the highest number comes last
    signed = set(
        SignOff.objects.filter(version_id__in=versions.values()).values_list(
            "version_id", "leader_id"
        )
    )
    asked = MinutesVersion.leaders.through.objects.filter(
        minutesversion_id__in=versions.values(), user__is_active=True
    ).values_list("minutesversion_id", "user_id")
    leaders = grouped(pair for pair in asked if pair not in signed)
    version_type = ContentType.objects.get_for_model(MinutesVersion)
    return {
        record.pk: (
            [Remind(version_type, versions[record.pk], leaders.get(versions[record.pk], ()), True)]
            if record.pk in versions
            else []
        )
        for record in due
    }
