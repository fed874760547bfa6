"""Names: what a phrase may call an event or a commitment besides its id.

The data gives them (`names: [firma]` on `signing`), so that "6 meses después de la firma"
reads as the accord's Spanish would write it. A name is unique across every id and every
name of the file (compared folded, a leading article left out: "La Firma" is "firma"); a
clash is a finding at the name's line and column. Once the file is read, each phrase that
counts from a name counts from the id it names, so that nothing after the loader sees
names at all.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from accordctl.core.errors import Finding, Pos, finding
from accordctl.core.lexicon import NAME, name_key
from accordctl.core.model import Accord, Commitment, Deadline, Event
from accordctl.core.phrases import Rule, rebase, refs
from accordctl.core.text import quote

if TYPE_CHECKING:
    import yaml

    from accordctl.core.reader import Reader


def read_names(r: Reader, node: yaml.Node | None) -> list[tuple[str, Pos]]:
    """A `names:` list: each a name a phrase can write (words: see lexicon.NAME)."""
    out = []
    for n in r.sequence(node, "names"):
        value = r.scalar(n, "name", null=False)
        if value is None:
            continue
        if not NAME.fullmatch(" ".join(value.split())):
            hint = "words of letters and digits, with ' . - inside them"
            r.error(n, "ACC007", f"name {quote(value)} cannot be written in a phrase", hint)
            continue
        out.append((value, r.pos(n)))
    return out


def with_names(
    accord: Accord,
    names: list[tuple[Event | Commitment, str, Pos]],
    kept: set[int],
    findings: list[Finding],
) -> Accord:
    """The accord with its names (`Accord.names`), and every phrase that counts from a name
    counting from its id instead. `names` holds each name with its entry and position;
    entries not in `kept` (ids given twice) are left out; clashes are added to `findings`."""
    taken: dict[str, tuple[str, Pos]] = {}
    items: list[Event | Commitment] = [*accord.events, *accord.commitments]
    for item in items:
        taken.setdefault(name_key(item.id), (item.id, item.pos))
    table: dict[str, str] = {}
    for item, name, pos in names:
        if id(item) not in kept:
            continue
        key = name_key(name)
        owner = taken.setdefault(key, (item.id, pos))
        if owner[0] != item.id:
            msg = f"name {quote(name)} of {item.id} already names {owner[0]} (line {owner[1].line})"
            findings.append(finding(pos, "ACC008", msg, "an id or a name names one entry"))
        else:
            table[key] = item.id
    if not table:
        return accord
    ids = accord.ids

    def fix(rule: Rule | None) -> Rule | None:
        base = refs(rule)[0] if rule is not None and refs(rule) else None
        if rule is None or base is None or base in ids:
            return rule
        target = table.get(name_key(base))
        return rebase(rule, target) if target else rule

    def fix_deadline(d: Deadline) -> Deadline:
        extensions = tuple(replace(x, rule=fix(x.rule) or x.rule) for x in d.extensions)
        return replace(d, rule=fix(d.rule), extensions=extensions)

    events = tuple(replace(e, rule=fix(e.rule), starts=fix(e.starts)) for e in accord.events)
    commitments = tuple(
        replace(c, deadlines=tuple(map(fix_deadline, c.deadlines))) for c in accord.commitments
    )
    return replace(accord, events=events, commitments=commitments, names=table)
