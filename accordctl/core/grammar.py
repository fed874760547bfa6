"""The grammar's one table: every form, with its English and Spanish example and what it
means; and the grammar's messages, in the language of the phrase they are about.

The manual's table of deadline phrases (docs/reference/grammar.md) is drawn from `FORMS`
while the manual is built, and the tests parse every example: each Spanish
example gives the same date as its English twin for any base date. A phrase the grammar
cannot read is answered with the forms nearest to it (`nearest`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from accordctl.core.lexicon import fold, normalize
from accordctl.core.numerals import EN, ES


@dataclass(frozen=True, slots=True)
class Form:
    """One form of deadline phrase: its English and Spanish example, and what it means."""

    name: str
    en: str
    es: str
    means: str


_COUNT = "the base (the signing, or what the phrase names) plus N, in calendar arithmetic"
_WORKDAYS = (
    "the Nth working day after the base: counting starts the next day and skips weekends "
    "and the holidays of the data's calendar (see Business days)"
)
FORMS: tuple[Form, ...] = (
    Form(
        "duration",
        "6 months",
        "6 meses",
        _COUNT + "; a month end is clipped (Jan 31 + 1 month = Feb 28)",
    ),
    Form(
        "numbers in words",
        "one hundred eighty days",
        "ciento ochenta días",
        "digits, or words from zero (cero) to 999,999",
    ),
    Form("periods", "two months", "un bimestre", "a bimestre is 2 months"),
    Form("periods", "a quarter", "un trimestre", "a quarter (trimestre) is 3 months"),
    Form("periods", "six months", "un semestre", "a semestre is 6 months"),
    Form("periods", "half a year", "medio año", "6 months"),
    Form("calendar days", "90 calendar days", "90 días naturales", "calendar days, as `90 days`"),
    Form("working days", "30 business days after 26", "30 días hábiles después de 26", _WORKDAYS),
    Form(
        "after",
        "6 months after signing",
        "6 meses después de la firma",
        "counted from what is named: an id, or a name the data gives it",
    ),
    Form(
        "from",
        "six months from the signing",
        "seis meses a partir de la firma",
        "as after: the day after the base is the first day counted",
    ),
    Form(
        "counted from",
        "8 years counted from the day after signing",
        "8 años contados a partir del día siguiente de la firma",
        "as after: the count starts the day after the base either way",
    ),
    Form(
        "following",
        "within 90 days following the signing",
        "dentro de los 90 días posteriores a la firma",
        "as after (siguientes a, posteriores a)",
    ),
    Form(
        "at N after",
        "2 months after 26",
        "a los dos meses de la creación del Observatorio Ciudadano",
        "as after; 26 is named by the name the data gives it",
    ),
    Form(
        "within",
        "within six months",
        "dentro de los seis meses siguientes",
        "the end of the period: as `6 months`",
    ),
    Form(
        "within",
        "within a period of six months",
        "en un plazo de seis meses",
        "as `6 months` (also: en un plazo máximo de, dentro del plazo de)",
    ),
    Form("within", "within 90 calendar days", "en un plazo de 90 días naturales", "as `90 days`"),
    Form(
        "within",
        "within no more than eight years",
        "sin exceder el plazo de ocho años",
        "as `8 years` (also: sin que pueda exceder el plazo de)",
    ),
    Form("day after", "the day after signing", "al día siguiente de la firma", "the base + 1 day"),
    Form(
        "day after",
        "the next business day after 26",
        "el día hábil siguiente a 26",
        "the first working day after the base",
    ),
    Form(
        "range",
        "6 to 18 months",
        "de 6 a 18 meses",
        "a period: it opens at 6 months and is due at 18",
    ),
    Form(
        "range",
        "between 6 and 18 months after 26",
        "entre 6 y 18 meses después de 26",
        "a period, counted from what is named",
    ),
    Form("date", "December 31, 2008", "31 de diciembre de 2008", "that day"),
    Form(
        "date",
        "no later than December 31, 2008",
        "a más tardar el 31 de diciembre de 2008.",
        "that day (a final period is read as none)",
    ),
    Form(
        "date",
        "until October 1, 2008",
        "hasta el 1o. de octubre de 2008",
        "that day (1o., 1º and primero are the first)",
    ),
    Form("date", "by October 1st, 2008", "para el primero de octubre del 2008", "that day"),
    Form(
        "date",
        "Friday, January 2, 2009",
        "viernes 2 de enero de 2009",
        "that day; the weekday is checked",
    ),
    Form("date", "Dec. 31, 2008", "31 de dic. de 2008", "that day, the month abbreviated"),
    Form(
        "before a date",
        "before October 1, 2008",
        "antes del 1º de octubre de 2008",
        "the day before (2008-09-30)",
    ),
    Form("month", "in September 2008", "en septiembre de 2008", "the last day of the month"),
    Form("month", "by December 2008", "para diciembre del 2008", "the last day of the month"),
    Form("month", "December 2010", "Diciembre 2010", "the last day of the month"),
    Form(
        "before a month",
        "before October 2008",
        "antes de octubre de 2008",
        "the last day of the month before",
    ),
    Form(
        "last day",
        "the last day of February 2009",
        "el último día de febrero de 2009",
        "that month's last day",
    ),
    Form(
        "last working day",
        "the last business day of February 2013",
        "el último día hábil de febrero de 2013",
        "that month's last working day",
    ),
    Form(
        "event", "by session-2008", "para session-2008", "the date of the event or commitment named"
    ),
    Form("event", "at the signing", "en la firma", "the date of what is named"),
    Form("permanent", "permanent process", "proceso permanente", "no due date (kind permanent)"),
)


def markdown() -> str:
    """The table of deadline phrases, drawn from `FORMS`."""
    lines = ["| form | English | Spanish | due date |", "|---|---|---|---|"]
    lines += [f"| {f.name} | `{f.en}` | `{f.es}` | {f.means} |" for f in FORMS]
    return "\n".join(lines) + "\n"


@cache
def _examples(lang: str) -> dict[str, str]:
    """The examples of one language, by their folded text."""
    texts = [f.en if lang == EN else f.es for f in FORMS]
    return {fold(normalize(text)): text for text in texts}


def nearest(text: str, lang: str, n: int = 2) -> list[str]:
    """The examples of `lang` nearest to a phrase the grammar cannot read."""
    import difflib  # only for a phrase that cannot be read

    examples = _examples(lang)
    close = difflib.get_close_matches(fold(text), list(examples), n=n, cutoff=0.0)
    return [examples[c] for c in close]


# Every message of the grammar, in English and in Spanish; `say` picks the phrase's own.
MESSAGES: dict[str, tuple[str, str]] = {
    "cannot-read": (
        "cannot read deadline {phrase} (nearest forms it reads: {near}; every form is in "
        "the manual's deadline grammar, man accordctl)",
        "no se puede leer el plazo {phrase} (las formas más cercanas que se leen: {near}; "
        "todas están en la gramática de plazos del manual, man accordctl)",
    ),
    "unit": (
        "unknown unit {word} in {phrase} (expected day, week, month, year, quarter, "
        "business day or calendar day)",
        "unidad desconocida {word} en {phrase} (se leen día, semana, mes, año, bimestre, "
        "trimestre, semestre, día hábil y día natural)",
    ),
    "ano": ("", 'unidad desconocida {word} en {phrase} ("año" se escribe con ñ)'),
    "number": (
        "not a number: {word} in {phrase} (expected digits or a number in words, e.g. "
        '"six", "twenty-four", "one hundred eighty")',
        "no es un número: {word} en {phrase} (se leen cifras o números en palabras, p. ej. "
        '"seis", "veinticuatro", "ciento ochenta", "dos mil")',
    ),
    "large": (
        "number too large: {word} in {phrase} (expected at most 12 digits)",
        "número demasiado grande: {word} en {phrase} (se leen hasta 12 cifras)",
    ),
    "negative": (
        "negative duration in {phrase} (a deadline counts forward)",
        "plazo negativo en {phrase} (un plazo se cuenta hacia adelante)",
    ),
    "range": (
        "the period in {phrase} ends before it starts",
        "el periodo de {phrase} termina antes de empezar",
    ),
    "no-date": ("no such date in {phrase} ({why})", "no existe la fecha de {phrase} ({why})"),
    "month": (
        "unknown month {word} in {phrase} (expected a month's name in English, e.g. "
        "September or Sept)",
        "mes desconocido {word} en {phrase} (se espera el nombre de un mes, p. ej. "
        "septiembre o sept.)",
    ),
    "day-first": (
        "",
        'no se puede leer el plazo {phrase} (en español el día va primero: "31 de diciembre '
        'de 2008")',
    ),
    "weekday": (
        "{phrase}: {day} is a {real}, not a {given}",
        "{phrase}: el {day} es {real}, no {given}",
    ),
    "kind": (
        '{word} counts days only, in {phrase} (e.g. "30 business days", "90 calendar days")',
        '{word} solo cuenta días, en {phrase} (p. ej. "30 días hábiles", "90 días naturales")',
    ),
    "reference": (
        "bad reference {word} in {phrase} (expected an id, or a name the data file gives)",
        "referencia no válida {word} en {phrase} (se espera un id, o un nombre que el "
        "archivo de datos da)",
    ),
}


def say(key: str, lang: str | None, **values: str) -> str:
    """Message `key` in `lang` (English unless Spanish), with its values."""
    en, es = MESSAGES[key]
    return (es if lang == ES and es else en).format(**values)
