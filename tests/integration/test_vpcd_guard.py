"""vpcd is kept to this machine: a host on the LAN cannot reach its port (packaging/training).

A second "host" is a network namespace this test makes, joined to this machine by a veth
pair with addresses of its own; it can reach an ordinary listening port here, but not
vpcd's, once the project's nft rule is loaded (as ``./dev`` loads it before pcscd starts).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.pcscd_service import PcscdService

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "packaging" / "training" / "vpcd-loopback-only.nft"
VPCD_PORT = 35963
pytestmark = pytest.mark.pcsc


def _run(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, capture_output=True, text=True, timeout=20, check=False)


@pytest.fixture
def lan_host() -> Iterator[tuple[str, str]]:
    """A namespace at 10.213.N.2 whose way to this machine is 10.213.N.1 (own test host)."""
    if os.geteuid() != 0 or not (shutil.which("nft") and shutil.which("ip")):
        pytest.skip("needs root, nft and ip (./dev test runs as root and installs nftables)")
    tag = uuid.uuid4().hex[:6]
    net = f"10.213.{int(tag[:2], 16)}"
    ns, here, there = f"mdg-lan-{tag}", f"mdgh{tag}", f"mdgn{tag}"
    steps = [
        ("ip", "netns", "add", ns),
        ("ip", "link", "add", here, "type", "veth", "peer", "name", there),
        ("ip", "link", "set", there, "netns", ns),
        ("ip", "addr", "add", f"{net}.1/30", "dev", here),
        ("ip", "link", "set", here, "up"),
        ("ip", "netns", "exec", ns, "ip", "addr", "add", f"{net}.2/30", "dev", there),
        ("ip", "netns", "exec", ns, "ip", "link", "set", there, "up"),
        ("ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up"),
    ]
    try:
        for step in steps:
            done = _run(*step)
            if done.returncode != 0:
                pytest.skip(f"cannot build the test network here: {done.stderr.strip()}")
        yield ns, f"{net}.1"
    finally:
        _run("ip", "link", "del", here)
        _run("ip", "netns", "del", ns)


def _connects_from(ns: str, address: str, port: int) -> bool:
    probe = (
        "import socket,sys\n"
        "s=socket.socket(); s.settimeout(2)\n"
        f"sys.exit(0 if s.connect_ex(({address!r},{port}))==0 else 1)\n"
    )
    return _run("ip", "netns", "exec", ns, "python3", "-c", probe).returncode == 0


def test_a_lan_host_cannot_reach_vpcd_but_reaches_other_ports(
    pcscd_service: PcscdService, lan_host: tuple[str, str]
) -> None:
    ns, address = lan_host
    loaded = _run("nft", "-f", str(RULES))
    assert loaded.returncode == 0, loaded.stderr
    with socket.socket() as control:  # an ordinary service here: the path itself works
        control.bind(("0.0.0.0", 0))  # noqa: S104 - reachable from the test host on purpose
        control.listen(1)
        assert _connects_from(ns, address, control.getsockname()[1])
    assert not _connects_from(ns, address, VPCD_PORT)
    # Loading the rules again replaces them rather than piling them up.
    assert _run("nft", "-f", str(RULES)).returncode == 0
    listed = _run("nft", "list", "table", "inet", "madoguchi_vpcd").stdout
    assert listed.count("dport { 35963, 35964 }") == 1
