"""Write a synthetic, valid commitments file to stdout, for benchmarks.

    python benchmarks/generate.py --count 100000 --depth 1000 > big.yaml

The file has the shipped file's format (see README, "The data"): `schema_version: 1`, one
branch `synthetic` owning 1..N, the events `signing` (August 21, 2008), `session-2008`
(December 15, 2008) and `programme-end` (3 years after signing), and N commitments `c1` ..
`cN` numbered 1..N.

Commitments come in chains of `--depth` entries. The first entry of a chain (k with
(k - 1) % depth == 0) counts from signing or from a fixed date: a bare duration in days,
weeks, months or years, "in September 2009", "December 31, 2009", "by session-2008", or
two scoped durations. Every other entry counts from the one before it ("1 month after
c{k-1}", and now and then days, weeks or a year). The last entry of some chains is
`permanent` or has no deadline, which nothing depends on. Long chains run past the
programme end, so `accordctl check` gives ACC010 warnings on them, but no errors.

The output depends only on the arguments (`--seed` picks a rotation of the phrase mix), and
lines are written directly rather than through a YAML dumper, so 100,000 entries take about
a second.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Iterator
from typing import TextIO

HEADER = """\
# Synthetic commitments file written by benchmarks/generate.py (count={count}, depth={depth},
# seed={seed}). Same format as data/commitments.yaml; see the README, "The data".
schema_version: 1
title: Synthetic agreement ({count} commitments, chains up to {depth} deep)
source: benchmarks/generate.py

branches:
  synthetic: {{title: Synthetic, first: 1, last: {count}}}

events:
  - id: signing
    title: Signing of the synthetic agreement
    when: August 21, 2008
    source: synthetic
  - id: session-2008
    title: End of the September-December 2008 ordinary session
    starts: September 1, 2008
    when: December 15, 2008
    source: synthetic
  - id: programme-end
    title: End of the three-year programme
    when: 3 years after signing
    source: synthetic

commitments:
"""

# Deadlines of a chain's first entry: (source as written, deadline in the grammar).
ROOTS: tuple[tuple[str, str], ...] = (
    ("6 months", "6 months"),
    ("90 days", "90 days"),
    ("12 weeks", "12 weeks"),
    ("1 year", "1 year"),
    ("in September 2009", "in September 2009"),
    ('"December 31, 2009"', '"December 31, 2009"'),
    ("Sept - December 2008 legislative session", "by session-2008"),
    ("eighteen months", "18 months"),
    ("2 years", "2 years"),
    ("4 months", "4 months"),
)
# Every this many chains, the first entry has two scoped deadlines instead.
SCOPED_EVERY = 11
# Offsets of the later entries of a chain, from the entry before ("{} after c{k-1}").
LINKS: tuple[str, ...] = (
    "1 month",
    "1 month",
    "1 month",
    "1 month",
    "2 weeks",
    "1 month",
    "1 month",
    "10 days",
    "1 month",
    "1 year",
)
# Last entries of a chain with these (chain index % 7) are permanent or open.
PERMANENT_TAIL, OPEN_TAIL = 3, 5


def deadline_lines(k: int, count: int, depth: int, shift: int) -> Iterator[str]:
    """The `deadlines:` lines of commitment k (none for an open commitment)."""
    chain, position = divmod(k - 1, depth)
    is_tail = position == depth - 1 or k == count
    tail_kind = (chain + shift) % 7
    if is_tail and tail_kind == PERMANENT_TAIL:
        yield "    deadlines:\n      - {source: Permanent, deadline: permanent}\n"
        return
    if is_tail and tail_kind == OPEN_TAIL:
        return
    if position == 0:
        if (chain + shift) % SCOPED_EVERY == SCOPED_EVERY - 1:
            yield (
                "    deadlines:\n"
                "      - {scope: general, source: 2 years, deadline: 2 years}\n"
                '      - {scope: pilot, source: "1 year for the pilot", deadline: 1 year}\n'
            )
            return
        source, phrase = ROOTS[(chain + shift) % len(ROOTS)]
        yield f"    deadlines:\n      - {{source: {source}, deadline: {phrase}}}\n"
        return
    link = LINKS[(k + shift) % len(LINKS)]
    phrase = f"{link} after c{k - 1}"
    yield f"    deadlines:\n      - {{source: {phrase}, deadline: {phrase}}}\n"


def write(out: TextIO, count: int, depth: int, seed: int) -> None:
    """Write the whole file to `out`."""
    shift = random.Random(seed).randrange(1_000_000)
    out.write(HEADER.format(count=count, depth=depth, seed=seed))
    chunk: list[str] = []
    for k in range(1, count + 1):
        chunk.append(
            f"  - id: c{k}\n    number: {k}\n    branch: synthetic\n"
            f"    title: Synthetic commitment {k} (chain {(k - 1) // depth + 1}).\n"
        )
        if k % 10 == 0:
            chunk.append(f"    text: Elaboration of synthetic commitment {k}.\n")
        chunk.extend(deadline_lines(k, count, depth, shift))
        if len(chunk) >= 4096:
            out.write("".join(chunk))
            chunk.clear()
    out.write("".join(chunk))


def positive(text: str) -> int:
    """An argparse type: a whole number of at least 1."""
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a number of at least 1, not {value}")
    return value


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments and write the file to stdout."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=positive, required=True, help="number of commitments")
    parser.add_argument("--depth", type=positive, required=True, help="longest chain")
    parser.add_argument("--seed", type=int, default=0, help="rotation of the phrase mix")
    args = parser.parse_args(argv)
    write(sys.stdout, args.count, args.depth, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
