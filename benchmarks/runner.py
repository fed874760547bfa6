"""How benchmarks/run.py runs its children: one process timed with its own peak memory, a
group of commands run alternately, and the environment, files and baselines they run on.

A child's peak memory (ru_maxrss) reads at least the benchmark's own: a child starts as a
copy of its parent, and Linux counts the copy in it (measured: /bin/true started by a
process of 200 MiB reads 211 MiB). So the benchmark keeps its own process small: what
reads or makes large data (Taskwarrior's tasks, the caches of j and k, the outputs
compared) does it in a child, or a block at a time. run.py prints its own peak beside
the report.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEPTH = 1_000  # the generated files' chains
YAML_TO_JSON = (
    "import json,sys,yaml; json.dump(yaml.load(open(sys.argv[1]), Loader=yaml.CSafeLoader), "
    "sys.stdout)"
)

Command = tuple[list[str], dict[str, str]]  # argv and environment


@dataclass(frozen=True)
class Sample:
    """One run of a child process."""

    seconds: float
    maxrss_kib: int | None
    returncode: int


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
    command = [sys.executable, str(HERE / "generate.py"), "--count", str(count)]
    with path.open("wb") as out:
        subprocess.run([*command, "--depth", str(DEPTH)], stdout=out, env=env, check=True)


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


def taskwarrior(tmp: Path, rows: Command, count: int, env: dict[str, str]) -> Command | None:
    """`task export` over a temporary TASKDATA holding one task per row of the first `count`
    that `rows` (a `due --format json`) prints, carrying what the row carries as far as a
    task can: its title (description), branch (project), due date, kind (a tag) and phrase
    (an annotation, as written -> normalized); or None without Taskwarrior. (Against these
    tasks accordctl's cold run before issue #15 measured 5.4x, near the issue's own "about
    6x"; tasks of description, project and due date alone export in 0.7 of the time, and
    put that run at 7.7x.) The rows are read and the tasks written by a child process (see
    `write_tasks`)."""
    task = shutil.which("task")
    if task is None:
        return None
    data, rc = tmp / "taskdata", tmp / "taskrc"
    data.mkdir()
    rc.write_text(f"data.location={data}\nconfirmation=off\nverbose=nothing\n", "utf-8")
    with (tmp / "rows.json").open("wb") as out:
        subprocess.run(rows[0], env=rows[1], stdout=out, check=True)
    helper = [sys.executable, __file__, "tasks", str(tmp / "rows.json"), str(tmp / "tasks.json")]
    subprocess.run([*helper, str(count)], env=env, check=True)
    task_env = {**env, "TASKRC": str(rc), "TASKDATA": str(data)}
    subprocess.run(
        [task, "import", str(tmp / "tasks.json")], env=task_env, check=True, capture_output=True
    )
    return [task, "export"], task_env


def write_tasks(source: Path, target: Path, count: int) -> None:
    """Taskwarrior's tasks (see `taskwarrior`) for the first `count` rows of a JSON answer.
    Run in a child process (`python runner.py tasks SOURCE TARGET COUNT`): the benchmark's
    own process stays small, as every child's peak memory reads at least its own (a child
    is started as a copy of it: Linux counts the copy's memory in the child's ru_maxrss)."""
    rows = json.loads(source.read_bytes())["rows"][:count]
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
    target.write_text(json.dumps(tasks), "utf-8")


def digest(command: Command) -> tuple[int, bytes]:
    """A command's exit status and the hash of its output, read in blocks (never whole)."""
    proc = subprocess.Popen(command[0], env=command[1], stdout=subprocess.PIPE)
    assert proc.stdout is not None
    h = hashlib.sha256()
    while block := proc.stdout.read(1 << 16):
        h.update(block)
    return proc.wait(), h.digest()


def same_output(a: Command, b: Command) -> str | None:
    """None when both commands print the same bytes (run twice, the second time from the
    result cache where it is on), else what differs."""
    outs = [digest(c) for c in (a, b, b)]
    if any(code for code, _ in outs):
        return "a run failed"
    return None if outs[0][1] == outs[1][1] == outs[2][1] else "cached output differs"


if __name__ == "__main__" and sys.argv[1:2] == ["tasks"]:
    write_tasks(Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4]))
