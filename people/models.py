from typing import NamedTuple

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .roles import Role


class Committee(models.Model):
    """A CPPCC committee (政协); one installation may serve several."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    short_name = models.CharField(
        _("short name"), max_length=20, help_text=_("Used in document numbers, e.g. 江北政协")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("committee")
        verbose_name_plural = _("committees")
        ordering = ["name"]

    def __str__(self):
        return self.name


class CommitteeBody(models.Model):
    """A special committee, liaison committee or sector inside a committee."""

    class Kind(models.TextChoices):
        SPECIAL = "special", _("Special committee")
        LIAISON = "liaison", _("Liaison committee")
        SECTOR = "sector", _("Sector")

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="bodies")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=100)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("committee body")
        verbose_name_plural = _("committee bodies")
        ordering = ["committee", "kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "name"], name="unique_body_name")
        ]

    def __str__(self):
        return self.name


class Department(models.Model):
    """A government department or street office that carries out follow-up work."""

    class Kind(models.TextChoices):
        DEPARTMENT = "department", _("Government department")
        STREET = "street", _("Street office")
        OTHER = "other", _("Other organisation")

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="departments")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.DEPARTMENT)
    name = models.CharField(_("name"), max_length=100)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["committee", "kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "name"], name="unique_department_name")
        ]

    def __str__(self):
        return self.name


class EvaluatorOrganisation(models.Model):
    """A third-party organisation commissioned to evaluate finished topics."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="evaluators")
    name = models.CharField(_("name"), max_length=100)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evaluator organisation")
        verbose_name_plural = _("evaluator organisations")
        ordering = ["committee", "name"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "name"], name="unique_evaluator_name")
        ]

    def __str__(self):
        return self.name


class User(AbstractUser):
    """A person who signs in. What they may do is their memberships: a role in a committee
    counts in that committee only. (Django's groups are left to the administrators' own
    permissions.)"""

    full_name = models.CharField(_("full name"), max_length=50, blank=True)
    committees = models.ManyToManyField(
        Committee,
        verbose_name=_("committees"),
        related_name="users",
        blank=True,
        through="Membership",
        through_fields=("user", "committee"),
    )
    bodies = models.ManyToManyField(
        CommitteeBody, verbose_name=_("committee bodies"), related_name="members", blank=True
    )
    # Set by accounts.validators.PasswordChangeRecorder whenever the password changes.
    password_changed_at = models.DateTimeField(
        _("password changed at"), null=True, blank=True, editable=False
    )
    history = HistoricalRecords(excluded_fields=["password", "last_login", "password_changed_at"])

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]
        # The security administrator's (people.administrators): groups, staff flag, memberships.
        permissions = [("manage_roles", _("Can give and take roles and administrator groups"))]

    def __str__(self):
        return self.full_name or self.username

    @cached_property
    def memberships_held(self) -> tuple["Held", ...]:
        """The user's memberships, read once per request (none for an inactive account)."""
        if not self.is_active or self.pk is None:
            return ()
        return tuple(
            Held(*row)
            for row in self.memberships.values_list(
                "committee_id", "role", "department_id", "evaluator_id"
            )
        )

    def has_role(self, role: Role, committee_id: int | None = None) -> bool:
        """Whether the user holds `role` in that committee (in any, when none is named)."""
        return any(
            held.role == role and committee_id in (None, held.committee_id)
            for held in self.memberships_held
        )

    def committees_with_role(self, *roles: Role) -> frozenset[int]:
        return frozenset(held.committee_id for held in self.memberships_held if held.role in roles)

    @cached_property
    def committee_ids(self) -> frozenset[int]:
        return frozenset(held.committee_id for held in self.memberships_held)

    @cached_property
    def department_ids(self) -> frozenset[int]:
        """The departments the user works for, each in its own committee."""
        return frozenset(h.department_id for h in self.memberships_held if h.department_id)

    @cached_property
    def evaluator_ids(self) -> frozenset[int]:
        return frozenset(h.evaluator_id for h in self.memberships_held if h.evaluator_id)

    def forget_memberships(self) -> None:
        """Read the memberships again on next use (after they were changed)."""
        for cached in ("memberships_held", "committee_ids", "department_ids", "evaluator_ids"):
            self.__dict__.pop(cached, None)


class Held(NamedTuple):
    committee_id: int
    role: str
    department_id: int | None
    evaluator_id: int | None


class Membership(models.Model):
    """A person's role in one committee (person × committee × role).

    A department's staff member names the department, an evaluator's the organisation; both
    belong to the same committee.
    """

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships"
    )
    committee = models.ForeignKey(
        Committee,
        verbose_name=_("committee"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
    )
    evaluator = models.ForeignKey(
        EvaluatorOrganisation,
        verbose_name=_("evaluator organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["committee", "role", "user"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "committee", "role"], name="one_membership_per_role"
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(role=Role.DEPARTMENT, department__isnull=False)
                    | (~models.Q(role=Role.DEPARTMENT) & models.Q(department__isnull=True))
                ),
                name="department_staff_name_their_department",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(role=Role.EVALUATOR, evaluator__isnull=False)
                    | (~models.Q(role=Role.EVALUATOR) & models.Q(evaluator__isnull=True))
                ),
                name="evaluators_name_their_organisation",
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.committee}"

    def clean(self):
        errors = {}
        if self.role == Role.DEPARTMENT and not self.department_id:
            errors["department"] = _("Name the department this person works for.")
        if self.role == Role.EVALUATOR and not self.evaluator_id:
            errors["evaluator"] = _("Name the evaluator organisation this person works for.")
        if self.department_id and self.department.committee_id != self.committee_id:
            errors["department"] = _("Choose a department of this committee.")
        if self.evaluator_id and self.evaluator.committee_id != self.committee_id:
            errors["evaluator"] = _("Choose an evaluator organisation of this committee.")
        if errors:
            raise ValidationError(errors)
