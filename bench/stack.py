"""The deployment's processes run natively, without containers: for the slow tests and
`bench/reliability.py`.

- `nginx()`: nginx with the repository's `config/nginx.conf.template`, rendered as the nginx
  image renders it, only the port, the upstream address and the body limit filled in;
- `gunicorn()`: gunicorn with `config/gunicorn.py` and production settings;
- `postgres_cluster()`: a throwaway PostgreSQL cluster (initdb, pg_ctl) that can be stopped,
  started, frozen with SIGSTOP and thawed, run as the `postgres` user when we are root
  (PostgreSQL refuses to run as root).

Everything listens on 127.0.0.1, in temporary folders that are removed afterwards.
"""

from __future__ import annotations

import glob
import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
NGINX_TEMPLATE = ROOT / "config" / "nginx.conf.template"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def get(port: int, path: str, *, timeout: float = 10, headers=None, source: str | None = None):
    """(status, headers, body) of one GET on a fresh connection, optionally from the loopback
    address `source` (127.0.0.2, …) rather than 127.0.0.1."""
    connection = http.client.HTTPConnection(
        HOST, port, timeout=timeout, source_address=(source, 0) if source else None
    )
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def wait_until_answering(port: int, process: subprocess.Popen, log: Path, timeout=90) -> None:
    """Until an HTTP request (to /healthz, whatever its answer) is answered: gunicorn's
    socket accepts connections before its workers have booted."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            get(port, "/healthz", timeout=5)
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"not answering on {port} after {timeout} s:\n{log.read_text()[-3000:]}")


def stop(process: subprocess.Popen, timeout=30) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def local_redis(db: int) -> str | None:
    """redis://127.0.0.1:6379/`db` if a Redis answers there."""
    try:
        with socket.create_connection((HOST, 6379), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            if sock.recv(16).startswith(b"+PONG"):
                return f"redis://{HOST}:6379/{db}"
    except OSError:
        pass
    return None


# --- the app ---


def production_env(database_url: str, **extra: str) -> dict[str, str]:
    """A production deployment's environment (plain HTTP on the loopback)."""
    return {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": f"{HOST},localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SECURE_COOKIES": "0",
        "DJANGO_HSTS_SECONDS": "0",
        "DJANGO_LOG_LEVEL": "WARNING",
        "DATABASE_URL": database_url,
        **extra,
    }


def manage(*args: str, env: dict[str, str]) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True
    )


def collect_static(folder: Path) -> None:
    """Production settings need the manifest of hashed names to render any page."""
    env = production_env("sqlite:///unused.sqlite3", DJANGO_STATIC_ROOT=str(folder))
    manage("collectstatic", "--no-input", "-v0", env=env)


@dataclass
class Gunicorn:
    port: int
    process: subprocess.Popen
    log: Path

    def worker_pids(self) -> set[int]:
        return _children(self.process.pid)


@contextmanager
def gunicorn(env: dict[str, str], *, workers: int = 2, port: int | None = None):
    """gunicorn with config/gunicorn.py on 127.0.0.1; `env` as from production_env()."""
    port = port or free_port()
    with tempfile.TemporaryDirectory(prefix="proviso-gunicorn-") as folder:
        static = Path(folder) / "static"
        collect_static(static)
        log = Path(folder) / "gunicorn.log"
        env = {
            "GUNICORN_BIND": f"{HOST}:{port}",
            "GUNICORN_WORKERS": str(workers),
            "GUNICORN_ACCESS_LOG": str(Path(folder) / "access.log"),
            "DJANGO_STATIC_ROOT": str(static),
            **env,
        }
        with log.open("wb") as out:
            process = subprocess.Popen(
                [str(BIN / "gunicorn"), "-c", "config/gunicorn.py", "config.wsgi:application"],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        try:
            wait_until_answering(port, process, log)
            yield Gunicorn(port, process, log)
        finally:
            stop(process)


# --- the reverse proxy ---


def render_nginx_site(*, port: int, upstream: str, max_upload_bytes: int) -> str:
    """The template with its variables filled in, as envsubst in the nginx image does (only
    ${NAME}s that are given; nginx's own $variables stay)."""
    values = {
        "NGINX_PORT": f"{HOST}:{port}",
        "PROVISO_UPSTREAM": upstream,
        "PROVISO_MAX_UPLOAD_BYTES": str(max_upload_bytes),
    }
    text = NGINX_TEMPLATE.read_text(encoding="utf-8")
    rendered = re.sub(r"\$\{(\w+)\}", lambda m: values.get(m[1], m[0]), text)
    if missing := re.findall(r"\$\{(\w+)\}", rendered):
        raise ValueError(f"nginx template variables without a value: {missing}")
    return rendered


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next(
        (path for path in ("/usr/sbin/nginx",) if os.access(path, os.X_OK)), None
    )


@dataclass
class Nginx:
    port: int
    process: subprocess.Popen
    folder: Path


@contextmanager
def nginx(*, upstream_port: int, max_upload_bytes: int = 5_242_880, port: int | None = None):
    """nginx on 127.0.0.1 in front of 127.0.0.1:`upstream_port`. The main context (pid file,
    logs, temporary folders) is ours; the site is the repository's template."""
    binary = nginx_binary()
    if binary is None:
        raise RuntimeError("nginx is not installed (apt-get install nginx)")
    port = port or free_port()
    with tempfile.TemporaryDirectory(prefix="proviso-nginx-") as name:
        folder = Path(name)
        folder.chmod(0o755)
        for temp in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (folder / temp).mkdir(mode=0o777)
            (folder / temp).chmod(0o777)  # nginx's workers run as nobody under root
        site = folder / "proviso.conf"
        site.write_text(
            render_nginx_site(
                port=port, upstream=f"{HOST}:{upstream_port}", max_upload_bytes=max_upload_bytes
            )
        )
        (folder / "nginx.conf").write_text(
            f"""worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    include {site};
}}
"""
        )
        log = folder / "error.log"
        log.touch()
        process = subprocess.Popen(
            [
                binary,
                "-p",
                str(folder),
                "-e",
                str(log),
                "-c",
                str(folder / "nginx.conf"),
                "-g",
                "daemon off;",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_until_answering(port, process, log)
            yield Nginx(port, process, folder)
        finally:
            stop(process)


# --- a throwaway PostgreSQL cluster ---


def postgres_bin() -> Path | None:
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4])
    )
    return Path(found[-1]).parent if found else None


def _as_postgres(command: list) -> list[str]:
    command = [str(part) for part in command]
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def _children(pid: int) -> set[int]:
    children = set()
    for stat in glob.glob("/proc/[0-9]*/stat"):
        try:
            fields = Path(stat).read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            children.add(int(stat.split("/")[2]))
    return children


@dataclass
class Cluster:
    bindir: Path
    data: Path
    port: int
    frozen: list[int] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"postgres://postgres@{HOST}:{self.port}/proviso"

    def pg_ctl(self, *args: str) -> None:
        subprocess.run(
            _as_postgres([str(self.bindir / "pg_ctl"), "-D", str(self.data), *args]),
            check=True,
            capture_output=True,
        )

    def start(self) -> None:
        self.pg_ctl(
            "-l",
            str(self.data / "server.log"),
            "-o",
            f"-p {self.port} -k {self.data} -c listen_addresses={HOST} -c fsync=off",
            "-w",
            "start",
        )

    def stop(self) -> None:
        self.pg_ctl("-m", "fast", "-w", "stop")

    def postmaster_pid(self) -> int:
        return int((self.data / "postmaster.pid").read_text().split()[0])

    def freeze(self) -> None:
        """SIGSTOP the server and every backend: connections are still accepted by the
        kernel, and nothing answers."""
        main = self.postmaster_pid()
        self.frozen = [main, *sorted(_children(main))]
        for pid in self.frozen:
            os.kill(pid, signal.SIGSTOP)

    def thaw(self) -> None:
        for pid in self.frozen:
            with suppress(ProcessLookupError):
                os.kill(pid, signal.SIGCONT)
        self.frozen = []


@contextmanager
def postgres_cluster(*, port: int | None = None) -> Iterator[Cluster]:
    """A new cluster, started, with an empty `proviso` database; removed afterwards."""
    bindir = postgres_bin()
    if bindir is None:
        raise RuntimeError("PostgreSQL's server binaries are not installed")
    folder = Path(tempfile.mkdtemp(prefix="proviso-pg-"))
    data = folder / "data"
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    cluster = Cluster(bindir, data, port or free_port())
    try:
        subprocess.run(
            _as_postgres(
                [
                    str(bindir / "initdb"),
                    "-D",
                    str(data),
                    "-U",
                    "postgres",
                    "-A",
                    "trust",
                    "-E",
                    "UTF8",
                    "--no-sync",
                ]
            ),
            check=True,
            capture_output=True,
        )
        cluster.start()
        subprocess.run(
            [
                str(bindir / "createdb"),
                "-h",
                HOST,
                "-p",
                str(cluster.port),
                "-U",
                "postgres",
                "proviso",
            ],
            check=True,
            capture_output=True,
        )
        yield cluster
    finally:
        cluster.thaw()
        if (data / "postmaster.pid").exists():
            subprocess.run(
                _as_postgres([str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
                capture_output=True,
            )
        shutil.rmtree(folder, ignore_errors=True)
