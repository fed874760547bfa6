"""Whether this process ends without freeing what it built, and where what it will not use
again waits for the end.

The console script leaves without the interpreter's teardown (see `_entry.run`), with the
cyclic garbage collector off throughout. Freeing a large object graph is not free either:
the YAML nodes of 100,000 entries take 0.2 s to free node by node, their model and
resolution as long again. A process that is about to exit need not pay for that (clang's
-disable-free does the same): `keep` holds such graphs until the end instead, at the price
of a higher peak of memory (benchmarks/run.py, target e). Library callers and the tests,
which do not set `exiting`, keep nothing: their objects are freed as usual.
"""

from __future__ import annotations

exiting = False  # set by the console script only
_kept: list[object] = []


def keep(*objects: object) -> None:
    """Hold these until the process exits, when it exits without teardown; else nothing."""
    if exiting:
        _kept.extend(objects)
