"""Measure accordctl against baseline processes and print a report of ratios.

    python benchmarks/run.py            # 7 rounds, 100,000-commitment files (a few minutes)
    python benchmarks/run.py --quick    # 3 rounds, 20,000-commitment files

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

BIG has chains 1,000 deep (benchmarks/generate.py). The report goes to stdout, progress to
stderr; the exit status is 0 whatever the results (this reports, it does not test).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

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


@dataclass(frozen=True)
class Target:
    """One line of the report."""

    label: str
    ratio: float | None
    limit: float
    detail: str
    error: str | None = None

    def line(self) -> str:
        """The report line: label, ratio, limit, PASS/FAIL, then the raw numbers."""
        if self.ratio is None:
            return f"{self.label:<44} {'-':>8} {self.limit:>7.2f}x  ERROR  {self.error}"
        verdict = "PASS" if self.ratio <= self.limit else "FAIL"
        ratio = f"{self.ratio:.3f}x"
        return f"{self.label:<44} {ratio:>8} {self.limit:>7.2f}x  {verdict:<5}  {self.detail}"


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


def measure(
    group: dict[str, list[str]], rounds: int, warmup: int, env: dict[str, str], tmp: Path
) -> dict[str, list[Sample]]:
    """Run every command of a group once per round, rotating the order each round.

    `warmup` rounds are run first and dropped (bytecode, page cache). A command that exits
    non-zero is not run again; its failing sample is kept so the report can say so.
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
            sample = run_once(group[name], env, tmp / "stderr.txt")
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


def child_env(pycache: Path) -> dict[str, str]:
    """The environment of every child: this one, without accordctl's file override, with a
    fixed width, and with bytecode cached under `pycache` (PYTHONPYCACHEPREFIX) even where
    PYTHONDONTWRITEBYTECODE is set, so that no side recompiles its sources on every run (as
    an installed package would not) and nothing is written into the source tree."""
    drop = {"ACCORDCTL_FILE", "PYTHONDONTWRITEBYTECODE"}
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update({"COLUMNS": "80", "NO_COLOR": "1", "PYTHONIOENCODING": "utf-8"})
    env["PYTHONPYCACHEPREFIX"] = str(pycache)
    return env


def report(settings: Settings, launcher: str) -> list[str]:
    """Run every measurement and return the report's lines."""
    acc = accordctl_command(launcher)
    app = [sys.executable, str(HERE / "baseline_app.py"), "--name", "bench"]
    lines = [*machine(), f"accordctl: {' '.join(acc)}"]
    with tempfile.TemporaryDirectory(prefix="accordctl-bench-") as name:
        tmp = Path(name)
        env = child_env(tmp / "pycache")
        big, small = tmp / f"big-{settings.big}.yaml", tmp / f"small-{settings.small}.yaml"
        print(f"generating {settings.big:,} and {settings.small:,} commitments", file=sys.stderr)
        generate(big, settings.big, env)
        generate(small, settings.small, env)

        print("start-up group", file=sys.stderr)
        start = measure(
            {
                "baseline_app": app,
                "due --branch state": [*acc, "due", "--branch", "state"],
                "--version": [*acc, "--version"],
            },
            settings.rounds,
            warmup=2,
            env=env,
            tmp=tmp,
        )
        print("scale group", file=sys.stderr)
        for warm in (
            [sys.executable, "-c", YAML_TO_JSON, str(small)],
            [*acc, "due", "--format", "json", "--file", str(small)],
        ):
            run_once(warm, env, tmp / "stderr.txt")
        scale = measure(
            {
                "yaml+json": [sys.executable, "-c", YAML_TO_JSON, str(big)],
                "due big": [*acc, "due", "--format", "json", "--file", str(big)],
                "due small": [*acc, "due", "--format", "json", "--file", str(small)],
            },
            settings.rounds,
            warmup=0,
            env=env,
            tmp=tmp,
        )
        big_mib = big.stat().st_size / 2**20
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
    ]
    app_rss = median_rss(start["baseline_app"])
    lines += [
        "bytecode: cached in a temporary PYTHONPYCACHEPREFIX, warmed before timing",
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
    args = parser.parse_args(argv)
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
