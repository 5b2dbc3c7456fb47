from django.contrib.auth.models import AbstractUser
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
    """A person who signs in; their groups are their roles."""

    full_name = models.CharField(_("full name"), max_length=50, blank=True)
    committees = models.ManyToManyField(
        Committee, verbose_name=_("committees"), related_name="users", blank=True
    )
    bodies = models.ManyToManyField(
        CommitteeBody, verbose_name=_("committee bodies"), related_name="members", blank=True
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
    )
    evaluator = models.ForeignKey(
        EvaluatorOrganisation,
        verbose_name=_("evaluator organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
    )
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def __str__(self):
        return self.full_name or self.username

    @cached_property
    def role_names(self) -> frozenset[str]:
        return frozenset(self.groups.values_list("name", flat=True))

    def has_role(self, role: Role) -> bool:
        return self.is_active and role.value in self.role_names

    @cached_property
    def committee_ids(self) -> frozenset[int]:
        return frozenset(self.committees.values_list("pk", flat=True))
