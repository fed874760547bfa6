"""The result cache's benchmarks: a cache of many entries, for benchmarks/run.py's targets
j and k (a miss with 20,000 entries in the cache against a miss with none), and what each
part of the cache costs (`python benchmarks/run.py --cache`).

The entries are written through the store's own code (`accordctl.store.cache.Store.put`),
so that the folders, the ledger and the pruning are what 20,000 runs would leave; each is
as big as the answer to `due --branch state`. A command wrapped by `missing` is a miss on
every run: its environment carries the shell's process id, and ACCORDCTL_* variables are
in the key.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

ENTRIES = 20_000
SIZE = 2_500  # bytes: about the answer to `due --branch state` at 80 columns


def fill(folder: Path, days_ago: int, count: int = ENTRIES) -> None:
    """Store `count` entries asked `days_ago` days ago (0: today, as the key says)."""
    from accordctl.cli.replay import today_key
    from accordctl.store import cache

    day = date.fromisoformat(today_key().decode()) - timedelta(days=days_ago)
    store = cache.Store(str(folder))
    out = b"x" * SIZE
    for i in range(count):
        if not store.put(cache.digest(b"benchmark", str(i).encode()), day.isoformat(), out, b""):
            raise OSError(f"cannot fill the cache in {folder}")


def missing(command: list[str]) -> list[str]:
    """`command`, asked anew on every run (a new key: a miss, then a store)."""
    return ["sh", "-c", 'ACCORDCTL_BENCHMARK_RUN=$$ exec "$@"', "sh", *command]


def _median_call(call: Callable[[], object], rounds: int) -> float:
    """The median time of `call()` in seconds, in this process."""
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _median_runs(
    commands: dict[str, list[str]], env: dict[str, str], rounds: int
) -> dict[str, float]:
    """The median wall time of each command, run alternately `rounds` times (after one
    round of warm-up), stdout to /dev/null."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for r in range(rounds + 1):
        for name, command in commands.items():
            start = time.perf_counter()
            subprocess.run(command, env=env, stdout=subprocess.DEVNULL, check=True)
            if r:
                times[name].append(time.perf_counter() - start)
    return {name: statistics.median(t) for name, t in times.items()}


def parts(acc: list[str], env: dict[str, str], tmp: Path, rounds: int) -> list[str]:
    """What each part of the result cache costs, and what a run costs with and without it:
    the lines of `benchmarks/run.py --cache`'s report."""
    from accordctl.cli import replay
    from accordctl.store import cache

    args = ["due", "--branch", "state"]
    os.environ["ACCORDCTL_CACHE_DIR"] = env["ACCORDCTL_CACHE_DIR"]
    question = replay.ask(args)
    assert question is not None, "due --branch state is not cacheable here"
    store, day = question.store, question.day.decode()
    store.put(question.key, day, b"x" * SIZE, b"")
    shipped = replay.default_file()
    keys = iter(range(10**9))
    in_process = {
        "the program's fingerprint (its files' bytes, the distributions)": replay.fingerprint,
        "the data file's bytes, read and hashed": lambda: cache.digest(Path(shipped).read_bytes()),
        "the whole key (the two above, the environment, the terminal)": lambda: replay.ask(args),
        "a hit: the entry read and checked": lambda: store.get(question.key, day),
        "a store: an entry written, the ledger, the days": lambda: store.put(
            cache.digest(str(next(keys)).encode()), day, b"x" * SIZE, b""
        ),
    }
    lines = [f"in one process, medians of {rounds * 20} calls:"]
    for name, call in in_process.items():
        lines.append(f"  {name:<66} {_median_call(call, rounds * 20) * 1e3:6.2f} ms")
    runs = {
        "python -c pass (the interpreter alone)": [sys.executable, "-c", "pass"],
        "accordctl --version (typer imported)": [*acc, "--version"],
        "a hit (answered before typer is imported)": [*acc, *args],
        "a miss (computed, the key made, the answer stored)": missing([*acc, *args]),
        "the cache off (computed)": [*acc, "--no-cache", *args],
    }
    lines.append(f"whole runs of `accordctl {' '.join(args)}`, medians of {rounds} runs:")
    for name, seconds in _median_runs(runs, env, rounds).items():
        lines.append(f"  {name:<66} {seconds * 1e3:6.1f} ms")
    return lines


if __name__ == "__main__" and sys.argv[1:2] == ["fill"]:  # run.py's caches, from a child
    fill(Path(sys.argv[2]), int(sys.argv[3]))
