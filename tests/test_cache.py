"""The result cache: it answers only the question it was asked, never from an entry it
cannot trust, and a run it cannot cache is simply run."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import get_type_hints

import pytest
import typer

import accordctl
from accordctl.cli import main as cli_main
from accordctl.cli import pure, replay
from accordctl.cli.app import BLOCK, full_app
from accordctl.core.errors import EXIT
from accordctl.store import cache
from accordctl.store.files import default_path
from tests.conftest import DATA, HEADER, Result, entry

Cli = Callable[..., Result]
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def cache_on(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests are about the cache: on, whatever the suite's mode."""
    monkeypatch.delenv("ACCORDCTL_NO_CACHE", raising=False)


def entries(folder: Path) -> list[Path]:
    """The entries stored under a cache directory (not its temporary files)."""
    return sorted((folder / cache.ROOT).glob("????-??-??/??/accordctl-*"))


def key_of(*args: str) -> bytes:
    question = replay.ask(list(args))
    assert question is not None
    return question.key


# -- what a hit gives ------------------------------------------------------------------


def test_a_hit_replays_stdout_and_stderr(cli: Cli, result_cache: Path) -> None:
    first = cli("ics")  # the conftest runs it again, from the cache, and compares
    assert (
        first.err == "accordctl: skipped 10 undated deadlines (see accordctl due --state undated)\n"
    )
    assert first.cache == "stored" and len(entries(result_cache)) == 1
    again = cli("ics")
    assert again == first and again.cache == "hit"


def test_only_successful_runs_are_stored(cli: Cli, result_cache: Path) -> None:
    r = cli("due", "--overdue", "--as-of", "2009-03-01", "--exit-code")
    assert (r.code, r.cache, entries(result_cache)) == (1, "miss", [])


def test_a_hit_imports_neither_typer_nor_the_core(result_cache: Path) -> None:
    script = (
        "import sys\n"
        "from accordctl.cli import main, replay\n"
        "code = main.main(['due', '--branch', 'state', '--format', 'csv', '-q'])\n"
        "heavy = {'typer', 'yaml', 'rich', 'dateutil', 'pydantic', 'accordctl.core.loader'}\n"
        "loaded = sorted(m for m in sys.modules if m in heavy or m.split('.')[0] in heavy)\n"
        "print(code, replay.last, loaded, file=sys.stderr)\n"
    )
    env = {**os.environ, "ACCORDCTL_CACHE_DIR": str(result_cache), "COLUMNS": "80"}
    runs = [
        subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env)
        for _ in range(2)
    ]
    assert runs[0].stderr.startswith("0 stored ['accordctl.core.loader',")
    assert runs[1].stderr == "0 hit []\n"
    assert runs[1].stdout == runs[0].stdout and runs[0].stdout.startswith("row_id,")


# -- what the key covers ---------------------------------------------------------------


def test_an_edit_that_keeps_size_and_mtime_still_misses(
    cli: Cli, datafile: Callable[[str], Path]
) -> None:
    path = datafile(entry("1", 1, "6 months"))
    before = os.stat(path)
    assert cli("due", "--file", str(path), "--format", "csv").out.count("2009-02-21") == 1
    path.write_text(path.read_text(encoding="utf-8").replace("6 months", "7 months"), "utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (os.stat(path).st_size, os.stat(path).st_mtime_ns) == (
        before.st_size,
        before.st_mtime_ns,
    )
    after = cli("due", "--file", str(path), "--format", "csv")
    assert after.cache == "stored" and "2009-03-21" in after.out and "2009-02-21" not in after.out


def test_a_relative_name_is_read_where_the_run_is(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for folder, phrase, due in [("a", "6 months", "2009-02-21"), ("b", "1 year", "2009-08-21")]:
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "c.yaml").write_text(HEADER + entry("1", 1, phrase), "utf-8")
        monkeypatch.chdir(tmp_path / folder)
        assert due in cli("due", "--file", "c.yaml", "--format", "csv").out


def test_two_names_of_two_files_through_a_link_stay_two(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "other" / "inner").mkdir(parents=True)
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "link").symlink_to(tmp_path / "other" / "inner")
    (tmp_path / "t" / "x.yaml").write_text(HEADER + entry("1", 1, "6 months"), "utf-8")
    (tmp_path / "other" / "x.yaml").write_text(HEADER + entry("1", 1, "7 months"), "utf-8")
    monkeypatch.chdir(tmp_path / "t")
    for _ in range(2):  # computed, then answered: the same, and right
        r = cli("diff", "x.yaml", "link/../x.yaml", "--exit-code", "--format", "json")
        assert r.code == 1 and [c["id"] for c in r.json()["changed"]] == ["1"]


def test_a_template_edit_misses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "accordctl"
    (package / "templates").mkdir(parents=True)
    (package / "__init__.py").write_text("__version__ = '0'\n")
    (package / "templates" / "report.css").write_text("body{}")
    monkeypatch.setattr(replay, "_package", lambda: str(package))
    before = replay.fingerprint()
    (package / "templates" / "report.css").write_text("body{color:red}")
    assert replay.fingerprint() != before


@pytest.mark.parametrize(
    "change",
    [
        "--event",
        "--as-of",
        "--signed",
        "COLUMNS",
        "NO_COLOR",
        "TERM",
        "LC_ALL",
        "ACCORDCTL_FILE",
        "the shipped file",
        "the version",
        "a dependency",
        "accordctl's code",
        "today",
        "a terminal",
    ],
)
def test_a_different_question_has_a_different_key(
    change: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    args = ["due", "--as-of", "2009-03-01", "--event", "26=2009-02-26"]
    monkeypatch.setenv("COLUMNS", "80")
    base = key_of(*args)
    assert key_of(*args) == base  # the same question, the same key
    if change == "--event":
        args[-1] = "26=2009-02-27"
    elif change == "--as-of":
        args[2] = "2009-03-02"
    elif change == "--signed":
        args += ["--signed", "2008-08-22"]
    elif change in ("COLUMNS", "NO_COLOR", "TERM", "LC_ALL"):
        monkeypatch.setenv(change, "100")
    elif change == "ACCORDCTL_FILE":
        monkeypatch.setenv("ACCORDCTL_FILE", str(DATA))
    elif change == "the shipped file":
        copy = tmp_path / "commitments.yaml"
        copy.write_bytes(DATA.read_bytes() + b"\n")
        monkeypatch.setattr(replay, "default_file", lambda: str(copy))
    elif change == "the version":
        monkeypatch.setattr(accordctl, "__version__", "0.1.1")
    elif change == "a dependency":
        (tmp_path / "rich-15.0.1.dist-info").mkdir()
        monkeypatch.syspath_prepend(str(tmp_path))
    elif change == "accordctl's code":
        real = replay.cache.digest

        def edited(*parts: bytes) -> bytes:  # as if one source file had other bytes
            return real(*parts, b"edited") if len(parts) == 1 else real(*parts)

        monkeypatch.setattr(replay.cache, "digest", edited)
    elif change == "today":
        monkeypatch.setattr(replay, "today_key", lambda: b"2031-01-01")
    elif change == "a terminal":
        monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert key_of(*args) != base


def test_a_different_event_misses_and_answers_right(cli: Cli) -> None:
    assert "2009-04-26" in cli("calc", "2 months after 26", "--event", "26=2009-02-26").out
    other = cli("calc", "2 months after 26", "--event", "26=2009-02-27")
    assert (other.out, other.cache) == ("2009-04-27\n", "stored")


def test_a_different_width_misses(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    narrow = cli("due", "--branch", "state")
    monkeypatch.setenv("COLUMNS", "120")
    wide = cli("due", "--branch", "state")
    assert wide.cache == "stored"
    assert max(map(len, wide.out.splitlines())) > 80 >= max(map(len, narrow.out.splitlines()))


def test_a_new_day_misses(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    assert cli("status").cache == "stored"
    monkeypatch.setattr(replay, "today_key", lambda: b"2031-01-01")
    assert cli("status").cache == "stored"


def test_a_run_that_crosses_midnight_is_not_stored(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, result_cache: Path
) -> None:
    days = iter([b"2031-01-01", b"2031-01-02"])
    monkeypatch.setattr(replay, "today_key", lambda: next(days))
    assert cli("status").cache == "not stored" and entries(result_cache) == []


def test_a_run_that_reads_a_file_outside_its_key_is_not_stored(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, result_cache: Path
) -> None:
    # Were the cache to look for the shipped file elsewhere than the loader does, the
    # loader's read would be a stray one: the run is answered but not stored.
    elsewhere = tmp_path / "other.yaml"
    elsewhere.write_bytes(DATA.read_bytes())
    monkeypatch.setattr(replay, "default_file", lambda: str(elsewhere))
    r = cli("due")
    assert (r.code, r.cache, entries(result_cache)) == (0, "not stored", [])


def test_a_run_computes_from_the_bytes_in_its_key(
    datafile: Callable[[str], Path],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = datafile(entry("1", 1, "6 months"))
    real_answer = replay.Question.answer
    edits = [HEADER + entry("1", 1, "7 months")]

    def answer_then_edit(self: replay.Question) -> tuple[str, str] | None:
        got = real_answer(self)  # the key is made; now the file changes under the run
        if edits:
            path.write_text(edits.pop(), "utf-8")
        return got

    args = ["due", "--file", str(path), "--format", "csv"]
    monkeypatch.setattr(replay.Question, "answer", answer_then_edit)
    assert cli_main.main(args) == 0 and replay.last == "stored"  # under the old bytes' key
    assert "2009-02-21" in capsys.readouterr().out
    assert cli_main.main(args) == 0 and replay.last == "stored"  # the new bytes: a miss
    assert "2009-03-21" in capsys.readouterr().out


def test_the_shipped_file_is_found_where_the_loader_finds_it() -> None:
    assert os.path.abspath(replay.default_file()) == os.path.abspath(default_path())


def test_dependencies_read_no_environment_variable_the_key_leaves_out() -> None:
    # Variables that decide nothing accordctl prints: test suites, debugging, plugins
    # typer switches off itself, the home of a configuration accordctl does not read.
    ignored = {
        "PYDANTIC_DISABLE_PLUGINS", "JSON_SCHEMA_DEBUG", "JSON_SCHEMA_TEST_SUITE",
        "JSON_SCHEMA_EXPECTED_FAILURES", "REFERENCING_SUITE", "XDG_CONFIG_HOME",
        "HOME", "XDG_CACHE_HOME",  # where the cache is, not what it holds
    }  # fmt: skip
    pattern = re.compile(r"""(?:environ(?:\.get)?\(?\[?|getenv\()\s*["']([A-Z_][A-Z0-9_]*)["']""")
    site = Path(typer.__file__).parent.parent
    found: set[str] = set()
    for package in ["typer", "rich", "dateutil", "yaml", "icalendar", "holidays", "jsonschema"]:
        for path in (site / package).rglob("*.py"):
            found |= set(pattern.findall(path.read_text(encoding="utf-8", errors="replace")))
    for path in (ROOT / "accordctl").rglob("*.py"):
        found |= set(pattern.findall(path.read_text(encoding="utf-8")))
    covered = {
        n
        for n in found
        if n in replay.ENV_NAMES or n.startswith(replay.ENV_PREFIXES + replay.COMPLETION)
    }
    assert {"COLUMNS", "NO_COLOR", "TERM"} <= found
    assert found - covered - ignored == set()


# -- what is never cached --------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["ics", "-o", "{tmp}/a.ics"],
        ["ics", "--output={tmp}/a.ics"],
        ["ics", "--vdir", "{tmp}/calendar"],
        ["timeline", "--svg", "{tmp}/t.svg"],
        ["timeline", "--format", "svg", "-o", "{tmp}/t.svg"],
        ["diff", "--rev", "HEAD", "--file", "{data}"],
        ["due", "--help"],
        ["due", "-bstate"],  # a spelling the allow-list does not parse
        ["due", "--branch"],
        ["due", "--file", "-"],
        ["due", "--nosuch"],
        ["--no-cache", "due"],
        ["--version"],
        ["cache", "info"],
        ["nosuchcommand"],
        ["due", "--file", "{tmp}"],  # a directory
    ],
)
def test_impure_or_unknown_runs_are_not_cached(
    args: list[str], cli: Cli, tmp_path: Path, result_cache: Path
) -> None:
    args = [a.format(tmp=tmp_path, data=DATA) for a in args]
    assert pure.files_named(args) is None or args[-1] == str(tmp_path)
    assert cli(*args).cache == "uncacheable" and entries(result_cache) == []


def test_no_cache_turns_it_off(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, result_cache: Path
) -> None:
    monkeypatch.setenv("ACCORDCTL_NO_CACHE", "1")
    assert (cli("due").code, cli("due").cache) == (0, "off")
    monkeypatch.delenv("ACCORDCTL_NO_CACHE")
    r = cli("--no-cache", "due", "--branch", "state")
    assert (r.code, r.cache, entries(result_cache)) == (0, "uncacheable", [])


def test_completion_is_never_answered_from_the_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("_ACCORDCTL_COMPLETE", "complete_bash")
    assert replay.ask(["due"]) is None


def test_the_allow_list_matches_the_commands() -> None:
    app = full_app()
    subs = typer.main.get_command(app).commands  # type: ignore[attr-defined]
    functions = {c.name: c.callback for c in app.registered_commands}
    for name, (args_kind, options) in pure.PURE.items():
        params = subs[name].params
        flags = {o: p.is_flag for p in params for o in [*p.opts, *p.secondary_opts] if o[0] == "-"}
        for option, kind in options.items():
            assert option in flags, f"{name} {option}"
            assert flags[option] == (kind == pure.FLAG), f"{name} {option}"
        hints = get_type_hints(functions[name], include_extras=True)
        arguments = [
            str(hints[p.name]) for p in params if p.param_type_name == "argument" and p.name
        ]
        paths = [a for a in arguments if "pathlib.Path" in a]
        expected = pure.NONE if not arguments else pure.FILES if paths else pure.TEXT
        assert args_kind == expected and (not paths or paths == arguments), name


@pytest.mark.parametrize(
    ("args", "files"),
    [
        (["due", "--file", "a.yaml", "-b", "state"], ["a.yaml"]),
        (["due", "--file=a.yaml", "--format=json"], ["a.yaml"]),
        (["check", "a.yaml", "-f", "b.yaml", "c.yaml"], ["a.yaml", "b.yaml", "c.yaml"]),
        (["diff", "--", "a.yaml", "b.yaml"], ["a.yaml", "b.yaml"]),
        (["calc", "6 months", "--from", "2008-08-21"], []),
        (["explain", "27", "--file", "x.yaml"], ["x.yaml"]),
    ],
)
def test_the_files_a_run_names(args: list[str], files: list[str]) -> None:
    assert pure.files_named(args) == files


# -- entries that cannot be trusted ----------------------------------------------------


@pytest.mark.parametrize(
    "damage", ["flip a byte", "truncate", "append", "header", "foreign", "symlink", "not ours"]
)
def test_a_damaged_or_foreign_entry_is_ignored(
    damage: str, cli: Cli, result_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = cli("due", "--branch", "state")
    (stored,) = entries(result_cache)
    data = stored.read_bytes()
    if damage == "flip a byte":
        stored.write_bytes(data[:-5] + bytes([data[-5] ^ 1]) + data[-4:])
    elif damage == "truncate":
        stored.write_bytes(data[: len(data) // 2])
    elif damage == "append":
        stored.write_bytes(data + b"x")
    elif damage == "header":
        stored.write_bytes(b"x" + data[1:])
    elif damage == "foreign":  # a whole, sound entry of another question under this name
        cli("due", "--branch", "municipal")
        other = next(p for p in entries(result_cache) if p != stored)
        stored.write_bytes(other.read_bytes())
    elif damage == "symlink":
        target = result_cache.parent / "elsewhere"
        target.write_bytes(data)
        stored.unlink()
        stored.symlink_to(target)
    elif damage == "not ours":
        if os.geteuid() != 0:
            pytest.skip("only root can give a file away")
        os.chown(stored, os.geteuid() + 1, -1)
    again = cli("due", "--branch", "state")
    assert again.cache == "stored" and again == good


def test_six_concurrent_writers(tmp_path: Path, result_cache: Path) -> None:
    env = {**os.environ, "COLUMNS": "80", "ACCORDCTL_CACHE_DIR": str(result_cache)}
    commands = [["due", "--format", "json"], ["ics"], ["due", "--branch", "state"]] * 2
    expected = [
        subprocess.run(
            [sys.executable, "-m", "accordctl", *c],
            capture_output=True,
            env={**env, "ACCORDCTL_NO_CACHE": "1"},
            check=True,
        )
        for c in commands[:3]
    ] * 2
    for _ in range(2):  # all six miss and write at once; then all six read at once
        procs = [
            subprocess.Popen(
                [sys.executable, "-m", "accordctl", *c],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env=env,
            )
            for c in commands
        ]
        for proc, want in zip(procs, expected, strict=True):
            out, err = proc.communicate(timeout=60)
            assert (proc.returncode, out, err) == (0, want.stdout, want.stderr)
    assert len(entries(result_cache)) == 3
    assert not list(result_cache.rglob(cache.TEMP + "*"))


# -- the store -------------------------------------------------------------------------


def test_an_unusable_cache_directory_only_means_no_cache(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    monkeypatch.setenv("ACCORDCTL_CACHE_DIR", str(blocker / "cache"))  # cannot be created
    r = cli("due", "--branch", "state")
    assert (r.code, r.cache) == (0, "not stored")
    monkeypatch.setenv("ACCORDCTL_CACHE_DIR", str(tmp_path / "read-only"))
    (tmp_path / "read-only").mkdir(mode=0o500)

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("tempfile.mkstemp", refuse)
    r = cli("due", "--branch", "state")
    assert (r.code, r.cache) == (0, "not stored")


def test_the_cache_directory_is_private(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "new" / "cache"
    monkeypatch.setenv("ACCORDCTL_CACHE_DIR", str(folder))
    cli("schema")
    assert folder.stat().st_mode & 0o777 == 0o700
    made = list(folder.rglob("*"))
    assert len(made) == 6  # the store, its mark, the day, its ledger, the shard, the entry
    assert all(p.stat().st_mode & 0o077 == 0 for p in made)


def test_a_directory_owned_by_someone_else_is_not_used(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, result_cache: Path
) -> None:
    monkeypatch.setattr(cache.os, "getuid", lambda: os.geteuid() + 1)
    assert cli("schema").cache == "not stored" and entries(result_cache) == []


def _put(store: cache.Store, day: str, n: int, size: int = 1500) -> bytes:
    """Store an entry of about `size` bytes on `day`, written `n` seconds after the epoch."""
    key = cache.digest(day.encode(), str(n).encode())
    assert store.put(key, day, b"x" * size, b"")
    path = store.root + f"/{day}/{key.hex()[:2]}/accordctl-{key.hex()}"
    os.utime(path, (1e9 + n, 1e9 + n))
    return key


def test_a_full_store_drops_other_days_then_today_s_oldest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = cache.Store(str(tmp_path))
    monkeypatch.setattr(cache, "MAX_BYTES", 10 << 10)  # each entry counts 2 KiB
    monkeypatch.setattr(cache, "SWEEP", 0)  # no sweep: here, a full store does it
    old = [_put(store, "2031-01-01", n) for n in range(2)]
    today = [_put(store, "2031-01-02", n) for n in range(10, 14)]  # 12 KiB: yesterday goes
    assert [store.get(k, "2031-01-01") for k in old] == [None, None]
    assert not (tmp_path / cache.ROOT / "2031-01-01").exists()
    today += [_put(store, "2031-01-02", n) for n in range(14, 16)]  # 12 KiB: the oldest go
    kept = [store.get(k, "2031-01-02") is not None for k in today]
    assert kept == [False, False, True, True, True, True]
    assert store.entries() == {"2031-01-02": (4, 4 * (cache.HEADER + 1500))}


def test_other_days_go_a_bounded_number_of_files_a_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = cache.Store(str(tmp_path))
    monkeypatch.setattr(cache, "SWEEP", 3)
    for n in range(5):
        _put(store, "2031-01-01", n)
    assert store.entries()["2031-01-01"] == (5, 5 * (cache.HEADER + 1500))
    _put(store, "2031-01-02", 0)  # the next day: three of them go, then the rest
    assert store.entries()["2031-01-01"][0] == 2
    _put(store, "2031-01-02", 1)
    assert store.entries() == {"2031-01-02": (2, 2 * (cache.HEADER + 1500))}
    assert sorted(p.name for p in (tmp_path / cache.ROOT).iterdir()) == [
        "2031-01-02",
        "CACHEDIR.TAG",
    ]


def test_a_store_does_not_scan_the_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = cache.Store(str(tmp_path))
    for n in range(50):
        _put(store, "2031-01-01", n)

    def scan(*args: object) -> None:
        raise AssertionError("a store scanned the store")

    monkeypatch.setattr(cache.Store, "_files", scan)
    _put(store, "2031-01-01", 50)
    monkeypatch.setattr(cache, "MAX_BYTES", 10 << 10)  # full: now it must
    with pytest.raises(AssertionError, match="scanned"):
        _put(store, "2031-01-01", 51)


def test_the_default_directory_is_platformdirs_one(monkeypatch: pytest.MonkeyPatch) -> None:
    import platformdirs

    monkeypatch.delenv("ACCORDCTL_CACHE_DIR")
    for xdg in ["/somewhere/cache", "relative/cache", None]:
        if xdg is None:
            monkeypatch.delenv("XDG_CACHE_HOME")
        else:
            monkeypatch.setenv("XDG_CACHE_HOME", xdg)
        assert cache.directory() == platformdirs.user_cache_dir("accordctl", appauthor=False)


def test_cache_info_and_clear(cli: Cli, result_cache: Path) -> None:
    cli("due", "--branch", "state")
    info = cli("cache", "info")
    assert info.code == 0 and f"directory: {result_cache / cache.ROOT}\n" in info.out
    assert re.search(r"entries:   1 \([0-9.]+ KiB\): 1 of today, 0 of other days", info.out)
    assert "cache:     on\n" in info.out
    cleared = cli("cache", "clear")
    assert cleared.out.startswith("removed 1 entries (") and entries(result_cache) == []
    assert "entries:   0 (" in cli("cache", "info").out


def test_the_exit_codes_of_the_cached_path_are_the_table_s() -> None:
    names = {"ok": cli_main.OK, "pipe": cli_main.PIPE, "interrupted": cli_main.INTERRUPTED}
    assert all(EXIT[name] == code for name, code in names.items())


def test_the_console_script_exits_with_main_s_code_and_flushes(result_cache: Path) -> None:
    env = {**os.environ, "COLUMNS": "80", "ACCORDCTL_CACHE_DIR": str(result_cache)}
    run = [sys.executable, "-m", "accordctl"]
    bad = subprocess.run([*run, "due", "--branch", "army"], capture_output=True, env=env)
    assert bad.returncode == 2 and bad.stderr.startswith(b'accordctl: unknown branch "army"')
    outs = []
    for _ in range(2):  # computed, then cached: all of the bytes, flushed before the exit
        good = subprocess.run([*run, "due", "--format", "json"], capture_output=True, env=env)
        assert good.returncode == 0 and json.loads(good.stdout)["rows"]
        outs.append(good.stdout)
    assert outs[0] == outs[1] and len(outs[0]) > 40_000


def test_in_process_runs_keep_nothing_for_the_end(cli: Cli) -> None:
    from accordctl.process import lifetime

    assert cli("due").code == 0
    assert not lifetime.exiting and lifetime._kept == []


@pytest.mark.parametrize("method", ["get", "put"])
def test_a_broken_store_never_fails_a_run(
    method: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["due", "--branch", "state", "--format", "csv"]
    assert cli_main.main(["--no-cache", *args]) == 0
    want = capsys.readouterr().out
    said = "accordctl: 13 of 92 deadlines in state\n"  # the count a filtered answer ends with

    def broken(*args: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(cache.Store, method, broken)
    for _ in range(2):
        assert cli_main.main(args) == 0
        assert capsys.readouterr() == (want, said)
        assert replay.last == ("not stored" if method == "put" else "stored")


def test_an_answer_written_in_blocks_is_stored_as_one(
    cli: Cli, result_cache: Path, tmp_path: Path
) -> None:
    """`due --format json` and `csv` write their rows as they make them, in blocks
    (cli.app.BLOCK); the entry holds the blocks as written, and a hit gives them back."""
    from tests.test_fast_paths import synthetic

    big = tmp_path / "big.yaml"
    big.write_text(synthetic(1500), "utf-8")
    for fmt in ("json", "csv"):
        first = cli("due", "--format", fmt, "--file", str(big), "--as-of", "2009-03-01")
        assert first.cache == "stored" and len(first.out.encode()) > 3 * BLOCK
        assert first.out == accordctl_text(fmt, big, date(2009, 3, 1))
    key, day = b"k" * cache.DIGEST, "2031-01-01"
    store = cache.Store(str(tmp_path / "store"))
    blocks = [b"a" * 10, b"", b"b" * 70_000, b"c"]
    assert store.put(key, day, blocks, b"err") and store.get(key, day) == (b"".join(blocks), b"err")
    assert cache.digest(blocks, b"err") == cache.digest(b"".join(blocks), b"err")


def accordctl_text(fmt: str, path: Path, as_of: date) -> str:
    """The whole document, made at once through the library."""
    from accordctl.core.model import file_order
    from accordctl.core.views import due_view
    from accordctl.outputs.formats import due_csv, due_json

    res = accordctl.resolve(accordctl.load(path), as_of=as_of)
    view = due_view(res, sorted(res.rows, key=file_order), as_of)
    return due_json(view) if fmt == "json" else due_csv(view)
