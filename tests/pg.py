"""A throw-away PostgreSQL cluster for the store tests (session fixture ``pg_server``).

The cluster lives in a temporary folder, listens on a free loopback port only (and a socket in that
folder), trusts local connections, and is stopped and deleted when the session ends. Each test gets its
own schema (``PgServer.fresh_url``), which is much faster than a database per test and just as isolated.

initdb refuses to run as root, so as root the cluster runs as the ``postgres`` user (``runuser``); as
anyone else it runs as that user. When the server binaries or the psycopg driver are missing, the
PostgreSQL variants of the tests skip with the command that installs them.

Use it from a test module with ``from pg import pg_server  # noqa: F401``.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

INSTALL_HINT = "install the server with `apt-get install postgresql` (or `make system-deps`)"
START_TIMEOUT_S = 30


def find_bin_dir() -> Path | None:
    """The newest /usr/lib/postgresql/N/bin holding initdb and pg_ctl, else the ones on PATH."""
    dirs = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda d: int(d.split("/")[-2]) if d.split("/")[-2].isdigit() else 0)
    for d in reversed(dirs):
        if os.access(os.path.join(d, "initdb"), os.X_OK) and os.access(os.path.join(d, "pg_ctl"), os.X_OK):
            return Path(d)
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb and shutil.which("pg_ctl") else None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class PgServer:
    bin_dir: Path
    root: Path
    port: int = 0
    as_postgres_user: bool = False
    _schemas: list[str] = field(default_factory=list)

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def base_url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        cmd = [str(self.bin_dir / args[0]), *args[1:]]
        if self.as_postgres_user:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=START_TIMEOUT_S, check=False)

    def start(self) -> None:
        if self.as_postgres_user:
            shutil.chown(self.root, "postgres", "postgres")
        init = self._run(
            "initdb", "-D", str(self.data_dir), "-U", "postgres", "-A", "trust",
            "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync",
        )
        if init.returncode != 0:
            raise RuntimeError(f"initdb failed: {init.stderr.strip() or init.stdout.strip()}")
        for _attempt in range(3):
            self.port = _free_port()
            opts = (
                f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.root} -c fsync=off "
                "-c synchronous_commit=off -c full_page_writes=off"
            )
            started = self._run(
                "pg_ctl", "-D", str(self.data_dir), "-l", str(self.root / "server.log"), "-o", opts, "-w",
                "-t", str(START_TIMEOUT_S), "start",
            )
            if started.returncode == 0:
                return
            time.sleep(0.2)  # the port was taken between probing and binding: try another
        log = (self.root / "server.log").read_text(errors="replace")[-2000:]
        raise RuntimeError(f"pg_ctl start failed: {started.stderr.strip()}\n{log}")

    def stop(self) -> None:
        if self.data_dir.exists():
            self._run("pg_ctl", "-D", str(self.data_dir), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)

    def fresh_url(self) -> str:
        """A URL whose connections see only a new, empty schema: one isolated database per test."""
        import psycopg

        name = "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres", autocommit=True) as c:
            c.execute(f"CREATE SCHEMA {name}")
        self._schemas.append(name)
        return f"{self.base_url}?options=-csearch_path%3D{name}"


def start_server() -> PgServer:
    """Start a cluster or skip the test with what to install."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.skip("PostgreSQL tests need the psycopg driver: pip install 'psycopg[binary]'")
    bin_dir = find_bin_dir()
    if bin_dir is None:
        pytest.skip(f"PostgreSQL server binaries (initdb, pg_ctl) not found: {INSTALL_HINT}")
    as_root = hasattr(os, "geteuid") and os.geteuid() == 0
    if as_root and shutil.which("runuser") is None:
        pytest.skip("running as root without runuser: cannot start PostgreSQL as the postgres user")
    server = PgServer(bin_dir, Path(tempfile.mkdtemp(prefix="sitroom-pg-")), as_postgres_user=as_root)
    try:
        server.start()
    except (RuntimeError, OSError, subprocess.TimeoutExpired) as exc:
        server.stop()
        pytest.skip(f"could not start a throw-away PostgreSQL cluster ({exc}); {INSTALL_HINT}")
    return server


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    server = start_server()
    try:
        yield server
    finally:
        server.stop()
