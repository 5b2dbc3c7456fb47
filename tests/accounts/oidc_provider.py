"""A small OpenID Connect provider (django-oauth-toolkit) for the single sign-on test: a
Django project of its own, in this one file, started by the test in a subprocess on loopback
with its own SQLite database.

    python -m tests.accounts.oidc_provider --port P --client-id ID --client-secret S \
        --redirect-uri URI --user NAME:PASSWORD [--user …]

prints "ready" once it serves. Each user's `preferred_username` claim is their username.
"""

import argparse
import socketserver
import sys
import tempfile
from pathlib import Path
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import django
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings
from django.urls import include, path


class ClaimsValidator:
    """Mixed into the toolkit's validator when it is loaded (after settings)."""

    def get_additional_claims(self, request):
        return {"preferred_username": request.user.username, "email": request.user.email}


def validator_class():
    from oauth2_provider.oauth2_validators import OAuth2Validator

    return type("Validator", (ClaimsValidator, OAuth2Validator), {})


def urlpatterns_():
    from django.contrib.auth import views as auth_views

    return [
        path("accounts/login/", auth_views.LoginView.as_view()),
        path("o/", include("oauth2_provider.urls", namespace="oauth2_provider")),
    ]


class Server(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


def configure(port: int, database: Path) -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    settings.configure(
        DEBUG=False,
        SECRET_KEY="oidc-provider-of-the-test",
        ALLOWED_HOSTS=["127.0.0.1", "localhost"],
        ROOT_URLCONF=__name__,
        INSTALLED_APPS=[
            "django.contrib.auth",
            "django.contrib.contenttypes",
            "django.contrib.sessions",
            "oauth2_provider",
        ],
        MIDDLEWARE=[
            "django.contrib.sessions.middleware.SessionMiddleware",
            "django.middleware.csrf.CsrfViewMiddleware",
            "django.contrib.auth.middleware.AuthenticationMiddleware",
        ],
        DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(database)}},
        TEMPLATES=[
            {
                "BACKEND": "django.template.backends.django.DjangoTemplates",
                "OPTIONS": {
                    "loaders": [
                        (
                            "django.template.loaders.locmem.Loader",
                            {
                                "registration/login.html": (
                                    '<form method="post">{% csrf_token %}{{ form }}'
                                    '<input type="hidden" name="next" value="{{ next }}">'
                                    "<button>Sign in</button></form>"
                                )
                            },
                        )
                    ],
                    "context_processors": ["django.template.context_processors.request"],
                },
            }
        ],
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        DEFAULT_AUTO_FIELD="django.db.models.BigAutoField",
        USE_TZ=True,
        LOGIN_URL="/accounts/login/",
        OAUTH2_PROVIDER={
            "OIDC_ENABLED": True,
            "OIDC_RSA_PRIVATE_KEY": pem,
            "OIDC_ISS_ENDPOINT": f"http://127.0.0.1:{port}/o",
            "SCOPES": {"openid": "OpenID Connect", "profile": "Profile", "email": "E-mail"},
            "OAUTH2_VALIDATOR_CLASS": f"{__name__}.Validator",
        },
    )


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--client-id", required=True)
    parser.add_argument("--client-secret", required=True)
    parser.add_argument("--redirect-uri", required=True)
    parser.add_argument("--user", action="append", default=[])
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        configure(args.port, Path(tmp) / "provider.sqlite3")
        django.setup()
        globals()["Validator"] = validator_class()
        globals()["urlpatterns"] = urlpatterns_()
        from django.contrib.auth.models import User
        from django.core.management import call_command
        from django.core.wsgi import get_wsgi_application
        from oauth2_provider.models import Application

        call_command("migrate", verbosity=0, interactive=False)
        for spec in args.user:
            name, password = spec.split(":", 1)
            User.objects.create_user(username=name, password=password, email=f"{name}@gov.cn")
        Application.objects.create(
            name="委员议事",
            client_id=args.client_id,
            client_secret=args.client_secret,
            client_type=Application.CLIENT_CONFIDENTIAL,
            authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
            redirect_uris=args.redirect_uri,
            algorithm=Application.RS256_ALGORITHM,
            skip_authorization=True,
        )
        server = make_server(
            "127.0.0.1",
            args.port,
            get_wsgi_application(),
            server_class=Server,
            handler_class=QuietHandler,
        )
        print("ready", flush=True)
        server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
