"""The status page in a real browser: headless Chromium (Debian's, at /usr/bin/chromium)
driven by playwright. One browser for the session, a fresh context per test, no sleeps:
playwright's `expect` waits for what it checks.

Outside CI these skip when Chromium or playwright is missing; with CI=true they fail
instead (.ci/run installs Chromium), so CI never passes without running them."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from accordctl.cli.main import main
from tests.conftest import DATA

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip


def _missing(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason}: CI must run the browser tests (.ci/run installs Chromium)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for every test of the session."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("playwright is not installed")
    if not CHROMIUM.exists():
        _missing(f"{CHROMIUM} is missing (apt-get install chromium)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The page a new user would write: `accordctl report --as-of 2009-03-01 -o ...`."""
    path = tmp_path_factory.mktemp("report") / "accord.html"
    code = main(["report", "--as-of", "2009-03-01", "--file", str(DATA), "-o", str(path)])
    assert code == 0 and path.stat().st_size > 0
    return path


@pytest.fixture(scope="session")
def cli_bytes() -> dict[str, bytes]:
    """What `due --format json` and `due --format csv` print at the report's as-of date."""
    import contextlib
    import io

    out = {}
    for fmt in ("json", "csv"):
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            main(["due", "--as-of", "2009-03-01", "--file", str(DATA), "--format", fmt])
        out[f"accord.{fmt}"] = buf.getvalue().encode("utf-8")
    return out


@dataclass
class Opened:
    """A page with the report open, and what it asked for or complained about."""

    page: Any
    url: str
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def rows(self, visible: bool = True) -> Any:
        return self.page.locator("#rows tbody tr" + (":visible" if visible else ""))


def _open(browser: Any, path: Path, width: int = 1280, **options: Any) -> Iterator[Opened]:
    context = browser.new_context(viewport={"width": width, "height": 900}, **options)
    context.set_default_timeout(5000)
    page = context.new_page()
    opened = Opened(page, path.as_uri())
    # every request is recorded, and any but the page itself is refused
    page.on("request", lambda r: opened.requests.append(r.url))
    page.on("console", lambda m: opened.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: opened.errors.append(str(e)))
    context.route(
        "**/*",
        lambda route: route.continue_() if route.request.url == opened.url else route.abort(),
    )
    page.goto(opened.url)
    yield opened
    context.close()
    assert set(opened.requests) == {opened.url}, "the page asked for something else"
    assert opened.errors == [], "the console has errors"


@pytest.fixture
def opened(browser: Any, report: Path) -> Iterator[Opened]:
    """The report in a desktop-sized window."""
    yield from _open(browser, report)


def _expect() -> Any:
    from playwright.sync_api import expect

    return expect


def test_every_row_is_in_the_dom(opened: Opened) -> None:
    _expect()(opened.rows()).to_have_count(92)
    ids = opened.rows().evaluate_all("rows => rows.map(r => r.id)")
    assert len(set(ids)) == 92 and "row-27" in ids and "row-1e/federal-prosecutors" in ids
    _expect()(opened.page.locator("#controls")).to_be_visible()


@pytest.mark.parametrize("width", [1280, 390])
def test_filtering_by_branch_state_and_text(browser: Any, report: Path, width: int) -> None:
    for opened in _open(browser, report, width=width):
        _filter(opened)


def _filter(opened: Opened) -> None:
    expect, page = _expect(), opened.page
    page.locator("select[name=branch]").select_option("state")
    expect(opened.rows()).to_have_count(13)
    assert set(opened.rows().evaluate_all("rs => rs.map(r => r.dataset.branch)")) == {"state"}
    expect(page.locator("#shown")).to_have_text("Showing 13 of 92 deadlines.")
    page.locator("select[name=state]").select_option("overdue")
    expect(opened.rows()).to_have_count(6)
    page.locator("input[name=q]").fill("vet all")
    expect(opened.rows()).to_have_count(1)
    expect(opened.rows().first).to_have_id("row-46b")
    page.get_by_role("button", name="Show all", exact=True).click()
    expect(opened.rows()).to_have_count(92)


def test_sorting_by_due(opened: Opened) -> None:
    expect, page = _expect(), opened.page
    page.get_by_role(
        "button", name="#", exact=True
    ).click()  # by number first, then back by due date
    expect(opened.rows().first).to_have_id("row-1a")
    due = page.get_by_role("button", name="Due", exact=True)
    due.click()
    expect(page.locator("th[data-sort=due]")).to_have_attribute("aria-sort", "ascending")
    dates = opened.rows().evaluate_all(
        "rs => rs.map(r => (r.querySelector('time') || {}).textContent || '')"
    )
    dated = [d for d in dates if d]
    assert dated == sorted(dated) and len(dated) == 82 and dates[-10:] == [""] * 10
    due.click()
    expect(page.locator("th[data-sort=due]")).to_have_attribute("aria-sort", "descending")
    expect(opened.rows().first).to_have_id("row-23")  # the missing entry: last, now first


def test_the_explanation_of_27_goes_down_to_the_signing(opened: Opened) -> None:
    expect, page = _expect(), opened.page
    why = page.locator("#row-27 details")
    path = why.locator(".path")
    expect(path).to_be_hidden()
    why.locator("summary").click()
    expect(path).to_have_text("27 ← 26 ← signing: 2009-04-26")  # 26 done 2009-02-26
    steps = why.locator(".chain > li")
    expect(steps).to_have_count(3)
    expect(steps.nth(0)).to_contain_text("2 months after the creation of the Citizen Observatory")
    expect(steps.nth(1)).to_contain_text("3 months after signing (2008-08-21)")
    expect(steps.nth(2)).to_contain_text('Cable para. 3: "President Calderon hosted')


def test_the_keyboard_works(opened: Opened) -> None:
    expect, page = _expect(), opened.page
    summary = page.locator("#row-49 summary")
    summary.focus()
    outline = summary.evaluate("e => getComputedStyle(e).outlineStyle")
    assert outline != "none"  # a visible focus ring
    page.keyboard.press("Enter")
    expect(page.locator("#row-49 .path")).to_have_text(
        "49 ← general-law: 2009-06-09"  # the law's approval, dated by the record
    )
    page.get_by_role("button", name="Branch", exact=True).focus()
    page.keyboard.press("Enter")
    expect(page.locator("th[data-sort=branch]")).to_have_attribute("aria-sort", "ascending")
    page.locator("input[name=q]").focus()
    page.keyboard.type("observ")
    expect(opened.rows()).to_have_count(2)  # 26 and 27


def test_without_javascript_every_row_shows(browser: Any, report: Path) -> None:
    for opened in _open(browser, report, java_script_enabled=False):
        _expect()(opened.rows()).to_have_count(92)
        _expect()(opened.page.locator("#controls")).to_be_hidden()


def test_print_shows_the_wide_chart_and_no_controls(opened: Opened) -> None:
    expect, page = _expect(), opened.page
    page.emulate_media(media="print")
    expect(page.locator("#controls")).to_be_hidden()
    expect(page.locator("svg.chart-wide")).to_be_visible()


@pytest.mark.parametrize(("width", "chart"), [(1280, "wide"), (390, "narrow")])
def test_screenshots_are_not_blank_and_fit(
    browser: Any, report: Path, tmp_path: Path, width: int, chart: str
) -> None:
    from PIL import Image

    for opened in _open(browser, report, width=width):
        page = opened.page
        _expect()(page.locator(f"svg.chart-{chart}")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= width  # no sideways
        title = page.locator("#row-27 td.title").bounding_box()  # the words get the room
        assert title is not None and title["width"] > (300 if width < 720 else 480)
        shot = tmp_path / f"report-{width}.png"
        page.screenshot(path=str(shot))
        with Image.open(shot) as image:
            assert image.size == (width, 900)
            colours = image.convert("RGB").getcolors(maxcolors=1 << 20) or []
        assert len(colours) > 64, f"{shot} looks blank"


def test_a_request_would_be_seen_and_refused(browser: Any, tmp_path: Path) -> None:
    # the check above is only worth something if a stray request would show up in it
    page = tmp_path / "calls-out.html"
    page.write_text('<!DOCTYPE html><img src="http://192.0.2.1/x.png" alt="">', encoding="utf-8")
    with pytest.raises(AssertionError, match="asked for something else"):
        for opened in _open(browser, page):
            _expect()(opened.page.locator("img")).to_have_count(1)
    # (192.0.2.1 is TEST-NET-1: never routed; the route aborts the request anyway)


def test_the_downloads_are_the_data(opened: Opened, cli_bytes: dict[str, bytes]) -> None:
    page = opened.page
    for label, name in (("JSON", "accord.json"), ("CSV", "accord.csv")):
        with page.expect_download() as info:
            page.get_by_role("link", name=label).click()
        download = info.value
        assert download.suggested_filename == name
        assert Path(download.path()).read_bytes() == cli_bytes[name]


def test_the_view_lives_in_the_address(browser: Any, report: Path) -> None:
    for opened in _open(browser, report):
        expect, page = _expect(), opened.page
        page.goto(opened.url + "#branch=state&state=overdue")
        expect(opened.rows()).to_have_count(6)
        expect(page.locator("select[name=branch]")).to_have_value("state")
        expect(page.locator("#shown")).to_have_text("Showing 6 of 92 deadlines.")
        page.reload()  # a shared or reloaded address shows the same view
        expect(opened.rows()).to_have_count(6)
        page.locator("select[name=state]").select_option("upcoming")
        expect(opened.rows()).to_have_count(6)
        assert page.evaluate("location.hash") == "#branch=state&state=upcoming"
        page.locator("input[name=due]").fill("2009-08")
        expect(opened.rows()).to_have_count(5)  # 46a, 46d, 46e, 46f, 50
        assert page.evaluate("location.hash") == "#branch=state&state=upcoming&due=2009-08"
        page.get_by_role("button", name="Show all", exact=True).click()
        expect(opened.rows()).to_have_count(92)
        assert page.evaluate("location.hash") == ""
        page.go_back()  # back and forward walk through the views
        expect(opened.rows()).to_have_count(5)
        page.go_back()
        expect(opened.rows()).to_have_count(6)
        expect(page.locator("select[name=state]")).to_have_value("upcoming")
        page.go_forward()
        page.go_forward()
        expect(opened.rows()).to_have_count(92)
        # the sort too: by due date, descending, survives a reload
        page.get_by_role("button", name="Due", exact=True).click()
        assert page.evaluate("location.hash") == "#sort=-due"
        page.reload()
        expect(opened.rows().first).to_have_id("row-23")
        expect(page.locator("th[data-sort=due]")).to_have_attribute("aria-sort", "descending")


def test_counts_and_bars_set_the_filters(opened: Opened) -> None:
    expect, page = _expect(), opened.page
    page.locator(".counts a[href='#state=overdue']").click()
    expect(opened.rows()).to_have_count(42)
    assert page.evaluate("location.hash") == "#state=overdue"
    top = page.locator("#deadlines").evaluate("e => e.getBoundingClientRect().top")
    assert abs(top) < 5  # the table is brought into view
    page.get_by_role("link", name="State Government Commitments: 6 overdue").click()
    expect(opened.rows()).to_have_count(6)
    expect(page.locator("select[name=branch]")).to_have_value("state")
    page.locator(".counts a[href='#all']").click()
    expect(opened.rows()).to_have_count(92)


def test_chart_marks_are_links_reached_by_keyboard(opened: Opened) -> None:
    expect, page = _expect(), opened.page
    page.goto(opened.url + "#state=overdue")  # 27 (not yet due) is filtered out
    expect(opened.rows()).to_have_count(42)
    # the first stop after the progress table is the chart's first mark
    page.locator("#progress a").last.focus()
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "[document.activeElement.closest('svg').getAttribute('class'),"
        " document.activeElement.getAttribute('href')]"
    )
    assert focused[0] == "chart chart-wide" and focused[1].startswith("#row-")
    mark = page.locator("svg.chart-wide").get_by_role("link", name="27 (Executive Branch")
    expect(mark).to_have_count(1)
    mark.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#row-27")).to_be_in_viewport()  # shown, though the view hid it
    assert page.evaluate("location.hash") == "#row-27"


_WRAPS = """els => els.flatMap(e => {
  // the characters after which the element's text goes on a new line
  const out = [];
  const walker = document.createTreeWalker(e, NodeFilter.SHOW_TEXT);
  let last = null, before = "";
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    for (let i = 0; i < n.data.length; i++) {
      const range = document.createRange();
      range.setStart(n, i);
      range.setEnd(n, i + 1);
      const rect = range.getClientRects()[0];
      if (!rect) continue;
      if (last !== null && rect.top > last + 4) out.push([e.textContent, before]);
      last = rect.top;
      before = n.data[i];
    }
  }
  return out;
})"""


@pytest.mark.parametrize("width", [1280, 390])
def test_ids_and_dates_never_wrap_inside_a_word(browser: Any, report: Path, width: int) -> None:
    for opened in _open(browser, report, width=width):
        page = opened.page
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        ids = page.locator("#rows tbody th, .id, .facts time, .events time").evaluate_all(_WRAPS)
        assert all(before in "/-" for _, before in ids), ids
        dates = page.locator("time, .nw").evaluate_all(_WRAPS)
        assert dates == []
        # what is checked is there: long ids, dates in words
        assert page.locator("#row-1e\\/federal-prosecutors th .scope").count() == 1
        assert page.locator(".nw").count() > 50


def test_print_is_a_compact_table_of_a_few_pages(opened: Opened, tmp_path: Path) -> None:
    import pypdf

    pdf = tmp_path / "accord.pdf"
    opened.page.pdf(path=str(pdf), format="A4")
    pages = [p.extract_text() for p in pypdf.PdfReader(pdf).pages]
    # 92 rows at about 30 to an A4 page make 3 to 4 pages; the header, the counts and bars
    # and the chart make one; the record's 74 facts, two columns without their quotes,
    # about two; the events half of one: 7 today, and a page to spare for the record to
    # grow. Printing every explanation and quote, as before, took 52.
    assert len(pages) <= 8
    text = "\n".join(pages)
    assert "normalized" not in text and "Seis meses después" not in text
    assert "1e/federal-" in text and "Every deadline" in text
    # the chart is on the page of its heading
    heading = next(i for i, t in enumerate(pages) if "Timeline\n" in t)
    assert "X programme end" in pages[heading] and "2008 2009 2010 2011" in pages[heading]
