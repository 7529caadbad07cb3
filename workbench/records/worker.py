"""The reading child process: ``python -m workbench.records.worker``.

The workbench never parses a record file itself. It starts this process
(``readers``), sends one JSON request per file on stdin (the stored file,
its kind, a password, which pages to read, limits on memory and CPU time)
and reads JSON lines back: ``{"count": N}``, then ``{"pages": [[number,
text, source, confidence, service_date, provider, rotation], ...]}`` batches, then
``{"done": true}`` (and the process waits for the next file) or
``{"error": "..."}`` (and the process ends). Several of these can read one
PDF at once, each taking every n-th chunk of pages, which is how an import
uses both cores (PDFium is not thread-safe; separate processes are). The
password travels on stdin, not on the command line, so no process listing
shows it.
"""

from __future__ import annotations

import json
import resource
import sys
from pathlib import Path

# Loaded before the request arrives, so a reader started ahead of need reads at once.
import pypdfium2  # noqa: F401

from workbench.records.facts import page_facts
from workbench.records.reading import ReadFailure, open_reader

BATCH = 16  # pages per message


def wanted_pages(count: int, skip: set[int], worker: int, workers: int, chunk: int) -> list[int]:
    """This worker's share: every ``workers``-th chunk of pages, less those already stored."""
    return [number for number in range(1, count + 1)
            if number not in skip and ((number - 1) // chunk) % workers == worker]


def _limit(memory_mb: int, cpu_seconds: int) -> None:
    """Limits for the next file: its memory, and CPU time counted from now.

    Only the soft limits are set (the kernel stops the process with SIGXCPU,
    or refuses memory, when they are passed), so the next request can set
    its own; a file that fails ends the process, so it cannot touch them.
    """
    used = resource.getrusage(resource.RUSAGE_SELF)
    _soft_limit(resource.RLIMIT_AS, memory_mb * 1024 * 1024)
    _soft_limit(resource.RLIMIT_CPU, int(used.ru_utime + used.ru_stime) + 1 + cpu_seconds)
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _soft_limit(kind: int, value: int) -> None:
    _soft, hard = resource.getrlimit(kind)
    resource.setrlimit(kind, (value if hard == resource.RLIM_INFINITY else min(value, hard), hard))


def _emit(message: dict) -> None:
    sys.stdout.buffer.write(json.dumps(message, ensure_ascii=False).encode("utf-8") + b"\n")
    sys.stdout.buffer.flush()


def run(request: dict) -> None:
    reader = open_reader(Path(request["path"]), request["media"], request.get("password"))
    try:
        _emit({"count": reader.page_count})
        numbers = wanted_pages(reader.page_count, set(request.get("skip", ())),
                               request.get("worker", 0), request.get("workers", 1),
                               request.get("chunk", BATCH))
        batch: list[list] = []
        for page in reader.read(numbers):
            facts = page_facts(page.text)
            batch.append([page.number, page.text, page.source.value, page.confidence,
                          facts.service_date.isoformat() if facts.service_date else None,
                          facts.provider, page.rotation])
            if len(batch) >= BATCH or page.confidence is not None:
                _emit({"pages": batch})
                batch = []
        if batch:
            _emit({"pages": batch})
    finally:
        reader.close()
    _emit({"done": True})


def main() -> int:
    """Read files until stdin closes; the first file that fails ends the process."""
    for line in sys.stdin:
        if not line.strip():
            break
        request = json.loads(line)
        _limit(request.get("memory_mb", 2048), request.get("cpu_seconds", 900))
        try:
            run(request)
        except ReadFailure as failure:
            _emit({"error": str(failure)})
            break
        except MemoryError:
            _emit({"error": "needs more memory than a record may take to read (stopped)"})
            break
        except Exception as error:  # a parser's own failure on a hostile file
            _emit({"error": f"could not be read ({type(error).__name__})"})
            break
    return 0


if __name__ == "__main__":
    sys.exit(main())
