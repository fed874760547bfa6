"""Build the man page, `accordctl.1`, from the manual's reference (Sphinx's man builder).

    python docs/manpage.py           # rewrite docs/man/accordctl.1
    python docs/manpage.py --check   # exit 1 if docs/man/accordctl.1 is not what it builds

The page is committed because it is installed with the package (to share/man/man1, where
`man` finds it from PATH), and installing must not need Sphinx; tests/test_docs.py checks
that it is current. Needs the docs extra: pip install -e '.[docs]'.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "man" / "accordctl.1"
# the writer names its own version in a comment: not part of what the page says
_WRITER = re.compile(rb"^(\.\\\" by the Docutils) [^ ]+ (manpage writer\.)$", re.MULTILINE)


def build() -> bytes:
    """The man page as Sphinx builds it now, with warnings as errors."""
    with tempfile.TemporaryDirectory() as out:
        run = subprocess.run(
            [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "man",
             str(ROOT / "docs"), out],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        if run.returncode != 0:
            raise RuntimeError(f"sphinx-build -b man failed:\n{run.stderr}")
        return _WRITER.sub(rb"\1 \2", (Path(out) / "accordctl.1").read_bytes())


def main(argv: list[str]) -> int:
    page = build()
    if argv[1:] == ["--check"]:
        if not PAGE.exists() or PAGE.read_bytes() != page:
            print(f"stale: {PAGE.relative_to(ROOT)} (run: python docs/manpage.py)", file=sys.stderr)
            return 1
        return 0
    PAGE.parent.mkdir(exist_ok=True)
    PAGE.write_bytes(page)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
