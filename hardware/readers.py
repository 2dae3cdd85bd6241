"""Transport factories for the composition root (app/bootstrap.py wires these).

app/ may not import ``hardware.pcsc``; it receives these callables instead.
"""

from __future__ import annotations

from hardware.pcsc import PcscCardMonitor, PcscContext, PcscReader
from hardware.ports import CardConnection, CardMonitor


def open_pcsc_transport(reader_name: str | None = None) -> CardConnection:
    """Connect through PC/SC to ``reader_name`` or the first reader with a card.

    A fresh PC/SC context per connection: after a pcscd restart the next call just works.
    """
    context = PcscContext()
    try:
        connection = PcscReader(context).connect(reader_name)
    except BaseException:
        context.close()
        raise
    connection.adopt_context()
    return connection


def list_pcsc_readers() -> list[str]:
    """Reader names known to pcscd (ReaderUnavailable when pcscd is not running)."""
    context = PcscContext()
    try:
        return context.list_readers()
    finally:
        context.close()


def make_pcsc_monitor(interval: float = 0.25) -> CardMonitor:
    """A polling card monitor over PC/SC."""
    return PcscCardMonitor(interval)
