"""Where a cold `due --format json` spends its time, phase by phase.

    python benchmarks/phases.py FILE [--runs 9]

Each run is a fresh process (so that every phase pays what it pays in a real run: first
allocations, imports, page faults), timing each phase once: importing typer, importing
accordctl, reading the file (composing the YAML and walking each commitment into the model
as it is composed, every check included), resolving, building the view, making the JSON
(in parts, as `due` writes them). The report gives each phase's minimum and median over
the runs, and the process's peak memory (ru_maxrss) when the phase ends, per deadline.
`benchmarks/run.py --profile` runs it on the benchmark's two files.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from typing import Any

PHASES = ("typer", "imports", "read", "resolve", "view", "json")


def child(path: str) -> None:
    """One cold pass over `path`; print the phases' seconds as JSON."""
    import gc
    import resource
    import time

    gc.disable()  # as the command line does
    times: dict[str, float] = {}
    peaks: dict[str, int] = {}  # KiB on Linux
    start = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal start
        now = time.perf_counter()
        times[name] = now - start
        peaks[name] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        start = now

    import typer  # noqa: F401

    lap("typer")
    from pathlib import Path

    from accordctl.core import loader, resolver
    from accordctl.core.model import file_order
    from accordctl.core.views import due_view
    from accordctl.outputs import formats
    from accordctl.store import files

    lap("imports")
    text = files.read_text(Path(path))
    accord, findings = loader.read(text, path)
    assert not findings, findings[:3]
    del text
    lap("read")
    res = resolver.resolve(accord)
    lap("resolve")
    view = due_view(res, sorted(res.rows, key=file_order))
    lap("view")
    for _ in formats.due_json_parts(view):
        pass
    lap("json")
    sys.stdout.write(json.dumps({"times": times, "peaks": peaks, "rows": len(res.rows)}))
    sys.stdout.flush()
    os._exit(0)  # as the command line does: no teardown


def samples(path: str, runs: int, env: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """`runs` fresh processes' phases over `path`: each one's seconds ("times"), peak KiB
    ("peaks") by phase, and the number of deadlines ("rows")."""
    command = [sys.executable, __file__, path, "--child"]
    return [
        json.loads(
            subprocess.run(command, capture_output=True, text=True, check=True, env=env).stdout
        )
        for _ in range(runs)
    ]


def report(path: str, runs: int) -> list[str]:
    """The phase table for `path`, over `runs` fresh processes."""
    found = samples(path, runs)
    rows = found[0]["rows"]
    lines = [
        f"{os.path.basename(path)}: {runs} fresh processes, {rows:,} deadlines",
        f"{'phase':<12} {'min':>8} {'median':>8} {'peak/deadline':>14}",
    ]
    for phase in PHASES:
        values = [s["times"][phase] * 1000 for s in found]
        peak = statistics.median(s["peaks"][phase] for s in found) * 1024 / rows
        lines.append(
            f"{phase:<12} {min(values):7.1f}ms {statistics.median(values):7.1f}ms {peak:12,.0f} B"
        )
    total = [sum(s["times"].values()) * 1000 for s in found]
    lines.append(f"{'total':<12} {min(total):7.1f}ms {statistics.median(total):7.1f}ms")
    return lines


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments; print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file")
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.file)
    print("\n".join(report(args.file, args.runs)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
