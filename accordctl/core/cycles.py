"""Cycles among dependent deadlines: each one found and named, with every id in it, so that a
file with a loop says where it is instead of looping."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

from accordctl.core.errors import Finding, Pos, finding


class Node(Protocol):
    """What the cycle finder reads of a resolver node: its references and position."""

    @property
    def deps(self) -> Sequence[str]: ...

    @property
    def pos(self) -> Pos: ...


def cycles(
    nodes: Mapping[str, Node], ids: Mapping[str, tuple[str, ...]], indegree: dict[str, int]
) -> list[Finding]:
    """One finding per cycle among the nodes Kahn's algorithm could not reach: each
    strongly connected component (Tarjan's algorithm, iterative) holds at least one."""
    stuck = sorted(k for k, v in indegree.items() if v > 0)
    stuck_set = set(stuck)

    def succ(key: str) -> list[str]:
        out = [t for ref in nodes[key].deps for t in ids[ref]]
        return [t for t in out if t in stuck_set]

    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[list[str]] = []
    for root in stuck:
        if root in index:
            continue
        work = [(root, iter(succ(root)))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            key, it = work[-1]
            nxt = next(it, None)
            if nxt is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[key])
                if low[key] == index[key]:
                    comp = []
                    while True:
                        k = stack.pop()
                        on_stack.discard(k)
                        comp.append(k)
                        if k == key:
                            break
                    components.append(comp)
            elif nxt not in index:
                index[nxt] = low[nxt] = len(index)
                stack.append(nxt)
                on_stack.add(nxt)
                work.append((nxt, iter(succ(nxt))))
            elif nxt in on_stack:
                low[key] = min(low[key], index[nxt])
    out: list[Finding] = []
    for comp in components:
        members = set(comp)
        first = min(comp)
        if len(comp) == 1 and first not in succ(first):
            continue  # waits on a cycle without being in one
        path: list[str] = []
        seen: dict[str, int] = {}
        key = first
        while key not in seen:
            seen[key] = len(path)
            path.append(key)
            key = next(t for t in succ(key) if t in members)
        cycle = path[seen[key] :]
        loop = " -> ".join([*cycle, cycle[0]])
        hint = "a deadline cannot count from itself, directly or through others"
        out.append(finding(nodes[cycle[0]].pos, "ACC005", f"cycle of {len(cycle)}: {loop}", hint))
    return sorted(out, key=lambda f: (f.pos.line, f.pos.col))
