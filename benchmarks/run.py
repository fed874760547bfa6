"""Measure accordctl against baseline processes and print a report of ratios.

    python benchmarks/run.py            # 7 rounds, 100,000-commitment files (a few minutes)
    python benchmarks/run.py --quick    # 3 rounds, 20,000-commitment files
    python benchmarks/run.py --profile  # where a cold run's time goes, phase by phase
    python benchmarks/run.py --cache    # what each part of the result cache costs

Every number is a ratio of two processes timed in the same run, alternately (each round runs
every command of a group once, in a rotated order), so that a busy or slow machine moves
both sides alike. Each side is the median of its rounds. Children run with this interpreter
(sys.executable); their wall time is measured around spawn and exit, and their peak memory
is the ru_maxrss that os.wait4 returns for that child alone. Bytecode is cached in the
temporary directory (PYTHONPYCACHEPREFIX) and warmed before timing, as for an installed
package, even where PYTHONDONTWRITEBYTECODE is set.

Targets (ratio <= limit is PASS):

  a. start-up   `accordctl due --branch state` / benchmarks/baseline_app.py      1.25x
  b. version    `accordctl --version` / benchmarks/baseline_app.py               1.10x
  c. scale      `due --format json --file BIG` / yaml.load + json.dump of BIG    1.30x
  d. growth     `due --format json` on BIG / on a file 10x smaller              11.00x
  e. memory     peak RSS of c's target / of c's baseline                          2.00x
  f. warm       a's command answered from the result cache / the same app        0.30x
  g. warm json  `due --format json` on 10,000, cached / `task export` of as many  0.50x
  h. cold json  the same, computed / `task export`                                4.00x
  i. cold big   c's ratio, held to                                                0.45x
  j. miss       a's command, a miss, with 20,000 of today's entries / with none   1.10x
  k. miss       the same with 20,000 entries of days gone by / with none          1.10x
  l, m. edit    `done ID --file F` / `due --format json --file F`, SMALL and BIG    2.00x
  n, o. edit    the same, peak RSS                                                1.50x
  p, q. report  `report -o PAGE --file F` / `due --format json --file F`          2.50x
  r, s. report  the same, peak RSS                                                1.50x
  t. memory     peak RSS of c's target per deadline of BIG                     4.00 KiB
  u. resolve    resolving BIG / SMALL (benchmarks/phases.py, fresh processes)  11.00x

t divides the median peak RSS of c's target (the whole process, the interpreter and the
imports included) by the number of deadlines in BIG. u times the resolve phase alone, in
fresh processes of benchmarks/phases.py, BIG and SMALL alternately.

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
10,000 of their own). j to l run `report` and `due --format json` with the same --as-of
(2009-03-01) on the same file, the page and the JSON both written to /dev/null.

BIG has chains 1,000 deep (benchmarks/generate.py). The report goes to stdout, progress to
stderr; the exit status is 0 whatever the results (this reports, it does not test).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cachebench  # benchmarks/cachebench.py, beside this file

HERE = Path(__file__).resolve().parent
DEPTH = 1_000
YAML_TO_JSON = (
    "import json,sys,yaml; json.dump(yaml.load(open(sys.argv[1]), Loader=yaml.CSafeLoader), "
    "sys.stdout)"
)


@dataclass(frozen=True)
class Sample:
    """One run of a child process."""

    seconds: float
    maxrss_kib: int | None
    returncode: int


@dataclass(frozen=True)
class Settings:
    """What a run measures: rounds per group and the sizes of the generated files."""

    rounds: int
    big: int
    small: int
    tasks: int = 10_000  # g and h: the targets are set for 10,000 commitments and tasks


@dataclass(frozen=True)
class Target:
    """One line of the report."""

    label: str
    ratio: float | None
    limit: float
    detail: str
    error: str | None = None
    unit: str = "x"  # a ratio; else the unit of a figure (t: KiB per deadline)

    def line(self) -> str:
        """The report line: label, ratio, limit, PASS/FAIL, then the raw numbers."""
        limit = f"{self.limit:>7.2f}{self.unit}"
        if self.ratio is None:
            return f"{self.label:<44} {'-':>8} {limit}  ERROR  {self.error}"
        verdict = "PASS" if self.ratio <= self.limit else "FAIL"
        ratio = f"{self.ratio:.3f}{self.unit}"
        return f"{self.label:<44} {ratio:>8} {limit}  {verdict:<5}  {self.detail}"


def run_once(command: Sequence[str], env: dict[str, str], errors: Path) -> Sample:
    """Run a command with stdout to /dev/null; time it and read its own peak RSS."""
    with errors.open("wb") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            list(command), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err, env=env
        )
        if hasattr(os, "wait4"):
            _, status, usage = os.wait4(proc.pid, 0)
            seconds = time.perf_counter() - start
            proc.returncode = os.waitstatus_to_exitcode(status)
            # ru_maxrss is in KiB on Linux and the BSDs, in bytes on macOS.
            rss = usage.ru_maxrss // 1024 if sys.platform == "darwin" else usage.ru_maxrss
            return Sample(seconds, rss, proc.returncode)
        returncode = proc.wait()
        return Sample(time.perf_counter() - start, None, returncode)


Command = tuple[list[str], dict[str, str]]  # argv and environment


def measure(
    group: dict[str, Command], rounds: int, warmup: int, tmp: Path
) -> dict[str, list[Sample]]:
    """Run every command of a group once per round, rotating the order each round.

    `warmup` rounds are run first and dropped (bytecode, page cache, the result cache).
    A command that exits non-zero is not run again; its failing sample is kept so the
    report can say so.
    """
    names = list(group)
    samples: dict[str, list[Sample]] = {name: [] for name in names}
    failed: set[str] = set()
    for r in range(warmup + rounds):
        shift = r % len(names)
        order = names[shift:] + names[:shift]
        for name in order:
            if name in failed:
                continue
            sample = run_once(*group[name], tmp / "stderr.txt")
            if sample.returncode != 0:
                failed.add(name)
                tail = (tmp / "stderr.txt").read_text(errors="replace").strip()[-300:]
                print(f"  {name}: exit {sample.returncode}: {tail}", file=sys.stderr)
                samples[name] = [sample]
            elif r >= warmup:
                samples[name].append(sample)
        if r >= warmup:
            done = r - warmup + 1
            print(f"  round {done}/{rounds}: {', '.join(order)}", file=sys.stderr, flush=True)
    return samples


def median_time(samples: list[Sample]) -> float | None:
    """The median wall time in seconds; None if the command failed."""
    if not samples or any(s.returncode != 0 for s in samples):
        return None
    return statistics.median(s.seconds for s in samples)


def median_rss(samples: list[Sample]) -> float | None:
    """The median peak RSS in KiB; None if unknown or the command failed."""
    values = [s.maxrss_kib for s in samples if s.returncode == 0 and s.maxrss_kib is not None]
    if not values or len(values) != len(samples):
        return None
    return statistics.median(values)


def time_ratio(label: str, limit: float, target: list[Sample], base: list[Sample]) -> Target:
    """A target from two sets of timings: median(target) / median(base)."""
    t, b = median_time(target), median_time(base)
    if t is None or b is None:
        which = "target" if t is None else "baseline"
        return Target(label, None, limit, "", f"the {which} failed (see stderr)")
    return Target(label, t / b, limit, f"{t:.3f} s vs {b:.3f} s")


def rss_ratio(label: str, limit: float, target: list[Sample], base: list[Sample]) -> Target:
    """A target from two sets of peak RSS values: median(target) / median(base)."""
    t, b = median_rss(target), median_rss(base)
    if t is None or b is None:
        return Target(label, None, limit, "", "no peak RSS (os.wait4 missing or a run failed)")
    return Target(label, t / b, limit, f"{t / 1024:.1f} MiB vs {b / 1024:.1f} MiB")


def cpu_model() -> str:
    """The CPU model from /proc/cpuinfo, else what the platform module knows."""
    try:
        text = Path("/proc/cpuinfo").read_text(errors="replace")
    except OSError:
        return platform.processor() or platform.machine() or "unknown"
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if key.strip() in ("model name", "Hardware", "Processor", "cpu model"):
            return value.strip()
    return platform.processor() or platform.machine() or "unknown"


def machine() -> list[str]:
    """Lines describing the machine and interpreter."""
    cpus = os.cpu_count()
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else cpus
    return [
        f"platform: {platform.platform()}",
        f"cpu:      {cpu_model()} ({cpus} CPUs, {usable} usable)",
        f"python:   {platform.python_implementation()} {platform.python_version()}"
        f" ({sys.executable})",
    ]


def accordctl_command(launcher: str) -> list[str]:
    """How to start accordctl with this interpreter: the console script next to
    sys.executable (run by this interpreter), or `-m accordctl`."""
    script = Path(sys.executable).parent / "accordctl"
    if launcher == "script" and script.is_file():
        with script.open("rb") as f:
            if b"python" in f.readline():
                return [sys.executable, str(script)]
    return [sys.executable, "-m", "accordctl"]


def generate(path: Path, count: int, env: dict[str, str]) -> None:
    """Write a synthetic file of `count` commitments with benchmarks/generate.py."""
    with path.open("wb") as out:
        subprocess.run(
            [
                sys.executable,
                str(HERE / "generate.py"),
                "--count",
                str(count),
                "--depth",
                str(DEPTH),
            ],
            stdout=out,
            env=env,
            check=True,
        )


def child_env(tmp: Path, cache: bool) -> dict[str, str]:
    """The environment of every child: this one, without accordctl's own variables, with a
    fixed width, with bytecode cached under tmp (PYTHONPYCACHEPREFIX) even where
    PYTHONDONTWRITEBYTECODE is set, so that no side recompiles its sources on every run (as
    an installed package would not) and nothing is written into the source tree, and with
    accordctl's result cache in tmp (on with `cache`, else off): never the user's."""
    drop = {"PYTHONDONTWRITEBYTECODE", "XDG_CACHE_HOME"}
    env = {k: v for k, v in os.environ.items() if k not in drop and not k.startswith("ACCORDCTL_")}
    env.update({"COLUMNS": "80", "NO_COLOR": "1", "PYTHONIOENCODING": "utf-8"})
    env["PYTHONPYCACHEPREFIX"] = str(tmp / "pycache")
    env["ACCORDCTL_CACHE_DIR"] = str(tmp / "result-cache")
    if not cache:
        env["ACCORDCTL_NO_CACHE"] = "1"
    return env


def taskwarrior(tmp: Path, rows: list[dict[str, object]], env: dict[str, str]) -> Command | None:
    """`task export` over a temporary TASKDATA holding one task per row, carrying what the
    row carries as far as a task can: its title (description), branch (project), due date,
    kind (a tag) and phrase (an annotation, as written -> normalized); or None without
    Taskwarrior. (Against these tasks accordctl's cold run before issue #15 measured 5.4x,
    near the issue's own "about 6x"; tasks of description, project and due date alone
    export in 0.7 of the time, and put that run at 7.7x.)"""
    task = shutil.which("task")
    if task is None:
        return None
    data, rc = tmp / "taskdata", tmp / "taskrc"
    data.mkdir()
    rc.write_text(f"data.location={data}\nconfirmation=off\nverbose=nothing\n", "utf-8")
    tasks = []
    for i, row in enumerate(rows):
        due = str(row["due"] or "2011-08-21").replace("-", "")
        tasks.append(
            {
                "uuid": f"00000000-0000-4000-8000-{i:012d}",
                "description": row["title"] or row["row_id"],
                "project": row["branch"],
                "status": "pending",
                "entry": "20080821T000000Z",
                "due": f"{due}T000000Z",
                "tags": [row["kind"]],
                "annotations": [
                    {
                        "entry": "20080821T000000Z",
                        "description": f"{row['source']} -> {row['deadline']}",
                    }
                ],
            }
        )
    (tmp / "tasks.json").write_text(json.dumps(tasks), "utf-8")
    task_env = {**env, "TASKRC": str(rc), "TASKDATA": str(data)}
    subprocess.run(
        [task, "import", str(tmp / "tasks.json")], env=task_env, check=True, capture_output=True
    )
    return [task, "export"], task_env


def same_output(a: Command, b: Command) -> str | None:
    """None when both commands print the same bytes (run twice, the second time from the
    result cache where it is on), else what differs."""
    outs = [subprocess.run(c, env=e, capture_output=True, check=False) for c, e in (a, b, b)]
    if any(p.returncode for p in outs):
        return "a run failed"
    return None if outs[0].stdout == outs[1].stdout == outs[2].stdout else "cached output differs"


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
        small_json = [*acc, "due", "--format", "json", "--file", str(small)]
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
        for warm_up in (
            [sys.executable, "-c", YAML_TO_JSON, str(small)],
            [*acc, "due", "--format", "json", "--file", str(small)],
        ):
            run_once(warm_up, cold, tmp / "stderr.txt")
        scale = measure(
            {
                "yaml+json": ([sys.executable, "-c", YAML_TO_JSON, str(big)], cold),
                "due big": ([*acc, "due", "--format", "json", "--file", str(big)], cold),
                "due small": (small_json, cold),
            },
            settings.rounds,
            warmup=0,
            tmp=tmp,
        )
        print("resolve group", file=sys.stderr)
        resolving = resolve_group(big, small, settings.rounds, cold)
        rows = json.loads(subprocess.run(mid_json, env=cold, capture_output=True).stdout)
        export = taskwarrior(tmp, rows["rows"][: settings.tasks], cold)
        tasks: dict[str, list[Sample]] = {}
        if export is not None:
            print("task group", file=sys.stderr)
            tasks = measure(
                {
                    "task export": export,
                    "due": (mid_json, cold),
                    "due, cached": (mid_json, warm),
                },
                settings.rounds,
                warmup=2,
                tmp=tmp,
            )
        print("cache group", file=sys.stderr)
        misses = cache_group(acc, tmp, settings.rounds)
        import edits  # benchmarks/edits.py, beside this file

        edited = {}
        for count, path in ((settings.small, small), (settings.big, big)):
            print(f"edit group: {count:,} commitments", file=sys.stderr)
            edited[count] = edits.measure(acc, path, count, cold, tmp, settings.rounds, run_once)
        big_mib = big.stat().st_size / 2**20
    no_task = "Taskwarrior (task) is not installed"
    targets = [
        time_ratio(
            "a. start-up: due --branch state / app",
            1.25,
            start["due --branch state"],
            start["baseline_app"],
        ),
        time_ratio("b. --version / app", 1.10, start["--version"], start["baseline_app"]),
        time_ratio(
            f"c. scale: due json {settings.big:,} / yaml+json",
            1.30,
            scale["due big"],
            scale["yaml+json"],
        ),
        time_ratio(
            f"d. growth: due json {settings.big:,} / {settings.small:,}",
            11.0,
            scale["due big"],
            scale["due small"],
        ),
        rss_ratio(
            f"e. peak RSS: due json {settings.big:,} / yaml+json",
            2.0,
            scale["due big"],
            scale["yaml+json"],
        ),
        checked(
            checks["state"],
            time_ratio(
                "f. warm: due --branch state, cached / app",
                0.30,
                start["due --branch state, cached"],
                start["baseline_app"],
            ),
        ),
        checked(
            checks["mid"] or (no_task if export is None else None),
            time_ratio(
                f"g. warm: due json {settings.tasks:,}, cached / task",
                0.50,
                tasks.get("due, cached", []),
                tasks.get("task export", []),
            ),
        ),
        checked(
            no_task if export is None else None,
            time_ratio(
                f"h. cold: due json {settings.tasks:,} / task export",
                4.0,
                tasks.get("due", []),
                tasks.get("task export", []),
            ),
        ),
        time_ratio(
            f"i. cold: due json {settings.big:,} / yaml+json",
            0.45,
            scale["due big"],
            scale["yaml+json"],
        ),
    ]
    targets += [
        time_ratio(
            f"j. miss: {cachebench.ENTRIES:,} entries / none",
            1.10,
            misses["today's"],
            misses["none"],
        ),
        time_ratio(
            f"k. miss: {cachebench.ENTRIES:,} of past days / none",
            1.10,
            misses["past days'"],
            misses["none"],
        ),
    ]
    targets += edit_targets(edited, settings)
    targets += [
        per_deadline(
            f"t. peak RSS per deadline: due json {settings.big:,}",
            4.0,
            scale["due big"],
            resolving["deadlines"],
        ),
        phase_ratio(
            f"u. growth: resolve {settings.big:,} / {settings.small:,}",
            11.0,
            resolving["big"],
            resolving["small"],
        ),
    ]
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
        *(t.line() for t in targets),
    ]
    if app_rss is not None:
        lines.append(f"(baseline_app peak RSS: {app_rss / 1024:.1f} MiB)")
    return lines


def cache_group(acc: list[str], tmp: Path, rounds: int) -> dict[str, list[Sample]]:
    """A miss of a's command in an empty cache, in one of today's entries and in one of
    entries of a day gone by (see benchmarks/cachebench.py)."""
    envs = {}
    for name, days_ago in (("none", None), ("today's", 0), ("past days'", 5)):
        folder = tmp / f"cache-{len(envs)}"
        if days_ago is not None:
            cachebench.fill(folder, days_ago)
        envs[name] = {**child_env(tmp, cache=True), "ACCORDCTL_CACHE_DIR": str(folder)}
    command = cachebench.missing([*acc, "due", "--branch", "state"])
    return measure({name: (command, env) for name, env in envs.items()}, rounds, 2, tmp)


def resolve_group(big: Path, small: Path, rounds: int, env: dict[str, str]) -> dict[str, Any]:
    """The resolve phase's seconds on BIG and on SMALL, in fresh processes of
    benchmarks/phases.py, alternately; and the number of deadlines in BIG."""
    import phases  # benchmarks/phases.py, beside this file

    out: dict[str, Any] = {"big": [], "small": [], "deadlines": None}
    for r in range(rounds):
        for name, path in (("big", big), ("small", small))[:: 1 if r % 2 else -1]:
            found = phases.samples(str(path), 1, env)[0]
            out[name].append(found["times"]["resolve"])
            if name == "big":
                out["deadlines"] = found["rows"]
        print(f"  round {r + 1}/{rounds}: resolve", file=sys.stderr, flush=True)
    return out


def per_deadline(label: str, limit: float, target: list[Sample], deadlines: int | None) -> Target:
    """t: the median peak RSS of `target`, in KiB per deadline."""
    rss = median_rss(target)
    if rss is None or not deadlines:
        return Target(label, None, limit, "", "no peak RSS or no deadlines", unit="KiB")
    detail = f"{rss / 1024:.1f} MiB / {deadlines:,} deadlines"
    return Target(label, rss / deadlines, limit, detail, unit="KiB")


def phase_ratio(label: str, limit: float, target: list[float], base: list[float]) -> Target:
    """u: median(target) / median(base), of seconds a phase took."""
    if not target or not base:
        return Target(label, None, limit, "", "a phase run failed")
    t, b = statistics.median(target), statistics.median(base)
    return Target(label, t / b, limit, f"{t:.3f} s vs {b:.3f} s")


def edit_targets(edited: dict[int, dict[str, list[Sample]]], settings: Settings) -> list[Target]:
    """l to s: `done` and `report` against `due --format json` on the same file."""
    small, big = edited[settings.small], edited[settings.big]
    few, many = f"{settings.small:,}", f"{settings.big:,}"
    return [
        time_ratio(f"l. edit: done {few} / due json", 2.0, small["done"], small["due"]),
        time_ratio(f"m. edit: done {many} / due json", 2.0, big["done"], big["due"]),
        rss_ratio(f"n. edit RSS: done {few} / due json", 1.5, small["done"], small["due"]),
        rss_ratio(f"o. edit RSS: done {many} / due json", 1.5, big["done"], big["due"]),
        time_ratio(f"p. report {few} / due json", 2.5, small["report"], small["due"]),
        time_ratio(f"q. report {many} / due json", 2.5, big["report"], big["due"]),
        rss_ratio(f"r. report RSS {few} / due json", 1.5, small["report"], small["due"]),
        rss_ratio(f"s. report RSS {many} / due json", 1.5, big["report"], big["due"]),
    ]


def checked(problem: str | None, target: Target) -> Target:
    """The target, or an error saying why it cannot be trusted."""
    if problem is None:
        return target
    return Target(target.label, None, target.limit, "", problem)


def profile(quick: bool) -> int:
    """Phase tables for a cold run on the two benchmark files."""
    import phases  # benchmarks/phases.py, beside this file

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
