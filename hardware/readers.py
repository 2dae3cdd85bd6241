"""Transport factories for the composition root (app/bootstrap.py wires these).

app/ may not import ``hardware.pcsc``; it receives these callables instead.
"""

from __future__ import annotations

from hardware.errors import CardRemoved, ReaderUnavailable, VirtualReaderRefused
from hardware.pcsc import PcscCardMonitor, PcscContext, PcscReader, card_present
from hardware.ports import CardConnection, CardMonitor

VIRTUAL_READER_PREFIX = "Virtual PCD"
"""How pcscd names the readers of the vpcd driver (vsmartcard's virtual reader)."""


def is_virtual_reader(name: str) -> bool:
    """True for a vpcd reader: a card in it may come from any host that reaches vpcd's port."""
    return name.startswith(VIRTUAL_READER_PREFIX)


def open_pcsc_transport(
    reader_name: str | None = None, *, allow_virtual: bool = False
) -> CardConnection:
    """Connect through PC/SC to ``reader_name`` or the first reader with a card.

    Virtual (vpcd) readers are refused unless ``allow_virtual`` (training mode): without it
    they are not even considered when looking for the reader that holds a card. A fresh
    PC/SC context per connection: after a pcscd restart the next call just works.
    """
    context = PcscContext()
    try:
        if not allow_virtual:
            reader_name = _real_reader(context, reader_name)
        connection = PcscReader(context).connect(reader_name)
    except BaseException:
        context.close()
        raise
    connection.adopt_context()
    return connection


def _real_reader(context: PcscContext, reader_name: str | None) -> str:
    """``reader_name`` if it is a real reader, else the first real reader holding a card."""
    if reader_name is not None:
        if is_virtual_reader(reader_name):
            raise VirtualReaderRefused()
        return reader_name
    readers = context.list_readers()
    real = [name for name in readers if not is_virtual_reader(name)]
    if not real:
        raise VirtualReaderRefused() if readers else ReaderUnavailable()
    states = context.reader_states(real)
    for name in real:
        if card_present(states.get(name, 0)):
            return name
    raise CardRemoved("no card in any reader")


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
