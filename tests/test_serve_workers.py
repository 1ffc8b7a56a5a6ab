"""`sitroom serve --workers N`: N server processes over one store answer the API, and stop with the parent."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from sitroom.jobs.pipeline import ingest
from sitroom.store.database import Store

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_with_two_workers(tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    with Store.open(str(db)) as store:
        ingest([FIXTURES], store)
        expected = store.stats()
    port = _free_port()
    exe = Path(sys.executable).parent / "sitroom"
    server = subprocess.Popen([str(exe), "serve", "--db", str(db), "--port", str(port), "--workers", "2"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            assert server.poll() is None, server.stderr.read().decode(errors="replace") if server.stderr else ""
            try:
                r = httpx.get(f"{base}/api/stats", timeout=5)
                if r.status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "the server did not answer"
            time.sleep(0.2)
        assert r.json()["events"] == expected["events"]
        with httpx.Client(base_url=base, timeout=10) as client:
            pages = [client.get("/api/events", params={"limit": 5}) for _ in range(8)]
        assert all(p.status_code == 200 and "events" in p.json() for p in pages)
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=30)
        finally:
            if server.poll() is None:
                server.kill()
    assert server.returncode is not None
