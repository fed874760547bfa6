"""The start-up baseline for benchmarks/run.py: about the least a typer CLI with accordctl's
dependencies can do.

One typer command with one option, importing what any such tool imports at start (yaml,
rich.table, dateutil.relativedelta), printing one line:

    python benchmarks/baseline_app.py --name world
"""

from __future__ import annotations

from typing import Annotated

import rich.table
import typer
import yaml
from dateutil.relativedelta import relativedelta

app = typer.Typer()


@app.command()
def main(name: Annotated[str, typer.Option(help="Who to greet.")] = "world") -> None:
    """Print one line that uses each import, so none of them is dead."""
    table = rich.table.Table()
    print(f"hello {name} ({yaml.__version__}, {relativedelta(months=1)}, {type(table).__name__})")


if __name__ == "__main__":
    app()
