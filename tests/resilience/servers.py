"""Processes the fault tests start on loopback, each on a spare port, and stop again: a
PostgreSQL of their own (initdb + pg_ctl in a temporary directory), a redis-server, gunicorn,
a Celery worker; and a small HTTP client with cookies and CSRF, as a browser would send.

The machine's own PostgreSQL and Redis are never stopped: only these.
"""

import email
import email.policy
import glob
import http.cookiejar
import os
import re
import shutil
import signal
import socket
import socketserver
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "demo-pass-123"  # tests/people/factories.py


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(check, timeout=30.0, interval=0.1, what="the service"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(interval)
    raise TimeoutError(f"{what} did not come up within {timeout} s")


def postgres_bin() -> Path | None:
    """The newest PostgreSQL server binaries of the machine (Debian's layout)."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"),
        key=lambda path: int(Path(path).parts[-3]),
    )
    return Path(found[-1]).parent if found else None


class SparePostgres:
    """A throw-away PostgreSQL cluster on a spare loopback port (trust authentication)."""

    def __init__(self, directory: Path):
        self.bin = postgres_bin()
        self.directory = Path(directory)
        self.data = self.directory / "data"
        self.port = free_port()
        self.log = self.directory / "postgres.log"

    def _run(self, *args, **kwargs):
        return subprocess.run(args, check=True, capture_output=True, text=True, **kwargs)

    def init(self):
        # PostgreSQL refuses to run as root; the cluster then belongs to the postgres user.
        self.directory.mkdir(parents=True, exist_ok=True)
        self._as_owner(
            str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust"
        )
        with open(self.data / "postgresql.conf", "a") as conf:
            conf.write(
                f"port = {self.port}\nlisten_addresses = '127.0.0.1'\n"
                f"unix_socket_directories = '{self.directory}'\nfsync = off\n"
                "synchronous_commit = off\nfull_page_writes = off\nmax_connections = 60\n"
            )
        return self

    def _as_owner(self, *command):
        if os.geteuid() == 0:
            shutil.chown(self.directory, "postgres")
            command = ("runuser", "-u", "postgres", "--", *command)
        return self._run(*command)

    def start(self):
        self._as_owner(
            str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-w", "start"
        )
        return self

    def stop(self, mode="fast"):
        self._as_owner(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")

    def restart(self, mode="fast"):
        self._as_owner(
            str(self.bin / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.log),
            "-m",
            mode,
            "-w",
            "restart",
        )

    def url(self, database="postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def createdb(self, name=None) -> str:
        name = name or f"spare_{uuid.uuid4().hex[:10]}"
        self._run(str(self.bin / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U",
                  "postgres", name)  # fmt: skip
        return name

    def psql(self, database, sql) -> str:
        return self._run(
            str(self.bin / "psql"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
            "-d", database, "-At", "-c", sql,
        ).stdout.strip()  # fmt: skip

    def copy_from(self, source_url: str, database: str):
        """Copy a whole database (schema and rows) from another server into `database` here."""
        dump = subprocess.run(
            ["pg_dump", "-Fc", "--no-owner", "-d", source_url],
            check=True,
            capture_output=True,
        ).stdout
        subprocess.run(
            [str(self.bin / "pg_restore"), "--no-owner", "-d", self.url(database)],
            input=dump,
            check=True,
            capture_output=True,
        )


def database_url(settings_dict) -> str:
    user, password = settings_dict["USER"] or "postgres", settings_dict["PASSWORD"]
    credentials = f"{user}:{password}" if password else user
    host = settings_dict["HOST"] or "127.0.0.1"
    port = settings_dict["PORT"] or 5432
    return f"postgres://{credentials}@{host}:{port}/{settings_dict['NAME']}"


class Service:
    """A subprocess with its output in a log file; stopped by its own process id only."""

    def __init__(self, command, *, env, log: Path, cwd=ROOT):
        self.command, self.env, self.log, self.cwd = command, env, Path(log), cwd
        self.process = None

    def start(self):
        self.output = open(self.log, "ab")  # noqa: SIM115 — closed in stop()
        self.process = subprocess.Popen(
            self.command,
            cwd=self.cwd,
            env=self.env,
            stdout=self.output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        return self

    def stop(self, sig=signal.SIGTERM, timeout=15):
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, sig)
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self.output.close()

    def tail(self, size=4000) -> str:
        return self.log.read_text(errors="replace")[-size:] if self.log.exists() else ""


def redis_server(directory: Path) -> tuple[Service, int]:
    port = free_port()
    command = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
               "--appendonly", "no", "--dir", str(directory)]  # fmt: skip
    return Service(command, env=dict(os.environ), log=directory / f"redis-{port}.log"), port


def redis_answers(port) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def app_environment(**values) -> dict:
    """The environment of a server or worker process started by a test."""
    keep = ("PATH", "HOME", "LANG", "PYTHONPATH", "LD_LIBRARY_PATH")
    environment = {key: os.environ[key] for key in keep if key in os.environ}
    environment["DJANGO_SETTINGS_MODULE"] = "config.settings.test_server"
    return environment | {key: str(value) for key, value in values.items()}


def gunicorn(port, *, env, log: Path, workers=2) -> Service:
    command = [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}",
               "--workers", str(workers), "--timeout", "60", "--graceful-timeout", "5"]  # fmt: skip
    return Service(command, env=env, log=log)


def celery_worker(*, env, log: Path, queue: str, pool="prefork", concurrency=1) -> Service:
    command = [sys.executable, "-m", "celery", "-A", "config", "worker", f"--pool={pool}",
               f"--concurrency={concurrency}", "-Q", queue, "--without-gossip",
               "--without-mingle", "--without-heartbeat", "-l", "info"]  # fmt: skip
    return Service(command, env=env, log=log)


def http_ready(base) -> bool:
    try:
        with urllib.request.urlopen(f"{base}/login/", timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """Cookies, the CSRF token and multipart forms: what a browser sends, with urllib."""

    def __init__(self, base):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect
        )

    def cookie(self, name):
        return next((cookie.value for cookie in self.jar if cookie.name == name), None)

    def share_cookies_with(self, other: "Browser"):
        for cookie in self.jar:
            other.jar.set_cookie(cookie)

    def request(self, path, data=None, files=None, timeout=30):
        url = path if path.startswith("http") else self.base + path
        headers = {"Accept-Language": "zh-hans"}
        body = None
        if data is not None or files:
            if self.cookie("csrftoken") is None:
                self.request(path)  # the form page sets the CSRF cookie
            fields = {"csrfmiddlewaretoken": self.cookie("csrftoken"), **(data or {})}
            body, content_type = _multipart(fields, files or {})
            headers |= {"Content-Type": content_type, "Referer": url}
        request = urllib.request.Request(url, data=body, headers=headers)
        try:
            with self.opener.open(request, timeout=timeout) as response:
                return response.status, response.read(), dict(response.headers)
        except urllib.error.HTTPError as error:
            return error.code, error.read(), dict(error.headers)

    def login(self, username, password=PASSWORD):
        status, _body, headers = self.request(
            "/login/", {"username": username, "password": password}
        )
        assert status == 302, f"login of {username} failed: {status}"
        return self


def _multipart(fields, files):
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        for item in value if isinstance(value, list | tuple) else [value]:
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                f"{item}\r\n".encode()
            )
    for name, (filename, content, content_type) in files.items():
        quoted = urllib.parse.quote(filename)
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{quoted}"\r\nContent-Type: {content_type}\r\n\r\n'
        )
        parts.append(head.encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def text_of(body: bytes) -> str:
    return re.sub(r"\s+", " ", body.decode("utf-8", errors="replace"))


class SmtpSink:
    """A small SMTP server on loopback that keeps what it accepts: (recipients, message).

    `hold_first`: the first message is left unanswered until `release` is set, then refused
    (451), as a mail server that had not yet accepted it when the sender died.
    """

    def __init__(self, *, hold_first=False):
        self.received, self.hold_first = [], hold_first
        self.entered, self.release = threading.Event(), threading.Event()
        self._lock, self._data_calls = threading.Lock(), 0
        sink = self

        class Handler(socketserver.StreamRequestHandler):
            def reply(self, line):
                self.wfile.write(line.encode() + b"\r\n")

            def handle(self):
                self.reply("220 sink ESMTP")
                recipients = []
                while line := self.rfile.readline():
                    verb = line.decode(errors="replace").strip().split(" ", 1)[0].upper()
                    if verb in ("EHLO", "HELO"):
                        self.reply("250-sink\r\n250 8BITMIME" if verb == "EHLO" else "250 sink")
                    elif verb == "MAIL":
                        recipients = []
                        self.reply("250 OK")
                    elif verb == "RCPT":
                        address = line.decode().split(":", 1)[1].strip().strip("<>")
                        recipients.append(address.split(">")[0])
                        self.reply("250 OK")
                    elif verb == "DATA":
                        self.reply("354 End data with <CR><LF>.<CR><LF>")
                        lines = []
                        while (data := self.rfile.readline()) not in (b".\r\n", b""):
                            lines.append(data[1:] if data.startswith(b"..") else data)
                        self.reply(sink._accept(recipients, b"".join(lines)))
                    elif verb == "QUIT":
                        self.reply("221 Bye")
                        return
                    else:
                        self.reply("250 OK")

        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]

    def _accept(self, recipients, content):
        with self._lock:
            self._data_calls += 1
            held = self.hold_first and self._data_calls == 1
        if held:
            self.entered.set()
            self.release.wait(60)
            return "451 4.3.0 Try again later"
        message = email.message_from_bytes(content, policy=email.policy.default)
        with self._lock:
            self.received.append((recipients, message))
        return "250 Message accepted"

    def start(self):
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def wait_for(self, count, timeout=45):
        deadline = time.monotonic() + timeout
        while len(self.received) < count and time.monotonic() < deadline:
            time.sleep(0.2)
        return self.received

    def stop(self):
        self.release.set()
        self.server.shutdown()
        self.server.server_close()
