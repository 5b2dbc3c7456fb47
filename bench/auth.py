"""Benchmark: what the sign-in controls cost, and verifying a long audit chain.

Run on PostgreSQL (the database is created if missing and migrated; its audit table is
emptied and refilled):
    DATABASE_URL=postgres://…/weiyuan_auth_bench .venv/bin/python bench/auth.py

1. SIGNINS sign-ins through the login form with the test client and Django's production
   password hasher (PBKDF2), alternating: Django's plain sign-in (ModelBackend, Django's own
   middleware, no receivers of this project) and the full stack of issue 11 (django-axes
   checking the account and the address, the audit row, the noted session, the second-factor
   check, idle/lifetime/expiry middleware). The hasher's time (PBKDF2, identical work in
   both, and varying by far more than the overhead on a busy machine) is measured in each
   sign-in and left out; the overhead is the median, over the pairs, of what the full stack
   took beyond the plain one.
2. ROWS audit rows written as one valid SHA-256 chain (COPY), then `audit_verify` over them.

The last line reads
    auth: signins=200 overhead_ms=O audit_rows=1000000 verify_seconds=V
Targets: O < 5, V < 20.
"""

import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
django.setup()

from django.conf import global_settings, settings  # noqa: E402
from django.contrib.auth.hashers import PBKDF2PasswordHasher  # noqa: E402
from django.contrib.auth.signals import user_logged_in, user_login_failed  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts import receivers  # noqa: E402
from audit.models import Action, AuditEvent, Outcome  # noqa: E402
from audit.services import GENESIS, audit_verify  # noqa: E402
from bench.dashboard import ensure_database  # noqa: E402
from people.models import User  # noqa: E402

SIGNINS = int(os.environ.get("BENCH_SIGNINS", 200))
ROWS = int(os.environ.get("BENCH_AUDIT_ROWS", 1_000_000))
PASSWORD = "Bench-Pass-2026"
PROJECT_MIDDLEWARE = ("accounts.", "django_otp.", "axes.")
PLAIN = {
    "MIDDLEWARE": [m for m in settings.MIDDLEWARE if not m.startswith(PROJECT_MIDDLEWARE)],
    "AUTHENTICATION_BACKENDS": ["django.contrib.auth.backends.ModelBackend"],
    "AXES_ENABLED": False,
}
RECEIVERS = [
    (user_logged_in, receivers.signed_in, "accounts_signed_in"),
    (user_login_failed, receivers.sign_in_failed, "accounts_sign_in_failed"),
]


def bench_user(username):
    user = User.objects.filter(username=username).first() or User(username=username)
    user.set_password(PASSWORD)
    user.save()
    return user


class HasherClock:
    """Time spent in the password hasher's verify(), summed."""

    def __init__(self):
        self.ms = 0.0
        self.original = PBKDF2PasswordHasher.verify
        clock = self

        def verify(hasher, password, encoded):
            started = time.perf_counter()
            try:
                return clock.original(hasher, password, encoded)
            finally:
                clock.ms += (time.perf_counter() - started) * 1000

        PBKDF2PasswordHasher.verify = verify


HASHER = HasherClock()


def sign_in(username):
    """One sign-in through the login form: (milliseconds in all, of which in the hasher)."""
    client = Client()
    HASHER.ms = 0.0
    started = time.perf_counter()
    response = client.post("/login/", {"username": username, "password": PASSWORD})
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 302, response.status_code
    return elapsed, HASHER.ms


def plain_sign_in(username):
    for signal, receiver, uid in RECEIVERS:
        signal.disconnect(receiver, dispatch_uid=uid)
    try:
        with override_settings(**PLAIN):
            return sign_in(username)
    finally:
        for signal, receiver, uid in RECEIVERS:
            signal.connect(receiver, dispatch_uid=uid)


def signins():
    with override_settings(PASSWORD_HASHERS=global_settings.PASSWORD_HASHERS):
        plain_user, full_user = bench_user("bench-plain"), bench_user("bench-full")
        for _warm_up in range(3):
            plain_sign_in(plain_user.username)
            sign_in(full_user.username)
        plain, full = [], []
        for _n in range(SIGNINS):
            plain.append(plain_sign_in(plain_user.username))
            full.append(sign_in(full_user.username))
    overhead = statistics.median(
        (f - f_hash) - (p - p_hash) for (f, f_hash), (p, p_hash) in zip(full, plain, strict=True)
    )
    print(
        f"sign-in median: plain {statistics.median(p for p, _ in plain):.1f} ms, "
        f"full stack {statistics.median(f for f, _ in full):.1f} ms, "
        f"of which hashing {statistics.median(h for _, h in full):.1f} ms; "
        f"median overhead beyond hashing {overhead:.2f} ms"
    )
    return overhead


def audit_chain_write(rows):
    """`rows` audit rows forming one valid chain, written with COPY."""
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {AuditEvent._meta.db_table} RESTART IDENTITY")
    columns = [*AuditEvent.CHAINED, "previous_hash", "hash"]
    started, previous = timezone.now() - dt.timedelta(days=30), GENESIS
    actions = [Action.SIGN_IN, Action.DOWNLOAD, Action.SIGN_OUT, Action.PERSONAL_DATA]
    sql = f"COPY {AuditEvent._meta.db_table} ({', '.join(columns)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.connection.cursor().copy(sql) as copy:
        for n in range(rows):
            values = [
                started + dt.timedelta(seconds=n),
                1000 + n % 500,
                f"user{n % 500}",
                f"10.{n % 200}.{n % 250}.{n % 240 + 1}",
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/130.0",
                actions[n % len(actions)],
                "documents.minutesversion",
                str(n % 5000),
                f"江北政协纪〔2026〕{n % 5000}号 v1",
                Outcome.SUCCESS,
                "",
            ]
            digest = AuditEvent.digest(previous, values)
            copy.write_row([*values, previous, digest])
            previous = digest
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {AuditEvent._meta.db_table}")


def main():
    ensure_database()
    setup_test_environment()
    overhead = signins()
    started = time.perf_counter()
    audit_chain_write(ROWS)
    print(f"wrote {ROWS} chained audit rows in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    result = audit_verify()
    verify_seconds = time.perf_counter() - started
    assert result.intact and result.rows == ROWS, result
    print(
        f"auth: signins={SIGNINS} overhead_ms={overhead:.2f} audit_rows={result.rows} "
        f"verify_seconds={verify_seconds:.1f}"
    )


if __name__ == "__main__":
    main()
