"""The two trust boundaries for files: what resumekit may read, and how it writes.

Reading: every file a resume or a theme makes us read goes through ``read_confined``: it
must be a regular file whose real path (symlinks followed) lies inside an allowed folder,
and no more than a fixed number of bytes is read from it.

Writing: outputs are written to a temporary file beside the target and renamed into
place, so a failure never clobbers the last good file.
"""

from __future__ import annotations

import glob
import os
import stat
import tempfile
from collections.abc import Sequence
from pathlib import Path

from resumekit.errors import InputError, ResumekitError

#: Flags for opening a file to read: never block on a FIFO or a device, never follow a link
#: that appears after the path was resolved.
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
_READ_FLAGS |= getattr(os, "O_CLOEXEC", 0)


class RefusedFile(ResumekitError):
    """A file resumekit will not read: outside its folder, not a regular file, or too large."""


def read_confined(
    path: Path,
    roots: Sequence[Path],
    limit: int,
    error: type[ResumekitError] = RefusedFile,
) -> bytes:
    """The bytes of ``path``, if it is a regular file inside one of ``roots`` and small enough.

    ``path`` is resolved (symlinks followed) before the check, so a link that points out of
    its folder is refused like a path that climbs out with ``..``. The file is opened without
    following links and checked with fstat, so it cannot be swapped for a FIFO or a device
    between the check and the read; at most ``limit`` bytes are read (a sparse file or
    /dev/zero cannot exhaust memory). Problems raise ``error`` naming the file.
    """
    shown = str(path) if str(path).isprintable() else repr(str(path))
    try:
        real = Path(path).resolve(strict=True)
    except (OSError, RuntimeError, ValueError) as exc:  # a link loop; a NUL byte in the name
        raise error(f"{shown}: cannot read: {_reason(exc)}") from None
    allowed = [Path(root).resolve() for root in roots]
    if not any(real.is_relative_to(root) for root in allowed):
        where = " or ".join(str(r) for r in allowed) or "nowhere"
        raise error(f"{shown}: refused to read it: its real path {real} is outside {where}")
    try:
        fd = os.open(real, _READ_FLAGS)
    except OSError as exc:
        raise error(f"{shown}: cannot read: {_reason(exc)}") from None
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fh.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise error(f"{shown}: refused to read it: not a regular file")
        if info.st_size > limit:
            raise error(f"{shown}: refused to read it: {_size(info.st_size)}, the limit is "
                        f"{_size(limit)}")  # fmt: skip
        try:
            data = fh.read(limit + 1)
        except OSError as exc:
            raise error(f"{shown}: cannot read: {_reason(exc)}") from None
    if len(data) > limit:
        raise error(f"{shown}: refused to read it: larger than {_size(limit)}")
    return data


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc)


def _size(count: int) -> str:
    for unit, scale in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if count >= scale:
            return f"{count / scale:.4g} {unit}"
    return f"{count} bytes"


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path``, then rename it into place.

    A process killed mid-write leaves only a hidden temporary file, which the next write
    of the same output removes.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for stale in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
            stale.unlink(missing_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise InputError(f"{path}: cannot write: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise InputError(f"{path}: cannot write: {exc.strerror or exc}") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
