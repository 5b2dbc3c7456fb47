"""Post a Django admin change form as the page drew it, with some fields changed."""


def admin_form_data(response, **changes) -> dict:
    """The data of the admin form on `response` (a change page), its inlines' management
    forms and rows included, with `changes` applied; None leaves a field out."""
    form = response.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if hasattr(value, "all"):
            value = [item.pk for item in value.all()]
        elif isinstance(value, list | tuple | set):
            value = [getattr(item, "pk", item) for item in value]
        if value is None:
            continue
        if value is False:
            continue
        data[name] = "on" if value is True else value
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for key, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{key}"] = value
        for index, row in enumerate(formset.forms):
            for name, field in row.fields.items():
                value = row.initial.get(name, field.initial)
                if value is not None:
                    data[f"{formset.prefix}-{index}-{name}"] = getattr(value, "pk", value)
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data
