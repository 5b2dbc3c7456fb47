import contextlib
import shutil
import tempfile
from pathlib import Path

import pytest

from .servers import SparePostgres, postgres_bin


@pytest.fixture(scope="session")
def spare_postgres():
    """One PostgreSQL of the tests' own for the whole run, on a spare loopback port; the fault
    tests stop and restart it (never the machine's). Each test takes a database of its own."""
    if postgres_bin() is None or shutil.which("pg_dump") is None:
        pytest.skip("PostgreSQL server binaries (/usr/lib/postgresql/*/bin) are not installed")
    # Not under pytest's own temporary directory: that is private to root, and PostgreSQL
    # runs as the postgres user when the tests run as root.
    directory = Path(tempfile.mkdtemp(prefix="weiyuan-spare-postgres-"))
    server = SparePostgres(directory).init().start()
    yield server
    with contextlib.suppress(Exception):  # already stopped by a failed test
        server.stop(mode="immediate")
    shutil.rmtree(directory, ignore_errors=True)
