from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = _("Official documents")

    def ready(self):
        from topics.sections import Section, register

        register(Section("documents/topic_documents.html", order=10, column="side"))
