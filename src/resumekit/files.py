"""The two trust boundaries for files: what resumekit may read, and how it writes.

Reading: every file a resume or a theme makes us read goes through ``read_confined``: it
must be a regular file whose real path (symlinks followed) lies inside an allowed folder,
and no more than a fixed number of bytes is read from it.

Writing: ``output_path`` decides where every output goes, directly inside the output
folder; ``write_atomic`` writes to a temporary file beside the target and renames it into
place, so a failure never clobbers the last good file.
"""

from __future__ import annotations

import glob
import os
import re
import stat
import tempfile
import time
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
    allow_hidden: bool = False,
) -> bytes:
    """The bytes of ``path``, if it is a regular file inside one of ``roots`` and small enough.

    ``path`` is resolved (symlinks followed) before the check, so a link that points out of
    its folder is refused like a path that climbs out with ``..``. Below its root, no part of
    the real path may be hidden (``.git/config``, ``.env``: where secrets live) unless
    ``allow_hidden`` (for the resume itself, named by the user). The file is opened without
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
    hidden = [_hidden_part(real, root) for root in allowed if real.is_relative_to(root)]
    if not allow_hidden and all(hidden):
        raise error(f"{shown}: refused to read it: its path has a hidden part ('{hidden[0]}'); "
                    "files and folders whose names start with a dot are not read")  # fmt: skip
    try:
        fd = os.open(real, _READ_FLAGS)
    except OSError as exc:
        raise error(f"{shown}: cannot read: {_reason(exc)}") from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):  # before open(), which fails on a folder
        os.close(fd)
        raise error(f"{shown}: refused to read it: not a regular file")
    with open(fd, "rb") as fh:
        if info.st_size > limit:
            size = _size(info.st_size)
            size = size if size != _size(limit) else f"{info.st_size:,} bytes"  # just past it
            raise error(f"{shown}: refused to read it: {size}, the limit is {_size(limit)}")
        try:
            data = fh.read(limit + 1)
        except OSError as exc:
            raise error(f"{shown}: cannot read: {_reason(exc)}") from None
    if len(data) > limit:
        raise error(f"{shown}: refused to read it: larger than {_size(limit)}")
    return data


def _hidden_part(real: Path, root: Path) -> str | None:
    """The first name in ``real`` below ``root`` that starts with a dot, if any."""
    return next((part for part in real.relative_to(root).parts if part.startswith(".")), None)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc)


def _size(count: int) -> str:
    for unit, scale in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if count >= scale:
            return f"{count / scale:.4g} {unit}"
    return f"{count} bytes"


#: A temporary file older than this is a leftover even if a process with its pid runs:
#: pids are reused, and no write takes this long.
STALE_AFTER = 3600.0


def refuse_input(target: Path, inputs: Sequence[Path]) -> None:
    """Refuse to write ``target`` when it is one of ``inputs`` (the files a run reads: its
    resume, letter, about page, photo), the same file by device and inode: in another letter
    case on macOS, or through a hard link or a symlinked folder."""
    try:
        written = os.stat(target)
    except (OSError, ValueError):  # not there yet: it replaces nothing
        return
    for path in inputs:
        try:
            read = os.stat(path)
        except (OSError, ValueError):
            continue
        if (read.st_dev, read.st_ino) == (written.st_dev, written.st_ino):
            raise InputError(f"refused to write {target}: this run reads that file ({path})",
                             hint="write into another folder (-o)")  # fmt: skip


def output_path(folder: Path, name: str, inputs: Sequence[Path] = ()) -> Path:
    """Where the output file ``name`` goes: directly inside ``folder``, or a refusal.

    Every output path is decided here; none is one of the run's ``inputs``
    (``refuse_input``). An absolute ``folder`` is the user's choice and
    trusted; a relative one (``out``, the default) may come from the checkout being
    rendered, so it must not pass through a symlink (``_refuse_links``). ``name`` may come
    from the resume, so it must be one plain file name, which keeps the file's resolved path
    inside the folder's; and not a hidden one (an empty stem, or one like ``write_atomic``'s
    temporary files). The last component is not followed: ``write_atomic`` renames over it,
    so a symlink there is replaced, not written through.
    """
    if not Path(folder).is_absolute():
        _refuse_links(Path(folder))
    shown = repr(name) if not name.isprintable() else f"'{name}'"
    try:
        real = Path(folder).resolve()
    except (OSError, RuntimeError, ValueError) as exc:
        raise InputError(f"{folder}: cannot write: {_reason(exc)}") from None
    plain = name[:1] not in ("", ".") and "\\" not in name and "\0" not in name
    if not plain or Path(name).name != name or (real / name).parent != real:
        raise InputError(
            f"refused to write {shown}: an output must be a plain file name inside {folder}"
        )
    refuse_input(Path(folder) / name, inputs)
    return Path(folder) / name


#: Entries of an output folder looked at for links; an output folder holds a few files.
MAX_OUTPUT_ENTRIES = 10_000


def _refuse_links(folder: Path) -> None:
    """Refuse a relative output folder that passes through or holds a symlink (``first_link``).

    A committed ``out`` link would send every output outside the repository, and a committed
    ``out/notes.txt -> ../.git/config`` would be uploaded with the outputs by a CI step that
    follows links.
    """
    found = first_link(folder)
    if found is None:
        return
    path, target, inside = found
    if not inside:
        raise InputError(
            f"{path} is a symbolic link (to {target}); outputs are written only into a real "
            "folder — pass its real path with -o if you mean it"
        )
    raise InputError(
        f"{path} is a symbolic link (to {target}); an output folder holds only real files — "
        "remove it",
        hint="CI uploads the output folder, and links in it would upload what they point at",
    )


def first_link(
    folder: Path, crowded: str = "give an output folder of its own with -o"
) -> tuple[Path, str, bool] | None:
    """The first symlink a write into the relative ``folder`` would meet: the link, where it
    points, and whether it is inside the folder rather than on the way to it.

    Each component is checked with lstat from the current folder down; what does not exist yet
    will be made as a real folder. So, as no link is passed on the way, ``..`` can be taken
    lexically: ``missing/../out`` is ``out``, checked like any other. Then what the folder
    holds is looked through (``crowded`` says what to do when it holds too much to look
    through), unless the current folder is inside it (`-o cv.pdf` writes beside the project's
    files, in no folder of its own).
    """
    here = Path()
    for part in folder.parts:
        here = here.parent if part == ".." and here.parts and here.name != ".." else here / part
        try:
            if stat.S_ISLNK(os.lstat(here).st_mode):
                return here, os.readlink(here), False
        except (OSError, ValueError):  # missing: made as a real folder
            continue
    if Path.cwd().is_relative_to(here.resolve()):
        return None
    return _link_inside(here, crowded)


def _link_inside(folder: Path, crowded: str) -> tuple[Path, str, bool] | None:
    """The first symlink in the folder or any folder in it, looking at a bounded number."""
    todo, seen = [folder], 0
    while todo:
        try:
            entries = list(os.scandir(todo.pop()))
        except OSError:
            continue
        for entry in entries:
            seen += 1
            if seen > MAX_OUTPUT_ENTRIES:
                raise InputError(
                    f"{folder} holds more than {MAX_OUTPUT_ENTRIES:,} files; {crowded}"
                )
            if entry.is_symlink():
                return Path(entry.path), os.readlink(entry.path), True
            if entry.is_dir(follow_symlinks=False):
                todo.append(Path(entry.path))
    return None


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path``, then rename it into place.

    A process killed mid-write leaves only a hidden temporary file named with its pid,
    which a later write of the same output removes.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _remove_stale_temporaries(path)
        fd, tmp = tempfile.mkstemp(
            prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent
        )
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


def _remove_stale_temporaries(path: Path) -> None:
    """Remove temporary files of ``path`` whose writer is gone, or that are old.

    Another process may be writing the same output right now: its file is left alone.
    A name without a pid comes from an older resumekit and counts as ownerless.
    """
    own = re.compile(rf"\.{re.escape(path.name)}\.(?:(\d{{1,10}})\.)?[^.]+\.tmp")
    for temporary in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        found = own.fullmatch(temporary.name)
        if found is None:
            continue  # another output's temporary file, e.g. of resume.pdf.html
        try:
            age = time.time() - temporary.lstat().st_mtime
        except FileNotFoundError:
            continue  # its writer renamed it into place meanwhile
        if found[1] is None or age > STALE_AFTER or not _running(int(found[1])):
            temporary.unlink(missing_ok=True)


def _running(pid: int) -> bool:
    """Whether a process ``pid`` exists. On Windows os.kill would end it: assume it runs,
    and let the age decide."""
    if pid <= 0:
        return False
    if os.name == "nt":
        return True
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError):
        return False
    except PermissionError:
        return True  # it runs, as another user
    return True
