"""Measure accordctl against baseline processes and print a report of ratios.

    python benchmarks/run.py            # 7 rounds, 100,000-commitment files (some minutes)
    python benchmarks/run.py --quick    # 3 rounds, 20,000-commitment files
    python benchmarks/run.py --profile  # where a cold run's time goes, phase by phase
    python benchmarks/run.py --cache    # what each part of the result cache costs

The targets and their limits are in benchmarks/targets.py; how a child is run and timed, in
benchmarks/runner.py. Every number is a ratio of two processes timed in the same run,
alternately (each round runs every command of a group once, in a rotated order), so that a
busy or slow machine moves both sides alike, or a figure per deadline. Each side is the
median of its rounds. Children run with this interpreter (sys.executable); their wall time
is measured around spawn and exit, and their peak memory is the ru_maxrss that os.wait4
returns for that child alone. Bytecode is cached in the temporary directory
(PYTHONPYCACHEPREFIX) and warmed before timing, as for an installed package, even where
PYTHONDONTWRITEBYTECODE is set.

The groups, in the order they run: start-up (a, b, f), scale (c, d, e, i, t), resolve (u:
the resolve phase alone, in fresh processes of benchmarks/phases.py, on BIG and on a file
of half its size alternately, its cpu time), tasks (g, h), cache (j, k), edits (l to s).

l to s (benchmarks/edits.py) run on a copy of SMALL and of BIG, and every `done` is a real
edit (each round records another completion date). The issue's floor for an edit is 3x a
read; the page is to cost near a read too.

a to e and h, i run with the result cache off (ACCORDCTL_NO_CACHE=1), f and g with it on,
in a temporary cache directory, after warm-up rounds that fill it; before f and g are
timed, the cached output is checked to be the computed one byte for byte. j and k run
with it on, each run a new question (benchmarks/cachebench.py), in caches filled
beforehand: k's entries, of a day gone by, are removed a bounded number a run. g and h need
Taskwarrior (`task`): its data is a temporary TASKDATA holding one task per row of SMALL
(title, branch, due date, kind as a tag, phrase as an annotation), imported before timing;
without it they say so. SMALL has 10,000 commitments (with --quick, g and h use a file of
10,000 of their own). `report` and `due --format json` in the edit group run with the same
--as-of (2009-03-01) on the same file; the JSON goes to /dev/null, the page to a file.

BIG has chains 1,000 deep (benchmarks/generate.py). The report goes to stdout, progress to
stderr; the exit status is 0 whatever the results (this reports, it does not test).
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import cachebench  # benchmarks/*.py, beside this file
import edits
import phases
from runner import (
    DEPTH,
    HERE,
    YAML_TO_JSON,
    Sample,
    accordctl_command,
    child_env,
    generate,
    machine,
    measure,
    run_once,
    same_output,
    taskwarrior,
)
from targets import Measured, Settings, median_rss, table


def report(settings: Settings, launcher: str) -> list[str]:
    """Run every measurement and return the report's lines."""
    acc = accordctl_command(launcher)
    app = [sys.executable, str(HERE / "baseline_app.py"), "--name", "bench"]
    lines = [*machine(), f"accordctl: {' '.join(acc)}"]
    with tempfile.TemporaryDirectory(prefix="accordctl-bench-") as name:
        tmp = Path(name)
        cold, warm = child_env(tmp, cache=False), child_env(tmp, cache=True)
        big, small = tmp / f"big-{settings.big}.yaml", tmp / f"small-{settings.small}.yaml"
        print(f"generating {settings.big:,} and {settings.small:,} commitments", file=sys.stderr)
        generate(big, settings.big, cold)
        generate(small, settings.small, cold)
        mid = small if settings.tasks == settings.small else tmp / f"mid-{settings.tasks}.yaml"
        if mid != small:
            generate(mid, settings.tasks, cold)
        state = [*acc, "due", "--branch", "state"]
        mid_json = [*acc, "due", "--format", "json", "--file", str(mid)]
        checks = {
            "state": same_output((state, cold), (state, warm)),
            "mid": same_output((mid_json, cold), (mid_json, warm)),
        }

        print("start-up group", file=sys.stderr)
        start = measure(
            {
                "baseline_app": (app, cold),
                "due --branch state": (state, cold),
                "--version": ([*acc, "--version"], cold),
                "due --branch state, cached": (state, warm),
            },
            settings.rounds,
            warmup=2,
            tmp=tmp,
        )
        print("scale group", file=sys.stderr)
        scale = scale_group(acc, big, small, settings.rounds, cold, tmp)
        print("resolve group", file=sys.stderr)
        half = tmp / f"half-{settings.big // 2}.yaml"
        generate(half, settings.big // 2, cold)
        resolving = resolve_group(big, half, small, settings, cold)
        export = taskwarrior(tmp, (mid_json, cold), settings.tasks, cold)
        tasks: dict[str, list[Sample]] = {}
        if export is not None:
            print("task group", file=sys.stderr)
            group = {
                "task export": export,
                "due": (mid_json, cold),
                "due, cached": (mid_json, warm),
            }
            tasks = measure(group, settings.rounds, warmup=2, tmp=tmp)
        print("cache group", file=sys.stderr)
        misses = cache_group(acc, tmp, settings.rounds)
        edited = {}
        for count, path in ((settings.small, small), (settings.big, big)):
            print(f"edit group: {count:,} commitments", file=sys.stderr)
            edited[count] = edits.measure(acc, path, count, cold, tmp, settings.rounds)
        big_mib = big.stat().st_size / 2**20
    no_task = "Taskwarrior (task) is not installed" if export is None else None
    measured = Measured(start, scale, tasks, checks, misses, edited, resolving, no_task)
    app_rss = median_rss(start["baseline_app"])
    lines += [
        "bytecode: cached in a temporary PYTHONPYCACHEPREFIX, warmed before timing",
        "result cache: off (ACCORDCTL_NO_CACHE=1) but for f, g, j and k; cached outputs checked",
        "",
        f"rounds: {settings.rounds} per group, alternating; medians shown (target vs baseline)",
        f"files: {settings.big:,} commitments ({big_mib:.1f} MiB) and {settings.small:,},"
        f" chains {DEPTH:,} deep",
        "",
        f"{'target':<44} {'ratio':>8} {'limit':>8}  result detail",
        *(t.line() for t in table(measured, settings, cachebench.ENTRIES)),
    ]
    if app_rss is not None:
        lines.append(f"(baseline_app peak RSS: {app_rss / 1024:.1f} MiB)")
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    lines.append(f"(run.py's own peak RSS, under which no child's reads: {own:.1f} MiB)")
    return lines


def scale_group(
    acc: list[str], big: Path, small: Path, rounds: int, env: dict[str, str], tmp: Path
) -> dict[str, list[Sample]]:
    """`due --format json` on BIG and on SMALL, and yaml.load + json.dump of BIG."""
    for warm_up in (
        [sys.executable, "-c", YAML_TO_JSON, str(small)],
        [*acc, "due", "--format", "json", "--file", str(small)],
    ):
        run_once(warm_up, env, tmp / "stderr.txt")
    group = {
        "yaml+json": ([sys.executable, "-c", YAML_TO_JSON, str(big)], env),
        "due big": ([*acc, "due", "--format", "json", "--file", str(big)], env),
        "due small": ([*acc, "due", "--format", "json", "--file", str(small)], env),
    }
    return measure(group, rounds, warmup=0, tmp=tmp)


def cache_group(acc: list[str], tmp: Path, rounds: int) -> dict[str, list[Sample]]:
    """A miss of a's command in an empty cache, in one of today's entries and in one of
    entries of a day gone by (see benchmarks/cachebench.py)."""
    envs = {}
    for name, days_ago in (("none", None), ("today's", 0), ("past days'", 5)):
        folder = tmp / f"cache-{len(envs)}"
        if days_ago is not None:  # in a child: this process stays small (runner.py)
            fill = [sys.executable, cachebench.__file__, "fill", str(folder), str(days_ago)]
            subprocess.run(fill, env=child_env(tmp, cache=True), check=True)
        envs[name] = {**child_env(tmp, cache=True), "ACCORDCTL_CACHE_DIR": str(folder)}
    command = cachebench.missing([*acc, "due", "--branch", "state"])
    return measure({name: (command, env) for name, env in envs.items()}, rounds, 2, tmp)


def resolve_group(
    big: Path, half: Path, small: Path, settings: Settings, env: dict[str, str]
) -> dict[str, Any]:
    """The resolve phase's cpu seconds on BIG and on HALF (a file of half as many rows), in
    fresh processes of benchmarks/phases.py stopped after the phase, alternately, the order
    turned each round; and the number of deadlines in BIG and SMALL. A cpu time is not
    moved by the time other processes hold the processor, as a wall time is on a shared
    machine."""
    out: dict[str, Any] = {"big": [], "half": [], "deadlines": {}}
    for size, path in ((settings.big, big), (settings.small, small)):  # rows; page cache
        out["deadlines"][size] = phases.samples(str(path), 1, env, until="resolve")[0]["rows"]
    for r in range(settings.rounds):
        for name, path in (("big", big), ("half", half))[:: 1 if r % 2 else -1]:
            found = phases.samples(str(path), 1, env, until="resolve")[0]
            out[name].append(found["cpu"]["resolve"])
        print(f"  round {r + 1}/{settings.rounds}: resolve", file=sys.stderr, flush=True)
    return out


def profile(quick: bool) -> int:
    """Phase tables for a cold run on the two benchmark files."""
    sizes = (2_000, 20_000) if quick else (10_000, 100_000)
    with tempfile.TemporaryDirectory(prefix="accordctl-profile-") as name:
        tmp = Path(name)
        env = child_env(tmp, cache=False)
        for count in sizes:
            path = tmp / f"{count}.yaml"
            generate(path, count, env)
            print("\n".join(phases.report(str(path), 5 if quick else 9)), "\n", flush=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments, measure, print the report; always exit 0."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="3 rounds, 20,000 vs 2,000 commitments"
    )
    parser.add_argument(
        "--launcher",
        choices=["script", "module"],
        default="script",
        help="start accordctl as the console script next to sys.executable (default) "
        "or as `python -m accordctl`",
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="instead of the targets, time each phase of a cold run (benchmarks/phases.py)",
    )
    parser.add_argument(
        "--cache",
        action="store_true",
        help="instead of the targets, time each part of the result cache and whole runs "
        "with it and without (benchmarks/cachebench.py)",
    )
    args = parser.parse_args(argv)
    if args.profile:
        return profile(args.quick)
    if args.cache:
        with tempfile.TemporaryDirectory(prefix="accordctl-cache-") as name:
            env = child_env(Path(name), cache=True)
            acc = accordctl_command(args.launcher)
            lines = cachebench.parts(acc, env, Path(name), 5 if args.quick else 21)
        print("\n".join([*machine(), f"accordctl: {' '.join(acc)}", *lines]), flush=True)
        return 0
    settings = (
        Settings(rounds=3, big=20_000, small=2_000)
        if args.quick
        else Settings(rounds=7, big=100_000, small=10_000)
    )
    try:
        lines = report(settings, args.launcher)
    except (OSError, subprocess.CalledProcessError) as e:
        lines = [f"benchmark could not run: {e}"]
    print("\n".join(lines), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
