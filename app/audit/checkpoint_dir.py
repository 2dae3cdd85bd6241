"""The checkpoint store on a directory: local, a mounted share of another host, or WORM media.

Entries are created exclusively (``O_EXCL``): an existing file is never replaced, so media or
a share that only allows adding files works, and two terminals writing at the same moment
cannot overwrite each other. Each file is synced before the store says it is written. The
directory is created owner-only; a share's own permissions are its administrator's.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from pathlib import Path

from app.domain.errors import DomainError

MAX_ENTRY = 64 * 1024  # an anchor is well under 1 KiB; anything larger is not one


class CheckpointUnavailable(DomainError):
    """The checkpoint store could not take an entry (not mounted, full, read-only, ...)."""

    def __init__(self, code: int | None) -> None:
        name = errno.errorcode.get(code or 0, "OSError")
        super().__init__("checkpoint store", f"cannot be written ({name})")
        self.errno_name = name


class DirectoryCheckpointStore:
    """Implements :class:`app.ports.CheckpointStore` on a directory."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def add(self, name: str, data: bytes) -> str:
        """Write a new file ``name`` (never replacing one) and sync it and the directory."""
        if "/" in name or name.startswith("."):
            raise ValueError("an entry name is a plain file name")
        path = self.directory / name
        try:
            self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            try:
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view) :]
                os.fsync(fd)
            finally:
                os.close(fd)
            directory = os.open(self.directory, os.O_RDONLY)
            try:
                os.fsync(directory)
            finally:
                os.close(directory)
        except OSError as exc:
            raise CheckpointUnavailable(exc.errno) from None
        return str(path)

    def entries(self, prefix: str) -> Iterator[tuple[str, bytes]]:
        """Every ``*.json`` file whose name starts with ``prefix``, oldest name first."""
        try:
            names = sorted(p.name for p in self.directory.iterdir())
        except FileNotFoundError:
            return
        except OSError as exc:
            raise CheckpointUnavailable(exc.errno) from None
        for name in names:
            if not (name.startswith(prefix) and name.endswith(".json")):
                continue
            path = self.directory / name
            try:
                with path.open("rb") as handle:
                    data = handle.read(MAX_ENTRY + 1)
            except OSError:
                data = b""  # unreadable: judged (and named) as an invalid anchor
            yield name, data
