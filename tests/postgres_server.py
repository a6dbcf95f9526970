"""A throwaway PostgreSQL cluster for tests: Debian's server binaries, a temp directory, a free local port.

initdb refuses to run as root, so as root the cluster is created and run as the `postgres`
user that Debian's package creates. Outside CI the tests that need it skip with the reason;
with CI=true a missing server fails them.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def server_binaries() -> Path | None:
    """The folder holding initdb and pg_ctl: on PATH, else the newest /usr/lib/postgresql/<v>/bin."""
    on_path = shutil.which("initdb")
    if on_path and shutil.which("pg_ctl"):
        return Path(on_path).resolve().parent
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    return Path(found[-1]).parent if found else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _missing(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: .ci/run installs Debian's postgresql package)")
    pytest.skip(f"{reason} — install it with: apt-get install postgresql")


@contextmanager
def postgres_cluster() -> Iterator[str]:
    """Start a cluster, yield a SQLAlchemy URL to an empty database, stop and delete it afterwards."""
    binaries = server_binaries()
    if binaries is None:
        _missing("PostgreSQL server binaries (initdb, pg_ctl) not found")
    assert binaries is not None
    prefix: list[str] = []
    data = Path(tempfile.mkdtemp(prefix="scorer-pg-"))
    if os.geteuid() == 0:
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            _missing("running as root but there is no 'postgres' user to run the server as")
        os.chown(data, owner.pw_uid, owner.pw_gid)
        prefix = ["runuser", "-u", "postgres", "--"]
    port = _free_port()
    cluster = data / "cluster"

    def run(*args: str) -> None:
        subprocess.run([*prefix, *args], check=True, capture_output=True, text=True, timeout=120)

    try:
        run(str(binaries / "initdb"), "-D", str(cluster), "-U", "scorer", "--auth=trust", "-E", "UTF8", "--no-locale")
        options = f"-p {port} -k {data} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
        run(str(binaries / "pg_ctl"), "-D", str(cluster), "-o", options, "-l", str(data / "server.log"), "-w", "start")
        try:
            yield f"postgresql+psycopg://scorer@127.0.0.1:{port}/postgres"
        finally:
            run(str(binaries / "pg_ctl"), "-D", str(cluster), "-m", "immediate", "-w", "stop")
    except subprocess.CalledProcessError as exc:
        raise RuntimeError(f"PostgreSQL test cluster failed: {exc.cmd}\n{exc.stdout}\n{exc.stderr}") from exc
    finally:
        shutil.rmtree(data, ignore_errors=True)
