"""Personal information of the public (个人信息保护法): one rule for every page, history, export
and the admin.

A resident's contact (name and phone number) is personal information. Office staff of the
committee the record belongs to see it in full, and each time they do it is written to the
security audit log (`audit.services.personal_data_shown`); everyone else sees it masked
(`mask`: 138****5678), in the record's page, in its edit history, in the admin and in any
export. A model declares its personal fields once with `register_personal_fields`.
"""

import re

from .predicates import is_office_staff

_PERSONAL_FIELDS: dict[str, tuple[str, ...]] = {}


def register_personal_fields(model, *names: str) -> None:
    """Declare the fields of `model` that hold the public's personal information."""
    _PERSONAL_FIELDS[model._meta.label_lower] = tuple(names)


def personal_fields(model) -> tuple[str, ...]:
    """The personal fields of a model (a historical model counts as its own model)."""
    instance_type = getattr(model, "instance_type", model)
    return _PERSONAL_FIELDS.get(instance_type._meta.label_lower, ())


def sees_personal_data(user, obj) -> bool:
    """Whether `user` may read the personal fields of `obj` in full: office staff of its
    committee only (a superuser or an administrator is no exception)."""
    return bool(user and user.is_authenticated) and is_office_staff.test(user, obj)


# An 18-character ID card number, a mobile number (with or without separators), a landline
# with its area code, then any other run of seven digits or more; an e-mail address.
_ID_CARD = re.compile(r"(?<!\d)(\d{3})\d{11}(\d{3}[\dXx])(?![\dXx])")
_MOBILE = re.compile(r"(?<!\d)(1[3-9]\d)[- ]?\d{4}[- ]?(\d{4})(?!\d)")
_LANDLINE = re.compile(r"(?<!\d)(0\d{2,3})[- ]?\d{3,4}(\d{4})(?!\d)")
_DIGITS = re.compile(r"(?<![\d*])\d{3,}(\d{4})(?!\d)")
_EMAIL = re.compile(r"([^\s@])[^\s@]*(@[^\s@]+\.[^\s@]+)")


def mask(value) -> str:
    """`value` with its phone numbers, ID numbers and e-mail addresses masked:
    13812345678 → 138****5678; the rest of the text is kept."""
    if not value:
        return value or ""
    text = str(value)
    text = _ID_CARD.sub(r"\1***********\2", text)
    text = _MOBILE.sub(r"\1****\2", text)
    text = _LANDLINE.sub(r"\1-****\2", text)
    text = _DIGITS.sub(lambda found: "*" * (len(found.group(0)) - 4) + found.group(1), text)
    return _EMAIL.sub(r"\1***\2", text)


def personal_value(user, obj, name: str, value=None):
    """The value of field `name` of `obj` (or `value`, e.g. an old one from its history) as
    `user` may see it: masked if it is a personal field and they may not read it in full."""
    value = getattr(obj, name) if value is None else value
    if name in personal_fields(type(obj)) and not sees_personal_data(user, obj):
        return mask(value)
    return value
