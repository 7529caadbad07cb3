"""The reading processes: started ahead of need, and kept for the next file.

The workbench never parses a record file itself; a ``Reader`` is one child
process (``workbench.records.worker``) with limits on memory and CPU time.
Starting one costs about a tenth of a second (Python, PDFium), which would
dominate a batch of small files, so a reader that finished a file cleanly
goes back to the pool and reads the next one. A reader that failed, was
cancelled or was stopped is killed and never reused: a hostile file may have
left it in any state. Should a reader from the pool still fail before it
says a word of its next file (it died while waiting, say), the import gives
that file to a new process rather than blame it (``intake``).
"""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
from pathlib import Path

from workbench.records.files import Refused

PROJECT_ROOT = Path(__file__).resolve().parents[2]
# PDFium allocates and frees a page's worth of memory for every page; glibc's
# defaults hand it back to the kernel each time and fault it in again, which
# cost a quarter of a reader's time. A reader keeps what it freed instead
# (its address space stays capped by the memory limit of each request).
READER_MALLOC = {"MALLOC_TRIM_THRESHOLD_": str(256 << 20), "MALLOC_MMAP_THRESHOLD_": str(64 << 20),
                 "MALLOC_TOP_PAD_": str(64 << 20)}
MAX_SPARES = 2  # readers kept between files when the pool was not warmed to more


class Reader:
    """One reading child process and, while it reads a file, the thread passing its lines on."""

    def __init__(self, index: int = 0):
        self.index = index
        self.done = True  # no file unfinished: new, or its last file read completely
        self.kept = False  # taken from the pool, not started for this file
        self.heard = False  # it opened this file and said how many pages it has
        self.process: subprocess.Popen | None = None
        self.thread: threading.Thread | None = None

    def spawn(self) -> Reader:
        """Start the process; it loads its modules, then waits for its first request."""
        env = dict(os.environ, OMP_THREAD_LIMIT="1", **READER_MALLOC)
        env["PYTHONPATH"] = os.pathsep.join(
            part for part in (str(PROJECT_ROOT), env.get("PYTHONPATH")) if part)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "workbench.records.worker"], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
        return self

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self, request: dict, messages: queue.Queue) -> None:
        """Ask for one file's pages; its lines arrive on ``messages`` as (reader, message),
        then (reader, None) once the file is done, failed, or the process ended."""
        self.done = False
        self.heard = False
        try:
            self.process.stdin.write(json.dumps(request).encode("utf-8") + b"\n")
            self.process.stdin.flush()
        except OSError:  # it ended while waiting (killed from outside): check_ended says so
            self.thread = None
            messages.put((self, None))
            return
        self.thread = threading.Thread(target=self._pass_on, args=(messages,), daemon=True)
        self.thread.start()

    def _pass_on(self, messages: queue.Queue) -> None:
        for line in self.process.stdout:
            try:
                message = json.loads(line)
            except ValueError:
                message = {"error": "could not be read (the reader failed)"}
            if "count" in message:
                self.heard = True
            messages.put((self, message))
            if message.get("done") or "error" in message:
                break
        messages.put((self, None))

    def failed_unheard(self) -> bool:
        """Taken from the pool, and ending before it said a word of this file."""
        return self.kept and not self.heard

    def check_ended(self) -> None:
        """After the file's last line: fine if it was read completely, else why the process died."""
        if self.done:
            return
        code = self.process.wait()
        if code == -signal.SIGXCPU:
            raise Refused("took more CPU time than a record may take to read (stopped)")
        raise Refused("stopped while being read (damaged, or more memory than a record may take)")

    def reusable(self) -> bool:
        """Unused, or read its file completely, and waiting for the next request."""
        if not (self.done and self.alive):
            return False
        if self.thread is not None:
            self.thread.join(timeout=1.0)  # it ends right after passing the file's last line
        return not (self.thread and self.thread.is_alive())

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            if stream and not stream.closed:
                try:
                    stream.close()
                except OSError:  # a request it never took, still buffered for a closed pipe
                    pass
        self.process = None


class ReaderPool:
    """Reading processes ready for the next file.

    The window warms the pool once it is painted, and replacements are
    started once an import ends (not while it reads: starting a process
    takes CPU from the readers). Readers that read a file cleanly come back
    here, so the files of a batch after the first start reading at once.
    """

    def __init__(self):
        self._lock = threading.Lock()
        self._spares: list[Reader] = []
        self._size = 0
        self._closed = False  # keeps no reader until warmed again

    def warm(self, size: int = 2) -> None:
        with self._lock:
            self._size, self._closed = size, False
        self._refill()

    def take(self, count: int) -> list[Reader]:
        with self._lock:
            alive = [reader for reader in self._spares if reader.alive]
            for reader in self._spares:
                if reader not in alive:
                    reader.stop()
            taken, self._spares = alive[:count], alive[count:]
        for reader in taken:
            reader.kept = True
        taken += [Reader().spawn() for _ in range(count - len(taken))]
        for index, reader in enumerate(taken):
            reader.index = index
        return taken

    def give_back(self, readers: list[Reader]) -> None:
        """Keep the readers that finished their file cleanly; stop the others."""
        reusable = [reader for reader in readers if reader.reusable()]
        with self._lock:
            for reader in readers:
                if (reader in reusable and not self._closed
                        and len(self._spares) < max(self._size, MAX_SPARES)):
                    self._spares.append(reader)
                else:
                    reader.stop()

    def refill_later(self) -> None:
        """Start replacements for the spares taken; after an import, not while it reads."""
        if self._size:
            threading.Thread(target=self._refill, name="reader-pool", daemon=True).start()

    def close(self) -> None:
        """Stop the spares, and from now on each reader once its file is read."""
        with self._lock:
            spares, self._spares, self._size, self._closed = self._spares, [], 0, True
        for reader in spares:
            reader.stop()

    def _refill(self) -> None:
        with self._lock:
            missing = self._size - len(self._spares)
            self._spares.extend(Reader().spawn() for _ in range(max(0, missing)))


READERS = ReaderPool()


def drain(messages: queue.Queue, readers: list[Reader]) -> None:
    """Let the passing threads of stopped readers end (they may wait on a full queue)."""
    while any(reader.thread and reader.thread.is_alive() for reader in readers):
        try:
            messages.get(timeout=0.05)
        except queue.Empty:
            pass
