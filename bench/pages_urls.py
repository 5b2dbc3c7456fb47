"""The site's URLs plus the floor of bench/pages.py: a bare Django view behind the same
middleware, which does nothing else."""

from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as site


def floor(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/floor/", floor), *site]
