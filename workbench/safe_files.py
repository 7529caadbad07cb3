"""Writing case data to disk: atomically and readable by the owner only.

A letter, backup or stored record is either absent or complete: it is written
beside its destination under a temporary name, flushed to disk, then renamed
over it.

A set of files that belong together (a letter's DOCX and PDF) goes one step
further, see ``write_together``: the set is committed by a journal, so that
after an interruption at any moment (a kill, a power cut) and the recovery
that the next write into the folder runs first, the targets are all old or
all new and no temporary file is left.
"""

from __future__ import annotations

import errno
import fcntl
import json
import logging
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from workbench.errors import WorkbenchError

OWNER_ONLY = 0o600
OWNER_ONLY_FOLDER = 0o700

PART_SUFFIX = ".export-part"
# What an export killed by an earlier release left: tempfile's ".<8 random>.part".
_LEGACY_PART = re.compile(r"\.[a-z0-9_]{8}\.part")
"""Every temporary file of a set ends so; recovery removes any it does not finish."""
JOURNAL_NAME = ".imr-export-journal"
"""Present only between "every temporary file is complete" and "every rename is done"."""

log = logging.getLogger(__name__)


def atomic_store(chunks: Iterable[bytes], folder: Path, name: Callable[[], str],
                 mode: int = OWNER_ONLY) -> Path:
    """Write ``chunks`` into ``folder`` under the name ``name()`` gives once all are written.

    The name is asked for last, so a file can be named by its own content
    (a hash computed while the chunks pass through).
    """
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".", suffix=".store-part", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            for chunk in chunks:
                handle.write(chunk)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, mode)
        path = folder / name()
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return path


def atomic_write(path: Path | str, data: bytes, mode: int = OWNER_ONLY) -> Path:
    path = Path(path)
    return atomic_store([data], path.parent, lambda: path.name, mode)


def private_folder(folder: Path) -> Path:
    """Create ``folder`` readable by its owner only (0700), if it does not exist yet.

    A folder that already exists is left exactly as it is: it may be one the
    reviewer made or shares on purpose. Missing parents are created as usual.
    Raises OSError as ``Path.mkdir`` does.
    """
    if folder.is_dir():
        return folder
    folder.parent.mkdir(parents=True, exist_ok=True)
    try:
        folder.mkdir(mode=OWNER_ONLY_FOLDER)
    except FileExistsError:
        return folder  # made by another process in the meantime: not ours to change
    os.chmod(folder, OWNER_ONLY_FOLDER)  # mkdir's mode is narrowed by the umask, never widened
    return folder


# -- sets of files written together ---------------------------------------------------------

@dataclass(frozen=True)
class Recovery:
    """What ``recover_set`` did in a folder: temporaries renamed into place, and removed."""

    finished: int = 0
    removed: int = 0


def write_together(files: Mapping[Path, bytes], mode: int = OWNER_ONLY) -> list[Path]:
    """Write ``{target: content}`` so that the targets of one folder change together.

    Why: renaming files into place one by one lets a kill leave a new DOCX
    beside an old PDF. Here, in each folder, under an exclusive lock on it:

    1. ``recover_set`` finishes or undoes any earlier interrupted set;
    2. each content goes to ``.<target name>.<random>.export-part`` beside
       its target, flushed to disk (mode ``mode``);
    3. the journal ``.imr-export-journal`` (JSON: ``{"files": [[temporary,
       target], ...]}``, names within the folder) is written atomically: the
       commit point;
    4. the temporaries are renamed over their targets, then the journal is
       removed.

    A kill before 3 leaves temporaries without a journal (recovery removes
    them: all old); after 3, recovery renames what is left (all new).
    Targets in different folders commit per folder. Returns the targets in
    the order given. Raises ``WorkbenchError`` naming the file on any write
    failure; before the commit point the old files are untouched, after it
    (a rename refused) the journal stays so the next write finishes the set.
    """
    targets = [Path(target).absolute() for target in files]
    groups: dict[Path, dict[Path, bytes]] = {}
    for given, target in zip(files, targets):
        groups.setdefault(target.parent, {})[target] = files[given]
    for folder, group in groups.items():
        first = next(iter(group))
        for target in group:
            if target.is_dir():
                raise WorkbenchError(f"Cannot write {target.name}: a folder has that name")
        try:
            private_folder(folder)
            if not folder.is_dir():
                raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR))
            lock = os.open(folder, os.O_RDONLY)
        except OSError as error:
            raise WorkbenchError(f"Cannot write {first.name}: {_reason(error)}") from None
        try:
            fcntl.flock(lock, fcntl.LOCK_EX)  # released by the system if the process dies
            _recover(folder)
            _commit(folder, group, mode)
        finally:
            os.close(lock)
    return targets


def recover_set(folder: Path) -> Recovery:
    """Finish or undo a set that ``write_together`` left unfinished in ``folder``.

    With a journal, every temporary it lists is complete: those still present
    are renamed over their targets. Then any other ``*.export-part`` file is
    removed (a set interrupted before its journal). Nothing to do, or no such
    folder: ``Recovery(0, 0)``. Raises ``WorkbenchError`` when the journal
    cannot be read or a file cannot be renamed or removed.
    """
    if not folder.is_dir():
        return Recovery()
    try:
        lock = os.open(folder, os.O_RDONLY)
    except OSError as error:
        raise WorkbenchError(f"Cannot finish an interrupted export in {folder.name}: "
                             f"{_reason(error)}") from None
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)  # never while a set is being written there
        return _recover(folder)
    finally:
        os.close(lock)


def _recover(folder: Path) -> Recovery:
    """``recover_set`` with the folder already locked."""
    finished = removed = 0
    journal = folder / JOURNAL_NAME
    try:
        if journal.exists():
            for part, target in _read_journal(journal):
                try:
                    os.replace(folder / part, folder / target)
                    finished += 1
                except FileNotFoundError:
                    pass  # renamed before the interruption
            sync_folder(folder)
            journal.unlink()
        with os.scandir(folder) as entries:
            stale = [entry.path for entry in entries
                     if (entry.name.endswith(PART_SUFFIX) or _LEGACY_PART.fullmatch(entry.name))
                     and entry.is_file(follow_symlinks=False)]
        for path in stale:
            os.unlink(path)
            removed += 1
        if finished or removed:
            sync_folder(folder)
    except OSError as error:
        raise WorkbenchError(f"Cannot finish an interrupted export in {folder.name}: "
                             f"{_reason(error)}") from None
    if finished or removed:
        log.info("interrupted set recovered: %d finished, %d removed", finished, removed)
    return Recovery(finished, removed)


def _commit(folder: Path, group: dict[Path, bytes], mode: int) -> None:
    """Steps 2 to 4 of ``write_together``, with the folder locked and recovered."""
    parts: list[tuple[Path, Path]] = []
    journal = folder / JOURNAL_NAME
    journal_part: Path | None = None
    current = next(iter(group))
    try:
        for target, data in group.items():
            current = target
            parts.append((_write_part(folder, target.name, data, mode), target))
        sync_folder(folder)  # the temporaries' names are on disk before the journal names them
        current = journal
        listing = json.dumps({"files": [[part.name, target.name] for part, target in parts]})
        journal_part = _write_part(folder, JOURNAL_NAME, listing.encode("utf-8"), OWNER_ONLY)
        os.replace(journal_part, journal)
        sync_folder(folder)
    except BaseException as error:
        if journal.exists():  # only the folder sync after the journal failed: undo the commit
            journal.unlink()
        for leftover in [part for part, _target in parts] + [journal_part]:
            if leftover is not None:
                leftover.unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise WorkbenchError(f"Cannot write {current.name}: {_reason(error)}") from None
        raise
    try:
        for part, target in parts:
            current = target
            os.replace(part, target)
        sync_folder(folder)
        current = journal
        journal.unlink()
        sync_folder(folder)
    except OSError as error:
        raise WorkbenchError(f"Cannot write {current.name}: {_reason(error)}; the next export "
                             "into this folder finishes it") from None


def _write_part(folder: Path, name: str, data: bytes, mode: int) -> Path:
    """A complete, flushed temporary file beside ``folder / name``."""
    fd, part = tempfile.mkstemp(prefix=f".{name[:120]}.", suffix=PART_SUFFIX, dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if mode != OWNER_ONLY:
            os.chmod(part, mode)
    except BaseException:
        Path(part).unlink(missing_ok=True)
        raise
    return Path(part)


def _read_journal(journal: Path) -> list[tuple[str, str]]:
    """The journal's pairs; names only, each temporary one of ours, or WorkbenchError."""
    try:
        pairs = [(str(part), str(target))
                 for part, target in json.loads(journal.read_text("utf-8"))["files"]]
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        pairs = []
    plain = all(name == Path(name).name and name not in ("", ".", "..")
                for pair in pairs for name in pair)
    if not pairs or not plain or not all(part.endswith(PART_SUFFIX) for part, _ in pairs):
        raise WorkbenchError(f"The export journal {JOURNAL_NAME} in {journal.parent.name} "
                             "cannot be read; remove it to export into that folder")
    return pairs


def sync_file(path: Path) -> None:
    """Flush a file's content to disk. Raises ``OSError``."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def sync_folder(folder: Path) -> None:
    """Flush a folder's entries (names created, renamed, removed) to disk, so a new name
    survives a power cut. A file system that cannot sync a folder is passed over: the
    rename itself is still atomic."""
    try:
        sync_file(folder)
    except OSError:
        pass


def _reason(error: OSError) -> str:
    return error.strerror or type(error).__name__
