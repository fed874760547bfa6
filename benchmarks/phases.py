"""Where a cold `due --format json` spends its time, phase by phase.

    python benchmarks/phases.py FILE [--runs 9]

Each run is a fresh process (so that every phase pays what it pays in a real run: first
allocations, imports, page faults), timing each phase once: importing typer, importing
accordctl, composing the YAML into nodes, walking the nodes into the model (every check
included), freeing the nodes, resolving, building the view, writing the JSON. The report
gives each phase's minimum and median over the runs. `benchmarks/run.py --profile` runs
it on the benchmark's two files.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys

PHASES = ("typer", "imports", "compose", "walk", "free nodes", "resolve", "view", "json")


def child(path: str) -> None:
    """One cold pass over `path`; print the phases' seconds as JSON."""
    import gc
    import time

    gc.disable()  # as the command line does
    times: dict[str, float] = {}
    start = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal start
        now = time.perf_counter()
        times[name] = now - start
        start = now

    import typer  # noqa: F401

    lap("typer")
    from pathlib import Path

    from accordctl.core import loader, reader, resolver
    from accordctl.core.model import file_order
    from accordctl.core.views import due_view
    from accordctl.outputs import formats
    from accordctl.store import files

    lap("imports")
    text = files.read_text(Path(path))
    root = reader.compose(text, path)
    lap("compose")
    accord, findings = loader.read_nodes(root, path, anchors="&" in text)
    assert not findings, findings[:3]
    lap("walk")
    del root
    lap("free nodes")
    res = resolver.resolve(accord)
    lap("resolve")
    view = due_view(res, sorted(res.rows, key=file_order))
    lap("view")
    formats.due_json(view)
    lap("json")
    sys.stdout.write(json.dumps(times))
    sys.stdout.flush()
    os._exit(0)  # as the command line does: no teardown


def report(path: str, runs: int) -> list[str]:
    """The phase table for `path`, over `runs` fresh processes."""
    samples = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, __file__, path, "--child"], capture_output=True, text=True, check=True
        ).stdout
        samples.append(json.loads(out))
    lines = [
        f"{os.path.basename(path)}: {runs} fresh processes",
        f"{'phase':<12} {'min':>8} {'median':>8}",
    ]
    for phase in PHASES:
        values = [s[phase] * 1000 for s in samples]
        lines.append(f"{phase:<12} {min(values):7.1f}ms {statistics.median(values):7.1f}ms")
    total = [sum(s.values()) * 1000 for s in samples]
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
