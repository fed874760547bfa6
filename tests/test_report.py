"""`report`: the status page as data (report.py), as HTML (page.py) and as a command.

The browser tests (test_browser.py) open the page; these read it as text and as data."""

from __future__ import annotations

import base64
import collections
import html
import itertools
import re
import subprocess
import sys
import urllib.parse
from collections.abc import Callable
from datetime import date
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from accordctl import load, load_text, resolve
from accordctl.core.model import Accord, Resolution
from accordctl.core.progress import STATES, state, status
from accordctl.outputs.bins import BIN_MIN, bounds, period_of, unit, words
from accordctl.outputs.chart import (
    CHAR,
    LETTER_GAP,
    LETTER_ROW,
    MAX_MARKS,
    NARROW,
    PITCH,
    WIDE,
    Chart,
    chart,
)  # fmt: skip
from accordctl.outputs.page import BLOCK, clean, dates, ident, sha256_source, utf8
from accordctl.outputs.report import EXPLAIN_ROWS, RANKED, Report, build_report, id_width
from tests.conftest import DATA, HEADER, Result, entry, plan_text

Cli = Callable[..., Result]
ROOT = Path(__file__).resolve().parent.parent
AS_OF = date(2009, 3, 1)


Shipped = tuple[Accord, Resolution, Report]


@pytest.fixture(scope="module")
def shipped() -> Shipped:
    """The shipped data, resolved as the record stood on 2009-03-01, and its report then."""
    accord = load(DATA)
    res = resolve(accord, as_of=AS_OF)
    return accord, res, build_report(accord, res, res.rows, AS_OF)


class Tags(HTMLParser):
    """Every start tag with its attributes, and the text inside <script> and <style>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.inline: dict[str, list[str]] = {"script": [], "style": []}
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in = tag if tag in self.inline else None

    def handle_endtag(self, tag: str) -> None:
        self._in = None

    def handle_data(self, data: str) -> None:
        if self._in:
            self.inline[self._in].append(data)


def tags(html: str) -> Tags:
    parser = Tags()
    parser.feed(html)
    parser.close()
    return parser


# -- the data --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("row_id", "events", "expected"),
    [
        ("39", {}, "overdue"),  # 2008-09-20, long before the as-of date
        ("27", {}, "overdue"),
        ("46a", {}, "upcoming"),  # 2009-08-21
        ("49", {}, "undated"),  # waits on general-law
        ("40", {}, "undated"),  # permanent
        ("53", {}, "undated"),  # open
        ("26", {"26": date(2008, 12, 1)}, "late"),  # a recorded completion, after 2008-11-21
        ("26", {"26": date(2008, 11, 1)}, "kept"),
        ("27", {"26": date(2009, 2, 26)}, "upcoming"),  # 27 moves to 2009-04-26
    ],
)
def test_state_of_a_row(row_id: str, events: dict[str, date], expected: str) -> None:
    res = resolve(load_text(plan_text(), "plan.yaml"), events, as_of=AS_OF)
    row = next(r for r in res.rows if r.row_id == row_id)
    assert state(row, AS_OF) == expected


def test_without_an_as_of_date_nothing_is_overdue() -> None:
    res = resolve(load_text(plan_text(), "plan.yaml"))
    assert {state(r, None) for r in res.rows} == {"upcoming", "undated"}


def test_counts_are_those_of_status(shipped: Shipped) -> None:
    accord, res, rep = shipped
    stats = status(accord, res.rows, AS_OF)
    c = rep.counts
    assert c.total == len(res.rows) == sum(n for _, n in c.by_state)
    for name in STATES:
        assert c.of(name) == sum(b.count(name) for b in stats), name
    # as the record stood on 2009-03-01: 2, 10, 16, 33 and 70 kept, 26 kept late (2009-02-26)
    assert dict(c.by_state) == {"overdue": 42, "upcoming": 34, "late": 1, "kept": 5, "undated": 10}
    assert c.soon == 0
    assert [b.status for b in rep.bars] == stats
    states = [r.state for r in rep.rows]
    assert all(c.of(name) == states.count(name) for name in STATES)


def test_due_in_the_next_30_days(cli: Cli) -> None:
    accord = load(DATA)
    res = resolve(accord)
    rep = build_report(accord, res, res.rows, date(2009, 8, 1))
    listed = cli("due", "--within", "30d", "--as-of", "2009-08-01", "--format", "json").json()
    assert rep.counts.soon == len(listed["rows"]) > 0


def test_rows_are_in_due_order_with_every_column_a_total_order(shipped: Shipped) -> None:
    _, res, rep = shipped
    assert len(rep.rows) == len(res.rows)
    dues = [r.due for r in rep.rows if r.due]
    assert dues == sorted(dues) and rep.rows[-1].due is None
    for i, column in enumerate(RANKED):
        ranks = sorted(r.ranks[i][1] for r in rep.rows)
        assert ranks == list(range(len(rep.rows))), column


def test_each_row_carries_its_explanation(shipped: Shipped) -> None:
    _, _, rep = shipped
    by_id = {r.row_id: r for r in rep.rows}
    assert [s.id for s in by_id["27"].chain] == ["27", "26", "signing"]
    assert [s.id for s in by_id["49"].chain] == ["49", "general-law"]
    assert by_id["27"].days_left == (date(2009, 4, 26) - AS_OF).days  # 26 done 2009-02-26
    assert by_id["49"].due == date(2009, 6, 9) and by_id["49"].chain[1].facts[0].id == (
        "lgsnsp-senate-vote"
    )  # the law's approval is dated by the record
    assert (by_id["26"].state, by_id["26"].completed, by_id["26"].days_late) == (
        "late",
        date(2009, 2, 26),
        97,
    )


@pytest.mark.parametrize("width", [WIDE, NARROW])
def test_chart_geometry(shipped: Shipped, width: int) -> None:
    accord, res, _ = shipped
    g = chart(accord, res, res.rows, AS_OF, width)
    dated = [r for r in res.rows if r.due]
    assert sorted(m.row_id for m in g.marks) == sorted(r.row_id for r in dated)
    assert all(g.left <= m.x <= g.right for m in g.marks)
    # no mark hides another: two on one line of a lane stand a mark apart
    spots = sorted((m.y, m.x) for m in g.marks)
    for (y1, x1), (y2, x2) in itertools.pairwise(spots):
        assert y1 != y2 or x2 - x1 >= PITCH - 0.2
    # lanes follow one another, each holding its marks
    for a, b in itertools.pairwise(g.lanes):
        assert b.y == pytest.approx(a.y + a.height)
    lane_of = {r.row_id: r.commitment.branch for r in res.rows}
    for m in g.marks:
        lane = next(x for x in g.lanes if x.branch == lane_of[m.row_id])
        assert lane.label_y < m.y < lane.y + lane.height
    # the as-of line stands between the marks before it and those after
    assert g.as_of is not None and g.as_of.label == "as of 2009-03-01"
    for m in g.marks:
        due = next(r.due for r in dated if r.row_id == m.row_id)
        assert (m.x <= g.as_of.x) == (due <= AS_OF) or m.x == g.as_of.x
    letters = [e.letter for e in g.events]
    assert letters[0] == "S" and "R" in letters and letters[-1] == "X"
    assert all(item.text_x < g.right for item in g.legend)
    assert (
        "Executive Branch Commitments: 17 overdue, 13 not yet due, 1 kept late, 3 kept on time,"
        " 1 undated." in g.desc
    )
    assert [x.title for x in g.lanes][:2] == [
        "Executive Branch Commitments", "Legislative Branch Commitments",
    ]  # fmt: skip
    assert g.bins == () and g.period is None  # 82 marks: one each
    _letters_apart(g, [e for e in res.events if e.date is not None])
    # a lane's name and its note stand inside the chart, on one line or two
    for lane in g.lanes:
        one_line = lane.note_y == lane.label_y
        chars = len(lane.title) * 1.1 + (3 + len(lane.note) if one_line else 0)
        assert g.left + chars * CHAR <= g.right and lane.note_y < lane.y + lane.height


def _letters_apart(g: Chart, events: list[Any]) -> None:
    """No two event letters overlap, and every event is named by one of them."""
    for a, b in itertools.combinations(g.events, 2):
        assert abs(a.y - b.y) >= LETTER_ROW or abs(a.x - b.x) >= LETTER_GAP, (a, b)
    assert all(g.left <= e.x <= g.right for e in g.events)
    named = "; ".join(e.label for e in g.events)
    assert all(f"{e.date} {e.event.title}" in named for e in events)


def _crowded(count: int, days: int) -> str:
    """A header with `count` events `days` apart from the signing on (and two on each
    of the first days), for the letters' packing."""
    events = [
        f"  - {{id: e{i}, title: E{i}, when: {i * days} days after signing}}" for i in range(count)
    ]
    events += [f"  - {{id: f{i}, title: F{i}, when: {i} days after signing}}" for i in range(5)]
    return HEADER.replace("commitments:\n", "\n".join(events) + "\ncommitments:\n")


@pytest.mark.parametrize("width", [WIDE, NARROW])
@pytest.mark.parametrize(("count", "days"), [(60, 1), (40, 3), (30, 12), (12, 30)])
def test_event_letters_never_overlap(
    datafile: Callable[..., Path], width: int, count: int, days: int
) -> None:
    path = datafile(entry("1", 1, "6 months") + entry("2", 2, "3 years"), _crowded(count, days))
    accord = load(path)
    res = resolve(accord)
    g = chart(accord, res, res.rows, AS_OF, width)
    dated = [e for e in res.events if e.date is not None]
    assert len(dated) == count + 6  # the signing too
    _letters_apart(g, dated)
    assert max(e.y for e in g.events) < g.axis_y - 11  # above the year labels


def test_chart_of_a_file_without_dates(datafile: Callable[..., Path]) -> None:
    path = datafile(entry("1", 1, None) + entry("2", 2, "permanent"))
    accord = load(path)
    res = resolve(accord)
    g = chart(accord, res, res.rows, None)
    assert (
        g.marks == ()
        and g.as_of is None
        and [x.note for x in g.lanes] == ["2 deadlines, 2 with no date"]
    )


def test_chart_of_eight_thousand_years(datafile: Callable[..., Path]) -> None:
    path = datafile(entry("1", 1, "December 31, 9999") + entry("2", 2, "6 months"))
    accord = load(path)
    res = resolve(accord)
    for width in (WIDE, NARROW):
        g = chart(accord, res, res.rows, date(2009, 3, 1), width)
        assert len(g.marks) == 2 and g.as_of is not None
        assert 3 < len(g.years) <= width / 36 and len(g.lines) <= width / 36 and g.months == ()


def synthetic(count: int, depth: int = 50) -> str:
    """A file of `count` commitments from benchmarks/generate.py."""
    script = ROOT / "benchmarks" / "generate.py"
    argv = [sys.executable, str(script), "--count", str(count), "--depth", str(depth)]
    return subprocess.run(argv, capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Past both bounds: more rows than the page explains, more marks than the chart draws."""
    path = tmp_path_factory.mktemp("large") / "large.yaml"
    path.write_text(synthetic(max(EXPLAIN_ROWS, MAX_MARKS) + 500), encoding="utf-8")
    return path


def _columns_hold_every_row(g: Chart, rows: list[Any], as_of: date) -> None:
    """Each dated row is counted in one part of one column (its lane, state and period);
    the parts of a column stack without overlapping, inside their lane, and the columns
    of a lane stand side by side."""
    assert g.marks == () and g.period is not None and g.bins
    length = len(g.bins[0].period)
    expected = collections.Counter(
        (r.commitment.branch, state(r, as_of), period_of(r.due, length)) for r in rows if r.due
    )
    assert collections.Counter({(b.branch, b.state, b.period): b.count for b in g.bins}) == (
        expected
    )
    lanes = {x.branch: x for x in g.lanes}
    columns: dict[tuple[str, str], list[Any]] = collections.defaultdict(list)
    for b in g.bins:
        lane = lanes[b.branch]
        assert lane.note_y < b.y and b.y + b.height <= lane.y + lane.height
        assert g.left <= b.x and b.x + b.width <= g.right and b.width >= 1
        columns[b.branch, b.period].append(b)
    for parts in columns.values():
        parts.sort(key=lambda b: b.y)
        for a, b in itertools.pairwise(parts):
            assert a.y + a.height <= b.y + 0.11 and a.x == b.x
    for branch in lanes:
        xs = sorted(
            (p[0].x, p[0].x + p[0].width) for (lane, _), p in columns.items() if lane == branch
        )
        for (_, end), (start, _) in itertools.pairwise(xs):
            assert end < start


def test_past_max_marks_the_chart_draws_columns(large: Path) -> None:
    accord = load(large)
    res = resolve(accord, as_of=AS_OF)
    periods = []
    for width in (WIDE, NARROW):
        g = chart(accord, res, res.rows, AS_OF, width)
        _columns_hold_every_row(g, list(res.rows), AS_OF)
        periods.append(g.period)
        assert f"one column per {g.period}" in g.desc
        assert {i.key for i in g.legend} >= {"bin:overdue", "bin:upcoming"}
    order = ["month", "year", "decade", "century", "millennium"]
    assert order.index(periods[0]) <= order.index(periods[1])  # narrow: the same or longer


def test_a_crowded_day_is_drawn_as_columns(datafile: Callable[..., Path]) -> None:
    header = HEADER.replace("last: 5}", "last: 60}").replace(
        "first: 6, last: 9", "first: 61, last: 69"
    )
    body = "".join(entry(str(i), i, "6 months") for i in range(1, 41))
    accord = load(datafile(body, header))
    res = resolve(accord)
    g = chart(accord, res, res.rows, AS_OF)
    _columns_hold_every_row(g, list(res.rows), AS_OF)  # 40 marks would need 40 levels
    assert [(b.period, b.count, b.state) for b in g.bins] == [("2009-02", 40, "overdue")]
    assert g.bins[0].label == "One: 40 overdue, due in February 2009"


@pytest.mark.parametrize(
    ("period", "first", "after", "said"),
    [
        ("2009-03", date(2009, 3, 1), date(2009, 4, 1), "March 2009"),
        ("2009-12", date(2009, 12, 1), date(2010, 1, 1), "December 2009"),
        ("2009", date(2009, 1, 1), date(2010, 1, 1), "2009"),
        ("200", date(2000, 1, 1), date(2010, 1, 1), "the 2000s"),
        ("20", date(2000, 1, 1), date(2100, 1, 1), "2000-2099"),
        ("1", date(1000, 1, 1), date(2000, 1, 1), "1000-1999"),
        ("0", date(1, 1, 1), date(1000, 1, 1), "1-999"),
        ("9999-12", date(9999, 12, 1), date.max, "December 9999"),
        ("999", date(9990, 1, 1), date.max, "the 9990s"),
    ],
)
def test_periods_of_columns(period: str, first: date, after: date, said: str) -> None:
    assert bounds(period) == (first, after) and words(period) == said
    assert period_of(first, len(period)) == period


@pytest.mark.parametrize(
    ("span_days", "width", "length"),
    [(1096, 944, 7), (1096, 344, 7), (3000, 344, 4), (36500, 944, 4), (36500, 344, 3),
     (3_000_000, 344, 1)],
)  # fmt: skip
def test_the_shortest_period_wide_enough(span_days: int, width: int, length: int) -> None:
    assert unit(span_days, width) == length
    days = {7: 30.44, 4: 365.25, 3: 3652.5, 2: 36525.0, 1: 365250.0}[length]
    assert width * days / span_days >= BIN_MIN or length == 1


@pytest.mark.parametrize(
    ("ids", "width"),
    [(["1", "27", "46b"], 4), (["c12345"], 8), (["c12345/general"], 8),
     (["1e/federal-prosecutors", "54d/other-municipalities"], 12),
     (["x/" + "a" * 30], 16), (["session-2008"], 14)],
)  # fmt: skip
def test_the_id_column_holds_the_longest_word(ids: list[str], width: int) -> None:
    assert id_width(ids) == width


def test_ids_wrap_only_between_their_words_and_dates_never() -> None:
    assert str(ident("1e/federal-prosecutors")) == (
        '1e/<wbr><span class="scope">federal-prosecutors</span>'
    )
    assert str(ident("<b>/\x07")) == '&lt;b&gt;/<wbr><span class="scope">\\x07</span>'
    assert str(dates("done 2009-05-29, then 2010-02 <i>")) == (
        'done <span class="nw">2009-05-29</span>, then <span class="nw">2010-02</span> &lt;i&gt;'
    )


# -- the page --------------------------------------------------------------------------


def test_page_is_byte_stable(cli: Cli) -> None:
    first = cli("report", "--as-of", "2009-03-01").out
    assert first == cli("report", "--as-of", "2009-03-01", "-o", "-").out
    assert first.startswith("<!DOCTYPE html>") and first.endswith("</html>\n")


def test_a_page_in_a_file_is_the_page_on_stdout(cli: Cli, large: Path, tmp_path: Path) -> None:
    # written in parts to stdout, encoded a block at a time into the file's bytes
    page = tmp_path / "accord.html"
    opts = ["report", "--as-of", "2009-03-01", "--file", str(large)]
    assert cli(*opts, "-o", str(page)).code == 0
    out = cli(*opts).out
    assert page.read_bytes() == out.encode("utf-8") and len(out) > 4 * BLOCK


@pytest.mark.parametrize(
    "parts",
    [
        [],
        [""],
        ["é" * (BLOCK + 1)],
        ["a"] * (BLOCK - 1) + ["▲", "€" * 3, "😀"],
        ["x" * BLOCK, "😀", "y" * BLOCK, ""],
    ],
)
def test_parts_encoded_in_blocks_are_the_text_encoded(parts: list[str]) -> None:
    assert utf8(iter(parts)) == "".join(parts).encode("utf-8")


def test_order_of_the_file_does_not_matter(cli: Cli, tmp_path: Path) -> None:
    text = DATA.read_text(encoding="utf-8")
    head, _, rest = text.partition("\ncommitments:\n")
    body, _, record = rest.partition("\nrecord:\n")
    entries = re.split(r"\n(?=  - id:)", body.strip("\n"))
    facts = re.split(r"\n(?=  - id:)", record.strip("\n"))
    shuffled = tmp_path / "commitments.yaml"
    text = head + "\ncommitments:\n" + "\n".join(reversed(entries)) + "\n"
    shuffled.write_text(text + "record:\n" + "\n".join(reversed(facts)) + "\n")
    a = cli("report", "--as-of", "2009-03-01")
    b = cli("report", "--as-of", "2009-03-01", "--file", str(shuffled))
    assert a.code == b.code == 0 and a.out == b.out


def test_page_calls_out_to_nothing_and_allows_only_its_own_script(cli: Cli) -> None:
    html = cli("report", "--as-of", "2009-03-01").out
    t = tags(html)
    urls = [
        v
        for tag, attrs in t.tags
        for k, v in attrs.items()
        if k in ("src", "href", "action", "poster", "srcset", "data")
        and v
        and not (tag == "a" and k == "href" and v.startswith(("https://", "http://")))
    ]
    assert urls and all(u.startswith(("#", "data:")) for u in urls)
    assert not re.search(r"url\(|@import", html)
    # the sources of the record are links to follow, never loaded: only <a href> names them
    away = [a for tag, a in t.tags if tag == "a" and a.get("href", "").startswith("http")]
    assert away and all(a.get("rel") == "noreferrer" for a in away)
    assert not [a for tag, a in t.tags if tag in ("link", "img", "iframe", "object", "embed")]
    (script,) = t.inline["script"]
    (style,) = t.inline["style"]
    csp = next(
        a["content"] for tag, a in t.tags if a.get("http-equiv") == "Content-Security-Policy"
    )
    assert csp is not None and "default-src 'none'" in csp
    assert (
        f"script-src '{sha256_source(script)}'" in csp
        and f"style-src '{sha256_source(style)}'" in csp
    )
    assert not any("style" in a for _, a in t.tags)  # the policy forbids style attributes


def test_every_row_and_its_explanation_is_in_the_html(cli: Cli) -> None:
    html = cli("report", "--as-of", "2009-03-01").out
    t = tags(html)
    rows = [a for tag, a in t.tags if tag == "tr" and a.get("id", "").startswith("row-")]
    assert len(rows) == 92 and len({a["id"] for a in rows}) == 92
    assert sum(1 for tag, _ in t.tags if tag == "details") == 92
    assert all(a.get("data-state") in STATES for a in rows)
    assert "27 ← 26 ← signing: 2009-04-26" in html
    assert 'Cable para. 3: "President Calderon hosted' in html.replace("&#34;", '"')
    headers = [a.get("scope") for tag, a in t.tags if tag == "th"]
    assert headers.count("col") >= 7 and headers.count("row") >= 92
    charts = [a for tag, a in t.tags if tag == "svg" and "chart" in (a.get("class") or "")]
    # groups, not images: their marks are links a screen reader must reach
    assert [a.get("role") for a in charts] == ["group", "group"]
    assert all(a.get("aria-labelledby") for a in charts)


def _rows(html: str) -> list[dict[str, str | None]]:
    return [a for tag, a in tags(html).tags if tag == "tr" and a.get("id", "").startswith("row-")]


def _view(href: str) -> dict[str, str]:
    """The view a link names: #branch=state&state=overdue -> {branch: state, ...}."""
    assert href.startswith("#")
    return {} if href == "#all" else dict(urllib.parse.parse_qsl(href[1:]))


def _matches(row: dict[str, str | None], view: dict[str, str]) -> bool:
    due = view.get("due", "")
    return (
        view.get("branch", row["data-branch"]) == row["data-branch"]
        and view.get("state", row["data-state"]) == row["data-state"]
        and ("data-soon" in row if due == "soon" else (row["data-due"] or "").startswith(due))
    )


class Links(HTMLParser):
    """Every link (href, its attributes, its text)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[dict[str, str | None], str]] = []
        self._open: list[tuple[dict[str, str | None], list[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._open.append((dict(attrs), []))

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._open:
            attrs, text = self._open.pop()
            self.links.append((attrs, "".join(text).strip()))

    def handle_data(self, data: str) -> None:
        for _, text in self._open:
            text.append(data)


def _links(html: str) -> list[tuple[dict[str, str | None], str]]:
    parser = Links()
    parser.feed(html)
    return parser.links


def test_counts_and_bars_are_links_to_their_rows(cli: Cli) -> None:
    html = cli("report", "--as-of", "2009-08-01").out
    rows = _rows(html)
    views = [(a, text) for a, text in _links(html) if "filter" in (a.get("class") or "")]
    assert len(views) > 50
    for a, text in views:
        view = _view(a["href"] or "")
        assert set(view) <= {"branch", "state", "due"}, a
        shown = sum(1 for r in rows if _matches(r, view))
        number = re.match(r"[\d,]+", text)
        if number:  # a count says how many rows its link shows
            assert int(number.group().replace(",", "")) == shown, (a, text)
        else:  # a branch's name, or a part of its bar
            assert shown > 0, a
    hrefs = {a["href"] for a, _ in views}
    assert {"#state=overdue", "#due=soon", "#all", "#branch=state&state=overdue"} <= hrefs
    branch_names = [text for a, text in views if (a["href"] or "").count("=") == 1
                    and "branch=" in (a["href"] or "")]  # fmt: skip
    assert branch_names[:2] == ["Executive Branch Commitments", "Legislative Branch Commitments"]


def test_branches_by_their_titles_ids_where_a_key_is_needed(cli: Cli) -> None:
    html = cli("report", "--as-of", "2009-03-01").out
    assert '<option value="civil-society">Civil Society Commitments</option>' in html
    assert '<span class="s full">State Government Commitments</span>' in html
    assert "(Judicial Branch Commitments)" in html  # a step of a row's explanation
    assert {r["data-branch"] for r in _rows(html)} == {
        "executive", "legislative", "judicial", "state", "municipal", "private", "religious",
        "civil-society", "media",
    }  # fmt: skip


def test_chart_marks_link_to_their_rows(cli: Cli, tmp_path: Path) -> None:
    html = cli("report", "--as-of", "2009-03-01").out
    ids = {r["id"] for r in _rows(html)}
    marks = [(a, t) for a, t in _links(html) if (a.get("href") or "").startswith("#row-")]
    named = [a for a, _ in marks if a.get("aria-label")]
    assert len(named) == 2 * 82  # every dated row, in the wide and the narrow chart
    for a in named:
        target = urllib.parse.unquote((a["href"] or "")[1:])
        assert target in ids and (a["aria-label"] or "").startswith(target[4:] + " (")
    # the chart on its own (`timeline --format svg`) is a picture: no links to a page
    svg = tmp_path / "t.svg"
    assert cli("timeline", "--as-of", "2009-03-01", "--format", "svg", "-o", str(svg)).code == 0
    text = svg.read_text(encoding="utf-8")
    assert "<a " not in text and 'role="img"' in text


def test_a_large_page_is_a_summary(cli: Cli, large: Path, tmp_path: Path) -> None:
    r = cli("report", "--as-of", "2009-03-01", "--file", str(large))
    assert r.code == 0, r.err
    html, rows = r.out, _rows(r.out)
    assert len(rows) == len(resolve(load(large)).rows) > EXPLAIN_ROWS
    assert "<details" not in html and "too many to explain each one here" in html
    assert "data:application" not in html and "accordctl report --assets -o FILE" in html
    assert "<code>accordctl due --format json --as-of 2009-03-01</code>" in html
    assert 'href="#row-' not in html.partition('id="timeline"')[2].partition("</figure>")[0]
    # each part of the chart's columns links to the rows it counts
    parts = [a for a, _ in _links(html) if "due in" in (a.get("aria-label") or "")]
    assert len(parts) > 20
    for a in parts:
        number = int(re.search(r": ([\d,]+) ", a["aria-label"] or "").group(1).replace(",", ""))
        assert sum(1 for r in rows if _matches(r, _view(a["href"] or ""))) == number, a
    # the page grows with the rows, as the JSON does
    json_size = len(cli("due", "--as-of", "2009-03-01", "--file", str(large), "--format",
                        "json").out)  # fmt: skip
    assert len(html) < 1.2 * json_size and len(html) / len(rows) < 700
    # with --assets the data is beside the page, linked
    page = tmp_path / "big.html"
    assert cli("report", "--file", str(large), "-o", str(page), "--assets").code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "big.csv",
        "big.html",
        "big.ics",
        "big.json",
    ]
    links = {a["href"] for a, _ in _links(page.read_text(encoding="utf-8")) if "download" in a}
    assert links == {"big.json", "big.csv", "big.ics"}


def _downloads(html: str) -> dict[str, bytes]:
    out = {}
    for tag, a in tags(html).tags:
        href = a.get("href") or ""
        if tag == "a" and href.startswith("data:"):
            out[a["download"] or ""] = base64.b64decode(href.partition("base64,")[2])
    return out


def test_downloads_are_the_bytes_of_due_and_ics(cli: Cli) -> None:
    opts = ["--as-of", "2009-03-01", "--branch", "state", "--event", "general-law=2009-01-02"]
    files = _downloads(cli("report", *opts).out)
    assert set(files) == {"accord.json", "accord.csv", "accord.ics"}
    assert files["accord.json"] == cli("due", *opts, "--format", "json").out.encode()
    assert files["accord.csv"] == cli("due", *opts, "--format", "csv").out.encode()
    ics = cli("ics", *opts).out
    assert files["accord.ics"] == ics.encode()


@pytest.mark.parametrize(
    "opts",
    [
        ["--as-of", "2009-03-01", "--branch", "state", "--event", "general-law=2009-01-02"],
        ["27", "46a", "--search", "police", "--as-of", "2008-12-01"],
        [],
    ],
)
def test_the_page_names_the_commands_that_write_its_downloads(cli: Cli, opts: list[str]) -> None:
    """Each download says which command writes the same bytes: run as shown, it does."""
    import shlex

    page = cli("report", *opts).out
    files = _downloads(page)
    shown = re.findall(r"<code>(accordctl (?:due|ics)[^<]*)</code>", page)
    assert len(shown) == 3
    for line in shown:
        words = shlex.split(html.unescape(line))[1:]
        name = "accord.ics" if words[0] == "ics" else f"accord.{words[2]}"
        assert cli(*words).out.encode() == files[name], line


def test_assets_are_written_beside_the_page(cli: Cli, tmp_path: Path) -> None:
    page = tmp_path / "status.html"
    r = cli("report", "--as-of", "2009-03-01", "-o", str(page), "--assets")
    assert (r.code, r.out, r.err) == (0, "", "")
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "status.csv", "status.html", "status.ics", "status.json",
    ]  # fmt: skip
    html = page.read_text(encoding="utf-8")
    assert _downloads(html) == {}
    links = {a["href"] for tag, a in tags(html).tags if tag == "a" and "download" in a}
    assert links == {"status.json", "status.csv", "status.ics"}
    json_text = cli("due", "--as-of", "2009-03-01", "--format", "json").out
    assert (tmp_path / "status.json").read_text(encoding="utf-8") == json_text


HOSTILE = "<script>alert(1)</script> \"><img src=x onerror=alert(2)> &amp; 'x'"


def test_a_hostile_title_is_text(cli: Cli, datafile: Callable[..., Path]) -> None:
    title = HOSTILE.replace("'", "''")
    header = HEADER.replace(
        "  - {id: later", f"  - {{id: ev, title: '{title}', when: null}}\n  - {{id: later"
    )
    body = entry("1", 1, "6 months").replace("title: T1", f"title: '{title}'")
    body += f"  heading: '{title}'\n"
    path = datafile(body, header.replace("one: {title: One", f"one: {{title: '{title}'"))
    r = cli("report", "--as-of", "2009-03-01", "--file", str(path))
    assert r.code == 0, r.err
    t = tags(r.out)
    assert [tag for tag, _ in t.tags].count("script") == 1 and "img" not in [x for x, _ in t.tags]
    assert not any(k.startswith("on") for _, a in t.tags for k in a)
    assert (
        "&lt;script&gt;alert(1)&lt;/script&gt; &#34;&gt;&lt;img src=x onerror=alert(2)&gt;" in r.out
    )
    assert "&amp;amp; &#39;x&#39;" in r.out
    svg = cli(
        "timeline", "--file", str(path), "--format", "svg", "-o", str(path.with_suffix(".svg"))
    )
    assert svg.code == 0 and "<img" not in path.with_suffix(".svg").read_text(encoding="utf-8")


def test_control_characters_never_reach_the_page(cli: Cli, datafile: Callable[..., Path]) -> None:
    body = entry("1", 1, "6 months").replace(
        "title: T1", 'title: "bell\\a escape\\e[31m del\\x7f next\\N nul\\0 cr\\r tab\\t end"'
    )
    r = cli("report", "--as-of", "2009-03-01", "--file", str(datafile(body)))
    assert r.code == 0, r.err
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u202e]", r.out)
    assert "bell\\x07 escape\\x1b[31m del\\x7f next\\x85 nul\\x00 cr\\x0d tab\t end" in r.out


@pytest.mark.parametrize(
    ("text", "shown"),
    [("a\x07b", "a\\x07b"), ("\x00", "\\x00"), ("\x1b", "\\x1b"), ("\x7f", "\\x7f"),
     ("\x85\x9f", "\\x85\\x9f"), ("tab\tnew\nline", "tab\tnew\nline"), ("\ufffe", "\\ufffe"),
     ("\u202egnp.exe", "\\u202egnp.exe"), ("a\u200bb", "a\\u200bb"),
     ("é ü ñ — “q”", "é ü ñ — “q”")],
)  # fmt: skip
def test_clean(text: str, shown: str) -> None:
    assert clean(text) == shown


# -- the command -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--as-of", "soon"], 2, 'bad --as-of value "soon"'),
        (["--branch", "army"], 2, 'unknown branch "army"'),
        (["--event", "nothing=2009-01-01"], 2, 'unknown id "nothing"'),
        (["--assets"], 2, "--assets writes files beside the page: give -o FILE"),
        (["-o", "-", "--assets"], 2, "give -o FILE"),
        (["-o", "{tmp}/accord.json"], 2, "the page needs a name of its own"),
        (["-o", "{tmp}/missing/accord.html"], 6, "cannot write: No such file or directory"),
        (["--file", "{tmp}/nothing.yaml", "-o", "{tmp}/a.html"], 3, "no such file"),
        (["--file", str(ROOT / "tests/bad_inputs/cycle-2.yaml"), "-o", "{tmp}/a.html"], 5,
         "cycle of 2"),
    ],
)  # fmt: skip
def test_bad_input_is_one_line_and_no_file(
    cli: Cli, tmp_path: Path, args: list[str], code: int, message: str
) -> None:
    r = cli("report", *(a.replace("{tmp}", str(tmp_path)) for a in args))
    assert (r.code, r.out) == (code, "")
    assert message in r.err and r.err.count("\n") == 1 and "Traceback" not in r.err
    assert list(tmp_path.rglob("*")) == []


def test_templates_ship_inside_the_package() -> None:
    folder = resources.files("accordctl.outputs").joinpath("templates")
    names = {p.name for p in folder.iterdir()}
    assert {"report.html.j2", "chart.svg.j2", "report.css", "report.js"} <= names
    for name in ("report.css", "report.js"):  # inlined: must not close their element
        text = folder.joinpath(name).read_text(encoding="utf-8").lower()
        assert "</style" not in text and "</script" not in text


def test_docs_timeline_svg_is_current(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "timeline.svg"
    args = ["timeline", "--as-of", "2009-03-01", "--format", "svg", "-o", str(out)]
    r = cli(*args, "--file", str(DATA))
    assert (r.code, r.err) == (0, "")
    assert out.read_bytes() == (ROOT / "docs" / "timeline.svg").read_bytes(), (
        "run: accordctl timeline --as-of 2009-03-01 --format svg -o docs/timeline.svg"
    )
