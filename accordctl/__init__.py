"""accordctl: exact, explainable due dates for the 2008 Mexican security accord.

from accordctl import load, resolve
res = resolve(load(path))
"""

from accordctl.loader import default_path, load, load_text
from accordctl.phrases import parse
from accordctl.resolver import resolve

__version__ = "0.1.0"
__all__ = ["__version__", "default_path", "load", "load_text", "parse", "resolve"]
