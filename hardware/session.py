"""A card session over a Transport: checked exchanges, application selection and file reads.

Reads are designed for a small APDU count: a file is first read by short EF identifier with
Le=00 (256 bytes), which both selects it and returns its head; the TLV header in that head
tells how many more bytes to fetch with offset reads. Nothing is returned until a read has
completed, so a card removed mid-read yields an exception and never a partial result.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from hardware import apdu
from hardware.apdu import Response
from hardware.errors import (
    EndOfFile,
    MalformedCardData,
    NotAMyNumberCard,
    WrongLength,
)
from hardware.ports import Transport
from hardware.tlv import parse_header

MAX_FILE_SIZE = 0x7FFF
MAX_GET_RESPONSE = 8
# Status words a card gives when it does not know an application or command at all.
_UNKNOWN_APPLICATION_SW = frozenset({0x6A82, 0x6A86, 0x6A87, 0x6D00, 0x6E00, 0x6999})


def _read_at(offset: int, le: int) -> bytes:
    return apdu.read_binary(offset, le)


class CardSession:
    """Checked APDU exchanges over one card connection; is itself a Transport."""

    def __init__(self, transport: Transport) -> None:
        self._transport = transport

    def transmit(self, apdu_bytes: bytes) -> bytes:
        """Pass one raw APDU through (lets a session be given where a Transport is expected)."""
        return self._transport.transmit(apdu_bytes)

    def exchange(self, command: bytes) -> Response:
        """Send ``command`` and return its response, following 61xx with GET RESPONSE."""
        response = apdu.parse_response(self._transport.transmit(command))
        data = response.data
        rounds = 0
        while response.sw1 == 0x61:
            rounds += 1
            if rounds > MAX_GET_RESPONSE:
                raise MalformedCardData("response", "too many GET RESPONSE rounds")
            response = apdu.parse_response(
                self._transport.transmit(apdu.get_response(response.sw2 or apdu.MAX_LE))
            )
            data += response.data
        return Response(data=data, sw=response.sw)

    def expect_ok(self, command: bytes) -> bytes:
        """Send ``command``; return the data on 9000, raise the typed error otherwise."""
        response = self.exchange(command)
        apdu.check_status(response.sw)
        return response.data

    def select_application(self, aid: bytes) -> None:
        """SELECT an application by AID; a card without it is not a My Number card."""
        response = self.exchange(apdu.select_df(aid))
        if response.sw in _UNKNOWN_APPLICATION_SW:
            raise NotAMyNumberCard()
        apdu.check_status(response.sw)

    def read_chunk(self, command: Callable[[int], bytes], le: int) -> tuple[bytes, bool]:
        """One READ BINARY; returns (data, end_of_file_reached)."""
        response = self.exchange(command(le))
        if response.sw == apdu.SW_OK:
            if len(response.data) > le:
                raise MalformedCardData("READ BINARY", "more data than requested")
            return response.data, len(response.data) < le
        if response.sw == apdu.SW_END_OF_FILE_WARNING:
            return response.data[:le], True
        if response.sw == 0x6B00:
            return b"", True
        error = apdu.error_for_status(response.sw)
        if isinstance(error, WrongLength) and error.exact_length is not None:
            exact = min(error.exact_length, le)
            retry = self.exchange(command(exact))
            if retry.sw not in (apdu.SW_OK, apdu.SW_END_OF_FILE_WARNING) or len(retry.data) > exact:
                apdu.check_status(retry.sw)
                raise MalformedCardData("READ BINARY", "more data than requested")
            return retry.data, exact < le or retry.sw == apdu.SW_END_OF_FILE_WARNING
        assert error is not None
        raise error

    def read_prefix(self, sfi: int, needed: Callable[[bytes], int], field: str) -> bytes:
        """Read the first ``needed(head)`` bytes of EF ``sfi``, where head is its first chunk."""
        head, eof = self.read_chunk(lambda le: apdu.read_binary_sfi(sfi, 0, le), apdu.MAX_LE)
        total = needed(head)
        if total > MAX_FILE_SIZE:
            raise MalformedCardData(field, "declared length too large")
        data = bytearray(head)
        while len(data) < total:
            if eof:
                raise MalformedCardData(field, "file shorter than its declared length")
            offset = len(data)
            le = min(apdu.MAX_LE, total - offset)
            chunk, eof = self.read_chunk(functools.partial(_read_at, offset), le)
            if not chunk:
                eof = True
            data += chunk
        return bytes(data[:total])

    def read_tlv_file(self, sfi: int, field: str) -> bytes:
        """Read exactly the outer TLV of EF ``sfi`` (header + value)."""

        def tlv_total(head: bytes) -> int:
            return parse_header(head, 0, field).total_length

        return self.read_prefix(sfi, tlv_total, field)

    def read_physical(self, sfi: int, field: str) -> bytes:
        """Read EF ``sfi`` as physically stored, up to its end (filler included)."""
        data, eof = self.read_chunk(lambda le: apdu.read_binary_sfi(sfi, 0, le), apdu.MAX_LE)
        buffer = bytearray(data)
        while not eof:
            offset = len(buffer)
            if offset > MAX_FILE_SIZE:
                raise MalformedCardData(field, "file too large")
            try:
                chunk, eof = self.read_chunk(functools.partial(_read_at, offset), apdu.MAX_LE)
            except EndOfFile:
                break
            if not chunk:
                break
            buffer += chunk
        return bytes(buffer)

    def read_record(self, record: int, sfi: int, field: str) -> bytes:
        """READ RECORD ``record`` of EF ``sfi`` with Le=00, resending once on 6Cxx."""
        response = self.exchange(apdu.read_record(record, sfi))
        error = apdu.error_for_status(response.sw)
        if isinstance(error, WrongLength) and error.exact_length is not None:
            response = self.exchange(apdu.read_record(record, sfi, error.exact_length))
            error = apdu.error_for_status(response.sw)
        if response.sw == 0x6A83:
            raise MalformedCardData(field, "record not found")
        if error is not None:
            raise error
        return response.data
