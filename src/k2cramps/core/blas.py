"""One BLAS thread for the statistics on small matrices (8 x 8 covariances, a few hundred
participants): there, threads only cost time, and on two cores they would compete with make's
other stage or the coverage study's other worker process.

The process's BLAS libraries are found once, at the first use (`threadpoolctl` looks for them
on every `threadpool_limits` call: 3 ms each, 160 chunks of a study and every MMRM fit). The
first use comes after numpy and scipy are imported: every caller's module imports them.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

from threadpoolctl import ThreadpoolController


@cache
def _controller() -> ThreadpoolController:
    return ThreadpoolController()


@contextmanager
def one_blas_thread() -> Iterator[None]:
    """BLAS on one thread inside the block; as `@one_blas_thread()`, inside the function."""
    with _controller().limit(limits=1, user_api="blas"):
        yield
