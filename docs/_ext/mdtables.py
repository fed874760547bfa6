"""Markdown tables for the manual: cells, code spans, and a JSON Schema as a table per
object. Nothing here knows accordctl; `fromcode` feeds it the code's facts."""

from __future__ import annotations

import json
from typing import Any


def code(text: object) -> str:
    """`text` as inline code, whatever backticks it holds."""
    s = str(text)
    if "`" not in s:
        return f"`{s}`"
    return f"`` {s} ``"


def cell(text: object) -> str:
    """Text that stays inside one cell of a Markdown table."""
    return " ".join(str(text).split()).replace("|", "\\|")


def table(header: list[str], rows: list[list[str]]) -> str:
    """A Markdown table."""
    lines = [" | ".join(header), " | ".join("---" for _ in header)]
    lines += [" | ".join(cell(c) or " " for c in row) for row in rows]
    return "\n".join(f"| {line} |" for line in lines) + "\n"


def _type(node: dict[str, Any], objects: list[tuple[str, dict[str, Any]]], path: str) -> str:
    """What a value of `node` is, in words; an object it holds inline is added to
    `objects` (under `path`) to get a table of its own."""
    if "$ref" in node:
        return f"*{node['$ref'].rsplit('/', 1)[-1]}*"
    if "const" in node:
        return code(json.dumps(node["const"]))
    if "enum" in node:
        return "one of " + ", ".join(code(json.dumps(v)) for v in node["enum"])
    for key in ("anyOf", "oneOf"):
        if key in node:
            return " or ".join(_type(n, objects, path) for n in node[key])
    kinds = node.get("type", [])
    kinds = [kinds] if isinstance(kinds, str) else list(kinds)
    words = []
    for kind in kinds:
        if kind == "array" and "items" in node:
            words.append("array of " + _type(node["items"], objects, path + "[]"))
        elif kind == "object" and "properties" in node:
            objects.append((path, node))
            words.append(f"*{path}* object")
        elif kind == "object" and isinstance(node.get("additionalProperties"), dict):
            item = {"type": "object", **node["additionalProperties"]}
            names = node.get("propertyNames", {}).get("pattern")
            key = f"a name matching {code(names)}" if names else "a name"
            words.append(f"object: {key} to " + _type(item, objects, path + " entry"))
        elif kind == "integer" and "minimum" in node:
            words.append(f"integer ≥ {node['minimum']}")
        else:
            words.append(kind)
    text = " or ".join(words) or "anything"
    if "pattern" in node:
        text += f" matching {code(node['pattern'])}"
    return text


def _object(node: dict[str, Any], objects: list[tuple[str, dict[str, Any]]]) -> str:
    required = set(node.get("required", []))
    rows = []
    for key, sub in node["properties"].items():
        about = sub.get("description", "")  # a named value's meaning is in the values table
        rows.append([code(key), "yes" if key in required else "", _type(sub, objects, key), about])
    return table(["key", "required", "value", "meaning"], rows)


def schema_sections(schema: dict[str, Any], level: int) -> str:
    """One table per object of a JSON Schema (the document, then the objects it holds,
    then its named objects), and a table of its named values."""
    hashes = "#" * level
    defs = schema.get("$defs", {})
    out = [schema.get("description", "") + "\n"]
    queue: list[tuple[str, dict[str, Any]]] = [("top level", schema)]
    queue += [(name, d) for name, d in defs.items() if "properties" in d]
    done = 0
    while done < len(queue):
        name, node = queue[done]
        done += 1
        found: list[tuple[str, dict[str, Any]]] = []
        body = _object(node, found)
        about = node.get("description", "") if done > 1 else ""  # the first: said above
        out.append(f"{hashes} {name}\n\n" + (f"{about}\n\n" if about else "") + body)
        queue[done:done] = found  # an inline object right after the one that holds it
    values = [
        [f"*{name}*", _type({k: v for k, v in d.items() if k != "$ref"}, [], name),
         d.get("description", "")]
        for name, d in defs.items() if "properties" not in d
    ]  # fmt: skip
    if values:
        out.append(f"{hashes} values\n\n" + table(["name", "value", "meaning"], values))
    return "\n".join(out)
