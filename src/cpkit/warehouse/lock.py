"""Who may write and who is reading: locks the kernel releases when a process dies.

Writers (ingest, forget, repair) hold ``warehouse/.lock`` exclusively with ``flock`` for the
whole of their work: a second writer is refused at once with a clear message, and a writer
killed with ``kill -9`` or a power cut leaves no lock behind, because the kernel drops the
lock with the process. The lock file itself stays (deleting it would let two writers lock
two different files).

Readers (metrics, reports, ``cpkit datasets``) never wait for a writer and never see half a
commit: the manifest swap is atomic, so a reader sees the previous or the new state. What
could break a reader is a writer deleting the Parquet files of the previous state while the
reader still queries them. So a reader holds a *shared* lease on ``warehouse/.readers`` from
before it reads the manifest until its connection is gone, and a writer deletes superseded
files only when it can take that lock exclusively (no reader anywhere); otherwise the files
stay until a later commit finds no reader. Leases are POSIX record locks, which belong to the
process: a writer in the same process as a reader (a test, a notebook) can still tidy up
through the one file descriptor the process keeps per warehouse.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

from cpkit.errors import WorkspaceError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: msvcrt locking, no reader leases
    fcntl = None  # type: ignore[assignment]

WRITER_LOCK = ".lock"
READERS_LOCK = ".readers"


@contextlib.contextmanager
def warehouse_lock(warehouse: Path) -> Iterator[None]:
    """One writer at a time: a second writer does not wait, it fails clearly."""
    fd = _open_lock_file(warehouse, WRITER_LOCK, writable=True)
    prepare_readers_file(warehouse)
    try:
        if not _try_lock(fd, exclusive=True):
            raise WorkspaceError(
                f"another cpkit command is writing to {warehouse} (an ingest, forget or repair)",
                hint="wait for it to finish and run again; the lock is released as soon as "
                "that process ends, even if it was killed",
            )
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def prepare_readers_file(warehouse: Path) -> None:
    """Create ``.readers`` (a reader takes its lease on it; readers never create it)."""
    with contextlib.suppress(OSError):
        os.close(os.open(warehouse / READERS_LOCK, os.O_RDWR | os.O_CREAT))


def writer_active(warehouse: Path) -> bool:
    """Whether some process holds the writer lock now (for messages and tests)."""
    if not (warehouse / WRITER_LOCK).exists():
        return False
    fd = _open_lock_file(warehouse, WRITER_LOCK, writable=True)
    try:
        return not _try_lock(fd, exclusive=True)
    finally:
        os.close(fd)


def _open_lock_file(warehouse: Path, name: str, writable: bool) -> int:
    try:
        warehouse.mkdir(parents=True, exist_ok=True)
        return os.open(warehouse / name, (os.O_RDWR | os.O_CREAT) if writable else os.O_RDONLY)
    except OSError as exc:
        raise WorkspaceError(
            f"cannot write to the warehouse folder {warehouse} ({exc.strerror or exc})",
            hint="check that the folder exists, is not read-only and that you may write to it",
        ) from None


def _try_lock(fd: int, exclusive: bool) -> bool:
    if sys.platform == "win32":  # pragma: no cover - no flock on Windows
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False
    try:
        fcntl.flock(fd, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False


# --------------------------------------------------------------------------- reader leases


class _ReadersFile:
    """This process's one descriptor on ``.readers`` and how many leases it carries."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.fd: int | None = None
        self.leases = 0
        self.mutex = threading.Lock()

    def _open(self, create: bool = False) -> bool:
        """Readers never create the file (a reader must not change the warehouse folder);
        writers and ``cpkit init`` do."""
        if self.fd is not None:
            return True
        try:
            self.fd = os.open(self.path, os.O_RDWR | (os.O_CREAT if create else 0))
        except FileNotFoundError:
            return False
        except OSError:
            try:  # a read-only warehouse: no writer can delete anything there either
                self.fd = os.open(self.path, os.O_RDONLY)
            except OSError:
                return False
        return True

    def _close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)  # drops this process's record locks on the file
            self.fd = None

    def acquire(self) -> None:
        with self.mutex:
            if self.leases == 0 and self._open() and fcntl is not None:
                assert self.fd is not None
                # waits out a writer's tidy-up only; a file system without locks: reads
                # still work, tidy-ups are just less careful
                with contextlib.suppress(OSError):
                    fcntl.lockf(self.fd, fcntl.LOCK_SH)
            self.leases += 1

    def release(self) -> None:
        with self.mutex:
            self.leases -= 1
            if self.leases == 0:
                self._close()

    @contextlib.contextmanager
    def exclusive(self) -> Iterator[bool]:
        """True when no other process reads the warehouse; readers wait meanwhile."""
        with self.mutex:
            if fcntl is None or not self._open(create=True):
                yield fcntl is None  # Windows: deleting a file in use fails, so it is left
                return
            assert self.fd is not None
            try:
                fcntl.lockf(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                got = True
            except OSError:
                got = False
            try:
                yield got
            finally:
                if self.leases:
                    fcntl.lockf(self.fd, fcntl.LOCK_SH)  # back to this process's own leases
                else:
                    self._close()


_FILES: dict[Path, _ReadersFile] = {}
_FILES_MUTEX = threading.Lock()


def _readers_file(warehouse: Path) -> _ReadersFile:
    path = (warehouse / READERS_LOCK).resolve()
    with _FILES_MUTEX:
        return _FILES.setdefault(path, _ReadersFile(path))


class ReaderLease:
    """Held from before a reader loads the manifest until it has finished with the files."""

    def __init__(self, warehouse: Path) -> None:
        self._file = _readers_file(warehouse) if warehouse.is_dir() else None
        self._held = False
        if self._file is not None:
            self._file.acquire()
            self._held = True

    def release(self) -> None:
        if self._held and self._file is not None:
            self._held = False
            self._file.release()

    def __enter__(self) -> ReaderLease:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


@contextlib.contextmanager
def no_readers(warehouse: Path) -> Iterator[bool]:
    """For a writer about to delete superseded files: True when no reader can be using them."""
    with _readers_file(warehouse).exclusive() as free:
        yield free
