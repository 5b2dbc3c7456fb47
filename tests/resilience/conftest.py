import contextlib
import shutil

import pytest

from .servers import SparePostgres, postgres_bin


@pytest.fixture(scope="session")
def spare_postgres(tmp_path_factory):
    """One PostgreSQL of the tests' own for the whole run, on a spare loopback port; the fault
    tests stop and restart it (never the machine's). Each test takes a database of its own."""
    if postgres_bin() is None or shutil.which("pg_dump") is None:
        pytest.skip("PostgreSQL server binaries (/usr/lib/postgresql/*/bin) are not installed")
    server = SparePostgres(tmp_path_factory.mktemp("spare-postgres")).init().start()
    yield server
    with contextlib.suppress(Exception):  # already stopped by a failed test
        server.stop(mode="immediate")
