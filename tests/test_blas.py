"""core.blas: BLAS on one thread inside the block or the decorated function, as it was after."""
from __future__ import annotations

from threadpoolctl import threadpool_info

from k2cramps.core.blas import one_blas_thread


def _blas_threads() -> set[int]:
    return {lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"}


def test_one_thread_inside_the_block_and_the_function_and_as_before_after():
    import numpy  # noqa: F401  its BLAS loaded
    before = _blas_threads()
    assert before  # a BLAS library to limit

    @one_blas_thread()
    def inside():
        return _blas_threads()

    with one_blas_thread():
        assert _blas_threads() == {1}
    assert inside() == {1} and inside() == {1}  # the decorator works more than once
    assert _blas_threads() == before
