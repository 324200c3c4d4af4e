"""Per-column work on a big table, on several cores.

pyarrow's compute kernels release the GIL while they run, so plain threads put the columns of
a large extract on every core. A small table stays on one thread: starting a pool would
cost more than it saves. Results come back in the order of the inputs, so everything built
from them (findings, issue tables, the warehouse) is the same as one after another.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

Item = TypeVar("Item")
Out = TypeVar("Out")

PARALLEL_ROWS = 100_000  # below this, one column takes about a millisecond: stay serial
PARALLEL_BYTES = 8_000_000  # a file this big takes tens of milliseconds to hash


def map_columns(work: Callable[[Item], Out], items: Iterable[Item], rows: int) -> list[Out]:
    """``[work(item) for item in items]``, on several threads when the table is big."""
    import pyarrow as pa

    items = list(items)
    workers = min(len(items), pa.cpu_count())
    if rows < PARALLEL_ROWS or workers < 2:
        return [work(item) for item in items]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(work, items))


def in_background(work: Callable[[], Out], big: bool) -> Future[Out]:
    """Start ``work`` on a thread of its own when the input is big (else run it now).

    For work that can overlap the rest of an ingest: hashing ids (Python) while pyarrow
    checks the rows, hashing a file (hashlib releases the GIL) while it is parsed.
    """
    future: Future[Out] = Future()

    def run() -> None:
        try:
            future.set_result(work())
        except BaseException as error:  # handed to whoever waits for the result
            future.set_exception(error)

    if not big:
        run()
    else:
        threading.Thread(target=run, name="cpkit-ingest", daemon=True).start()
    return future
