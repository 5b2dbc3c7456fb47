"""Role and permission changes go into the security audit log, whichever way they are made
(the admin, a service, the shell): a membership given, changed or taken, a group joined or
left, a permission given to a person or a group, the staff or superuser flag set or cleared.

The acting user and their address come from the request simple-history's middleware keeps
for the thread (none for a command run by hand).
"""

from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver
from simple_history.models import HistoricalRecords

from people.models import Membership, User

from .models import Action
from .services import audit_record

ROLE_FLAGS = ("is_staff", "is_superuser")


def _role_change(obj, detail):
    request = getattr(HistoricalRecords.context, "request", None)
    audit_record(Action.ROLE_CHANGE, request=request, obj=obj, detail=detail)


@receiver(post_save, sender=Membership)
def membership_saved(sender, instance, created, raw=False, **kwargs):
    if not raw:
        _role_change(
            instance.user, f"{'membership given' if created else 'membership changed'}: {instance}"
        )


@receiver(post_delete, sender=Membership)
def membership_deleted(sender, instance, **kwargs):
    _role_change(instance.user, f"membership taken: {instance}")


@receiver(pre_save, sender=User)
def role_flags_before(sender, instance, update_fields=None, raw=False, **kwargs):
    watched = instance.pk is not None and not raw
    if watched and update_fields is not None:
        watched = bool(set(update_fields) & set(ROLE_FLAGS))  # e.g. last_login at sign-in
    if watched:
        instance._role_flags_before = (
            User.objects.filter(pk=instance.pk).values_list(*ROLE_FLAGS).first()
        )


@receiver(post_save, sender=User)
def role_flags_after(sender, instance, created, raw=False, **kwargs):
    before = instance.__dict__.pop("_role_flags_before", None)
    now = tuple(getattr(instance, flag) for flag in ROLE_FLAGS)
    if raw:
        return
    if created:
        changed = [f"{flag}={value}" for flag, value in zip(ROLE_FLAGS, now, strict=True) if value]
    elif before is not None:
        changed = [
            f"{flag}={value}"
            for flag, old, value in zip(ROLE_FLAGS, before, now, strict=True)
            if old != value
        ]
    else:
        return
    if changed:
        _role_change(instance, "flags: " + ", ".join(changed))


def _m2m(kind, holders, members, action, instance, model, pk_set, reverse):
    """One row per holder (a user or a group) whose set of `kind` changed."""
    verb = {"post_add": "added", "post_remove": "removed", "pre_clear": "removed"}.get(action)
    if verb is None:
        return
    if action == "pre_clear":
        related = getattr(instance, members if not reverse else holders)
        pk_set = set(related.values_list("pk", flat=True))
    if not pk_set:
        return
    others = model._base_manager.filter(pk__in=pk_set)
    if reverse:  # instance is the group or permission; each holder changed
        for holder in others:
            _role_change(holder, f"{kind} {verb}: {instance}")
    else:
        _role_change(instance, f"{kind} {verb}: " + ", ".join(sorted(str(o) for o in others)))


@receiver(m2m_changed, sender=User.groups.through)
def groups_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    _m2m("groups", "user_set", "groups", action, instance, model, pk_set, reverse)


@receiver(m2m_changed, sender=User.user_permissions.through)
def user_permissions_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    _m2m("permissions", "user_set", "user_permissions", action, instance, model, pk_set, reverse)


@receiver(m2m_changed, sender=Group.permissions.through)
def group_permissions_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    _m2m("permissions", "group_set", "permissions", action, instance, model, pk_set, reverse)
