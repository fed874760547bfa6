"""The edit and report group of benchmarks/run.py: `done` and `report` on the same file as
`due --format json`, each round running the three one after the other in a rotated order.

Every `done` is a real edit: round r records the second commitment of the chain in the
middle of the file done on 2009-01-01 plus r days, so the file changes in every round (the
first sets status and completion, the others move the completion date, and with it the
rest of its chain). The
edits go to a copy of the generated file, made before any timing; `due` and `report` read
that same copy, and `report` writes its page into the temporary directory.
"""

from __future__ import annotations

import shutil
import sys
from datetime import date, timedelta
from pathlib import Path

from runner import Sample, run_once  # benchmarks/runner.py, beside this file

AS_OF = "2009-03-01"


def measure(
    acc: list[str],
    source: Path,
    count: int,
    env: dict[str, str],
    tmp: Path,
    rounds: int,
) -> dict[str, list[Sample]]:
    """Samples of `due`, `done` and `report` on a copy of `source` (`count` commitments),
    `rounds` of each after one warm-up round; a command that fails is not run again and
    keeps its failing sample (the report then says so)."""
    data = tmp / f"edited-{source.name}"
    shutil.copyfile(source, data)
    page = tmp / f"report-{count}.html"
    ident = f"c{count // 2 + 2}"  # the second of a chain: the rest of it counts from it
    samples: dict[str, list[Sample]] = {"due": [], "done": [], "report": []}
    failed: set[str] = set()
    for r in range(1 + rounds):
        on = (date(2009, 1, 1) + timedelta(days=r)).isoformat()
        commands = {
            "due": [*acc, "due", "--format", "json", "--file", str(data)],
            "done": [*acc, "done", ident, "--on", on, "--file", str(data)],
            "report": [*acc, "report", "--as-of", AS_OF, "-o", str(page), "--file", str(data)],
        }
        names = list(commands)
        order = names[r % 3 :] + names[: r % 3]
        for name in order:
            if name in failed:
                continue
            sample = run_once(commands[name], env, tmp / "stderr.txt")
            if sample.returncode != 0:
                failed.add(name)
                tail = (tmp / "stderr.txt").read_text(errors="replace").strip()[-300:]
                print(f"  {name}: exit {sample.returncode}: {tail}", file=sys.stderr)
                samples[name] = [sample]
            elif r > 0:
                samples[name].append(sample)
        if r > 0:
            print(f"  round {r}/{rounds}: {', '.join(order)}", file=sys.stderr, flush=True)
    page.unlink(missing_ok=True)
    return samples
