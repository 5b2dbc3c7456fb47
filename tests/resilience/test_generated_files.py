"""A generated PDF whose row cannot be written (the database went away mid-task) leaves no
unrecorded copy in the storage; the next try keeps exactly one."""

import pytest
from django.db import OperationalError

from consultations.models import MinutesVersion
from documents.services import minutes_pdf_freeze
from tests.workflow import advance
from topics.models import State


def stored_pdfs(storage):
    if not storage.exists("documents/minutes"):
        return set()
    return set(storage.listdir("documents/minutes")[1])


@pytest.mark.slow  # renders the minutes PDF
def test_a_render_whose_row_cannot_be_saved_leaves_no_file(cast, monkeypatch):
    cast.everyone()
    topic = advance(cast.topic(), State.MINUTES_SUBMITTED, cast=cast)
    MinutesVersion.objects.filter(minutes__topic=topic).update(pdf="", pdf_sha256="")
    version = MinutesVersion.objects.get(minutes__topic=topic)
    storage = version.pdf.storage
    before = stored_pdfs(storage)

    def database_gone(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    with monkeypatch.context() as patched:
        patched.setattr(MinutesVersion, "save", database_gone)
        with pytest.raises(OperationalError):
            minutes_pdf_freeze(version=version)
    assert stored_pdfs(storage) == before

    kept = minutes_pdf_freeze(version=MinutesVersion.objects.get(pk=version.pk))
    assert stored_pdfs(storage) == before | {kept.pdf.name.rsplit("/", 1)[1]}
