"""Where a cold `due --format json` spends its time, phase by phase.

    python benchmarks/phases.py FILE [--runs 9]

Each run is a fresh process (so that every phase pays what it pays in a real run: first
allocations, imports, page faults), timing each phase once: importing typer, importing
accordctl, reading the file (composing the YAML and walking each commitment into the model
as it is composed, every check included), resolving, building the view, making the JSON
(in parts, as `due` writes them). The report gives each phase's minimum and median wall
time over the runs, its median cpu time, and the process's peak memory (ru_maxrss) when
the phase ends, per deadline. `benchmarks/run.py --profile` runs it on the benchmark's two
files; run.py's target u reads the resolve phase's cpu time (`samples(..., until=
"resolve")`), which a busy machine moves less than the wall time: the time other
processes hold the processor is not counted.
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


def child(path: str, until: str) -> None:
    """One cold pass over `path`, up to the phase `until`; print the phases' seconds (wall
    and cpu) and peaks as JSON."""
    import gc
    import resource
    import time

    gc.disable()  # as the command line does
    times: dict[str, float] = {}
    cpu: dict[str, float] = {}
    peaks: dict[str, int] = {}  # KiB on Linux
    start, start_cpu = time.perf_counter(), time.process_time()
    rows = 0

    def lap(name: str) -> None:
        nonlocal start, start_cpu
        now, now_cpu = time.perf_counter(), time.process_time()
        times[name], cpu[name] = now - start, now_cpu - start_cpu
        peaks[name] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        start, start_cpu = now, now_cpu
        if name == until:
            sys.stdout.write(json.dumps({"times": times, "cpu": cpu, "peaks": peaks, "rows": rows}))
            sys.stdout.flush()
            os._exit(0)  # as the command line does: no teardown

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
    rows = len(res.rows)
    lap("resolve")
    view = due_view(res, sorted(res.rows, key=file_order))
    lap("view")
    for _ in formats.due_json_parts(view):
        pass
    lap("json")


def samples(
    path: str, runs: int, env: dict[str, str] | None = None, until: str = PHASES[-1]
) -> list[dict[str, Any]]:
    """`runs` fresh processes' phases over `path`, up to the phase `until`: each one's
    seconds ("times", wall; "cpu", the process's), peak KiB ("peaks") by phase, and the
    number of deadlines ("rows")."""
    command = [sys.executable, __file__, path, "--child", "--until", until]
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
        f"{'phase':<12} {'min':>8} {'median':>8} {'cpu':>8} {'peak/deadline':>14}",
    ]
    for phase in PHASES:
        values = [s["times"][phase] * 1000 for s in found]
        cpu = statistics.median(s["cpu"][phase] for s in found) * 1000
        peak = statistics.median(s["peaks"][phase] for s in found) * 1024 / rows
        lines.append(
            f"{phase:<12} {min(values):7.1f}ms {statistics.median(values):7.1f}ms"
            f" {cpu:7.1f}ms {peak:12,.0f} B"
        )
    total = [sum(s["times"].values()) * 1000 for s in found]
    cpu_total = statistics.median(sum(s["cpu"].values()) for s in found) * 1000
    lines.append(
        f"{'total':<12} {min(total):7.1f}ms {statistics.median(total):7.1f}ms {cpu_total:7.1f}ms"
    )
    return lines


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments; print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file")
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--until", choices=PHASES, default=PHASES[-1], help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.file, args.until)
    print("\n".join(report(args.file, args.runs)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
