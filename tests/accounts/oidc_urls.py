"""The site's URLs with single sign-on switched on, as config.urls has them when OIDC_*
is configured (it decides when it is imported)."""

from django.urls import include, path

from config.urls import urlpatterns as site

urlpatterns = [*site, path("oidc/", include("mozilla_django_oidc.urls"))]
