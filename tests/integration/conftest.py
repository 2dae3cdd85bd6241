"""Integration-tier fixtures; the PC/SC ones live in pcsc_fixtures.py."""

from tests.integration.pcsc_fixtures import pcscd_service, virtual_card_in_reader  # noqa: F401
