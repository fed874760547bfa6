"""The words of the deadline grammar, in English and Spanish, and how a phrase is folded.

A phrase is matched in its folded form: lowercase, the Spanish acute accents and the
diaeresis left out ("después" -> "despues"), ñ kept (it is a letter of its own: "año" is a
year, "ano" is not). Folding keeps every character in its place, so that what a match
finds in the folded text (an id, a name) is cut from the text as written.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from accordctl.core.numerals import EN, ES

_FOLD = str.maketrans("áéíóúü", "aeiouu")


def fold(text: str) -> str:
    """`text` lowercased, without its optional accents, one character for one."""
    low = text.lower()
    if len(low) != len(text):  # a character whose lowercase is two ("İ"): kept as it is
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return low if low.isascii() else low.translate(_FOLD)


def normalize(phrase: str) -> str:
    """The phrase with its blanks collapsed, composed (NFC: "año" typed as n and a combining
    tilde), a comma before a blank left out, and one final period ("a más tardar el 31 de
    diciembre de 2008." reads as without it)."""
    text = " ".join(phrase.split())
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    text = text.replace(", ", " ").removesuffix(",")
    return text[:-1].rstrip() if text.endswith(".") and not text.endswith("..") else text


def alternation(words: Iterable[str]) -> str:
    """A regular expression matching any of `words` (the longest first)."""
    return "(?:" + "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w))) + ")"


# Month names written out, not read from the locale. A word of both languages ("mar",
# "sept") belongs to neither, and mixes with both.
_EN_MONTHS = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)  # fmt: skip
_ES_MONTHS = (
    "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
    "octubre", "noviembre", "diciembre",
)  # fmt: skip
_ES_SHORT = ("ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic")


def _months() -> dict[str, tuple[int, str | None]]:
    en = {w: i for i, w in enumerate(_EN_MONTHS, 1)}
    en |= {w[:3]: i for i, w in enumerate(_EN_MONTHS, 1)} | {"sept": 9}
    es = {w: i for i, w in enumerate(_ES_MONTHS, 1)} | {w: i for i, w in enumerate(_ES_SHORT, 1)}
    es |= {"setiembre": 9, "sept": 9, "set": 9}
    out: dict[str, tuple[int, str | None]] = {w: (i, EN) for w, i in en.items()}
    out |= {w: (i, None if w in en else ES) for w, i in es.items()}
    return out


MONTHS = _months()
WEEKDAYS: dict[str, tuple[int, str]] = {
    **{w: (i, EN) for i, w in enumerate(
        ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))},
    **{w: (i, ES) for i, w in enumerate(
        ("lunes", "martes", "miercoles", "jueves", "viernes", "sabado", "domingo"))},
}  # fmt: skip

# Units: word -> (the rule's unit, how many of it, language). A quarter, a bimestre and a
# semestre are months; "medio año" and "half a year" are six months, read whole.
UNITS: dict[str, tuple[str, int, str]] = {
    **{w: (u, 1, EN) for u in ("days", "weeks", "months", "years") for w in (u, u[:-1])},
    **{w: ("months", 3, EN) for w in ("quarter", "quarters")},
    **{w: ("workdays", 1, EN) for w in ("workday", "workdays")},
    **{w: ("days", 1, ES) for w in ("dia", "dias")},
    **{w: ("weeks", 1, ES) for w in ("semana", "semanas")},
    **{w: ("months", 1, ES) for w in ("mes", "meses")},
    **{w: ("years", 1, ES) for w in ("año", "años")},
    **{w: ("months", 2, ES) for w in ("bimestre", "bimestres")},
    **{w: ("months", 3, ES) for w in ("trimestre", "trimestres")},
    **{w: ("months", 6, ES) for w in ("semestre", "semestres")},
}
# How days are counted: a word before "days" in English, after "días" in Spanish.
DAY_KINDS: dict[str, tuple[str, str]] = {
    "business": ("workdays", EN),
    "working": ("workdays", EN),
    "calendar": ("days", EN),
    "habil": ("workdays", ES),
    "habiles": ("workdays", ES),
    "laborable": ("workdays", ES),
    "laborables": ("workdays", ES),
    "natural": ("days", ES),
    "naturales": ("days", ES),
    "calendario": ("days", ES),
    "de calendario": ("days", ES),
}
HALF_YEAR = {"medio año": ES, "half a year": EN, "a half year": EN, "half year": EN}
PERMANENT = {"permanent": EN, "permanent process": EN, "permanently": EN, "ongoing": EN}
PERMANENT |= {
    "permanente": ES, "proceso permanente": ES, "de manera permanente": ES,
    "de forma permanente": ES, "en forma permanente": ES,
}  # fmt: skip

# What a name may be, to be written in a phrase: words of letters and digits, with
# apostrophes, periods and hyphens ("entrada en vigor de la Ley General").
NAME = re.compile(r"[^\W_][\w'\u2019.-]*(?: [\w'\u2019.-]+)*")

# Determiners a name may stand after in a phrase ("la firma", "su publicación", "the
# signing"): they are not part of the name.
DETERMINERS = {"el": ES, "la": ES, "los": ES, "las": ES, "lo": ES, "su": ES, "sus": ES}
DETERMINERS |= {"the": EN, "its": EN}


def name_key(name: str) -> str:
    """How a name is compared: folded, blanks collapsed, a leading determiner left out
    ("La  Firma" -> "firma", "the signing" -> "signing")."""
    words = fold(normalize(name)).split()
    if len(words) > 1 and words[0] in DETERMINERS:
        words = words[1:]
    return " ".join(words)


# Words that mark a phrase the grammar cannot read as Spanish, so that its message is in
# Spanish (a phrase with none of them is answered in English).
SPANISH_WORDS = {w for w, (_, _, lang) in UNITS.items() if lang == ES}
SPANISH_WORDS |= {w for w, (_, lang) in MONTHS.items() if lang == ES}
SPANISH_WORDS |= {w for w, (_, lang) in DAY_KINDS.items() if lang == ES}
SPANISH_WORDS |= {w for w, (_, lang) in WEEKDAYS.items() if lang == ES}
SPANISH_WORDS |= {
    "ano", "anos", "antes", "de", "del", "despues", "luego", "partir", "desde", "contados",
    "siguiente", "siguientes", "posteriores", "posterior", "dentro", "plazo", "termino",
    "periodo", "lapso", "hasta", "tardar", "ultimo", "entre", "para", "al", "el", "la", "los",
    "las", "permanente", "proceso", "medio", "primero", "sin", "exceder",
}  # fmt: skip
