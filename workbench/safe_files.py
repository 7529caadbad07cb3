"""Writing case data to disk: atomically and readable by the owner only.

A letter, backup or stored record is either absent or complete: it is written
beside its destination under a temporary name, flushed to disk, then renamed
over it.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

OWNER_ONLY = 0o600
OWNER_ONLY_FOLDER = 0o700


def atomic_store(chunks: Iterable[bytes], folder: Path, name: Callable[[], str],
                 mode: int = OWNER_ONLY) -> Path:
    """Write ``chunks`` into ``folder`` under the name ``name()`` gives once all are written.

    The name is asked for last, so a file can be named by its own content
    (a hash computed while the chunks pass through).
    """
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".", suffix=".part", dir=folder)
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
