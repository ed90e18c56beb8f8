"""Reading articles in worker processes, so that a batch ingest uses every core.

Parsing and claim finding (`Extractor.prepare`) need only the models; linking and the
store commit need the graph and stay in the ingesting process. A `Reader` hands the
reading of each batch to a pool of `settings.n_process` processes and gives the results
back in order while the ingesting process links and commits the batch before. With
`n_process` 1, or a batch too small to be worth it, it reads in process.

Workers are forked, as spaCy's own `n_process` does: they share the loaded models with
this process instead of loading their own (seconds each), and need no `__main__` guard
in the caller's script (a spawned worker re-runs the script that started it). Before the
fork, torch is set to one thread: a forked child must not use the OpenMP thread pool its
parent has used (the same rule as torch's DataLoader workers), and with one thread per
worker the workers and this process do not fight for the cores. If a worker dies (out of
memory, a crash in a native library), the articles it held are read again in process
and the ingest goes on without the pool.
"""

from __future__ import annotations

import logging
import multiprocessing
from collections.abc import Iterator
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from extract.articles import Article
from extract.pipeline import Extractor, Prepared

logger = logging.getLogger(__name__)

CHUNK = 8  # articles per task: small enough to balance the workers, large enough for nlp.pipe
MIN_PARALLEL = 32  # fewer fresh articles than this are read in process (workers take seconds to start)


class Reader:
    """`submit(articles)` starts reading a batch; the returned job's `results()` yields one
    Prepared per article, in order. Use as a context manager: leaving it stops the workers."""

    def __init__(self, extractor: Extractor, processes: int | None = None):
        self.extractor = extractor
        self.processes = max(1, int(processes if processes is not None else extractor.settings.n_process))
        self._pool: ProcessPoolExecutor | None = None
        self._broken = False
        self._threads: int | None = None  # torch's thread count before the pool started
        self.read_in_workers = 0  # articles the workers read (the rest were read in process)
        self.submitted = 0

    def __enter__(self) -> Reader:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self.processes > 1 and self.submitted:
            logger.info("read %d of %d articles in %d worker processes", self.read_in_workers,
                        self.submitted, self.processes)
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        self._restore_threads()

    def submit(self, articles: list[Article]) -> _Job:
        self.submitted += len(articles)
        if self.processes > 1 and not self._broken and len(articles) >= MIN_PARALLEL:
            pool = self._start()
            if pool is not None:
                chunks = [articles[i:i + CHUNK] for i in range(0, len(articles), CHUNK)]
                try:
                    return _Job(self, articles, [(chunk, pool.submit(_read_chunk, chunk)) for chunk in chunks])
                except BrokenProcessPool:  # died since the last batch
                    self._give_up("a worker process died")
        return _Job(self, articles, None)

    def _start(self) -> ProcessPoolExecutor | None:
        if self._pool is None:
            self._share_cores()
            try:
                self._pool = ProcessPoolExecutor(
                    self.processes, mp_context=multiprocessing.get_context("fork"),
                    initializer=_start_worker, initargs=(self.extractor.loaded(),))
            except OSError as err:  # no processes or semaphores here (some sandboxes)
                self._give_up(f"worker processes cannot start ({err})")
        return self._pool

    def _give_up(self, why: str) -> None:
        if not self._broken:
            logger.warning("reading articles in this process from now on: %s", why)
        self._broken = True
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
        self._restore_threads()

    def _share_cores(self) -> None:
        """One torch thread while the pool runs, here and (inherited) in the workers. Here,
        with torch's default of one thread per core, linking fought the workers for the cores
        and took five times longer. Restored when the pool stops."""
        import torch

        self._threads = torch.get_num_threads()
        torch.set_num_threads(1)

    def _restore_threads(self) -> None:
        if self._threads is not None:
            import torch

            torch.set_num_threads(self._threads)
            self._threads = None


class _Job:
    def __init__(self, reader: Reader, articles: list[Article],
                 chunks: list[tuple[list[Article], Future]] | None):
        self.reader = reader
        self.articles = articles
        self.chunks = chunks

    def results(self) -> Iterator[Prepared]:
        if self.chunks is None:
            yield from self.reader.extractor.prepare_many(self.articles)
            return
        for chunk, future in self.chunks:
            try:
                prepared = future.result()
                self.reader.read_in_workers += len(prepared)
            except (BrokenProcessPool, CancelledError):  # cancelled: the pool stopped for an earlier death
                self.reader._give_up("a worker process died")
                prepared = list(self.reader.extractor.prepare_many(chunk))
            yield from prepared


# -- in the worker processes -----------------------------------------------------------------

_extractor: Extractor | None = None


def _start_worker(extractor: Extractor) -> None:
    global _extractor
    _extractor = extractor  # inherited through the fork, not copied


def _read_chunk(articles: list[Article]) -> list[Prepared]:
    return list(_extractor.prepare_many(articles))
