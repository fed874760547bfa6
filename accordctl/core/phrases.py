"""The deadline grammar: a normalized phrase in, a small typed rule out.

No dates are computed here; `resolver` turns rules into dates. A phrase is in English or in
Spanish (the accord's own language), not a mix of the two: "once" is eleven in Spanish, so
"once months" would read one way to one reader and another way to the next. Case, extra
blanks and Spanish accents (á é í ó ú ü) do not matter; ñ is a letter of its own ("año").

    phrase   := "permanent" ["process"]           | ["proceso"] "permanente"
              | duration ["after" REF]           | duration ["después de" REF]
              | ("in" | "by") MONTH YEAR         | ("en" | "para") MES ["de"] AÑO
              | "before" MONTH YEAR              | "antes de" MES ["de"] AÑO
              | MONTH DAY "," YEAR | ISO-DATE    | DÍA "de" MES ["de"] AÑO
              | ("at" | "by" | "on") REF         | ("en" | "para") REF
    duration := NUMBER UNIT    digits, or words from zero (cero) to ninety-nine (noventa y
                               nueve); units singular or plural: day week month year, día
                               semana mes año
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from accordctl.core.errors import PhraseError
from accordctl.core.text import quote

UNITS = {"day": "days", "week": "weeks", "month": "months", "year": "years"}

EN, ES = "English", "Spanish"
# Acute accents and the diaeresis are optional in Spanish phrases; ñ is not an accent.
_FOLD = str.maketrans("áéíóúü", "aeiouu")


def _fold(word: str) -> str:
    """A lowercase word without its optional accents ("después" -> "despues")."""
    return word if word.isascii() else word.translate(_FOLD)


# Number words, in order from zero; tens from twenty (English) and thirty (Spanish).
_EN_ONES = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen",
)  # fmt: skip
_EN_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
# Spanish writes one word up to 29 and "treinta y uno" from 31 (accents folded here).
_ES_ONES = (
    "cero", "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve", "diez",
    "once", "doce", "trece", "catorce", "quince", "dieciseis", "diecisiete", "dieciocho",
    "diecinueve", "veinte", "veintiuno", "veintidos", "veintitres", "veinticuatro",
    "veinticinco", "veintiseis", "veintisiete", "veintiocho", "veintinueve",
)  # fmt: skip
_ES_TENS = ("treinta", "cuarenta", "cincuenta", "sesenta", "setenta", "ochenta", "noventa")


def _number_words() -> dict[str, tuple[int, str]]:
    """Every number word from 0 to 99 in both languages (accents folded), with its value and
    language."""
    out = {w: (i, EN) for i, w in enumerate(_EN_ONES)}
    out |= {"a": (1, EN), "an": (1, EN)}
    for t, tens in enumerate(_EN_TENS, 2):
        out[tens] = (10 * t, EN)
        out |= {f"{tens}-{_EN_ONES[i]}": (10 * t + i, EN) for i in range(1, 10)}
    out |= {w: (i, ES) for i, w in enumerate(_ES_ONES)}
    # "un" and "una" stand before a noun: "un mes", "veintiún días", "treinta y una semanas".
    out |= {"un": (1, ES), "una": (1, ES), "veintiun": (21, ES), "veintiuna": (21, ES)}
    ones = {"un": 1, "una": 1} | {w: i for i, w in enumerate(_ES_ONES[1:10], 1)}
    for t, tens in enumerate(_ES_TENS, 3):
        out[tens] = (10 * t, ES)
        out |= {f"{tens} y {w}": (10 * t + i, ES) for w, i in ones.items()}
    return out


_NUMBERS = _number_words()
_UNIT_WORDS: dict[str, tuple[str, str]] = {
    **{w: (plural, EN) for singular, plural in UNITS.items() for w in (singular, plural)},
    **{w: ("days", ES) for w in ("dia", "dias")},
    **{w: ("weeks", ES) for w in ("semana", "semanas")},
    **{w: ("months", ES) for w in ("mes", "meses")},
    **{w: ("years", ES) for w in ("año", "años")},
}
_EXPECTED_UNITS = {EN: "day, week, month or year", ES: "día, semana, mes or año"}
_EXPECTED_NUMBER = {EN: "zero to ninety-nine", ES: "cero to noventa y nueve"}
# Month names written out, not read from the locale; English also takes Jan ... Dec, Sept.
_EN_MONTHS = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)  # fmt: skip
_ES_MONTHS = (
    "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
    "octubre", "noviembre", "diciembre",
)  # fmt: skip
_MONTHS: dict[str, tuple[int, str]] = {
    **{w: (i, EN) for i, w in enumerate(_EN_MONTHS, 1)},
    **{w[:3]: (i, EN) for i, w in enumerate(_EN_MONTHS, 1)},
    "sept": (9, EN),
    **{w: (i, ES) for i, w in enumerate(_ES_MONTHS, 1)},
    "setiembre": (9, ES),
}
_LINKS = {"in": EN, "by": EN, "before": EN, "en": ES, "para": ES, "antes de": ES}
_PERMANENT = {"permanent", "permanent process", "permanente", "proceso permanente"}
# Words that mark a phrase of no known shape as Spanish, so that its error gives Spanish
# examples.
_SPANISH = {w for w, (_, lang) in (_NUMBERS | _UNIT_WORDS | _MONTHS).items() if lang == ES}
_SPANISH |= {"ano", "anos", "de", "despues", "antes", "en", "para", "permanente", "proceso"}

# The text is searched with its blanks already collapsed to single spaces.
REF = r"[A-Za-z0-9][A-Za-z0-9._/-]*"
_DIGITS = re.compile(r"[+-]?[0-9]{1,12}")
_DURATION = re.compile(
    r"(?P<n>[+-]?\w+(?:-\w+| y \w+)?) (?P<unit>[^\W0-9_]+)"
    r"(?: (?P<link>after|despu[eé]s de) (?P<ref>\S+))?",
    re.IGNORECASE,
)
_MONTH_YEAR = re.compile(
    r"(?P<how>in|by|before|en|para|antes de) (?P<month>[^\W0-9_]+)\.? (?:(?P<de>de) )?"
    r"(?P<year>[0-9]{4})",
    re.IGNORECASE,
)
_DAY = re.compile(r"(?P<month>[A-Za-z]+)\.? (?P<day>[0-9]{1,2}),? (?P<year>[0-9]{4})")
_DIA = re.compile(
    r"(?P<day>[0-9]{1,2}) de (?P<month>[^\W0-9_]+)\.? (?:de )?(?P<year>[0-9]{4})", re.IGNORECASE
)
_ISO = re.compile(r"(?P<year>[0-9]{4})-(?P<month>[0-9]{2})-(?P<day>[0-9]{2})")
_AT = re.compile(rf"(?:at|by|on|en|para) (?P<ref>{REF})", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Offset:
    """N units after a base: the signing, an event or another commitment."""

    n: int
    unit: str  # days, weeks, months or years
    base: str = "signing"

    def __str__(self) -> str:
        unit = self.unit if self.n != 1 else self.unit[:-1]
        return f"{self.n} {unit} after {self.base}"


@dataclass(frozen=True, slots=True)
class MonthEnd:
    """The last day of a month ("in September 2008"), or of the month before ("before")."""

    year: int
    month: int
    before: bool = False

    def __str__(self) -> str:
        how = "before" if self.before else "by"
        return f"{how} {calendar.month_name[self.month]} {self.year}"


@dataclass(frozen=True, slots=True)
class OnDate:
    """A given day."""

    day: date

    def __str__(self) -> str:
        return self.day.isoformat()


@dataclass(frozen=True, slots=True)
class At:
    """The date of an event or another commitment ("by session-2008")."""

    base: str

    def __str__(self) -> str:
        return f"by {self.base}"


@dataclass(frozen=True, slots=True)
class Permanent:
    """An ongoing commitment: no due date."""

    def __str__(self) -> str:
        return "permanent"


Rule = Offset | MonthEnd | OnDate | At | Permanent


def parse_number(text: str) -> int | None:
    """Digits, or a number in English or Spanish words ("6", "six", "twenty-four", "a",
    "seis", "veintiséis", "treinta y uno", "un"); None when it is neither."""
    if _DIGITS.fullmatch(text):
        return int(text)
    hit = _NUMBERS.get(_fold(text.lower()))
    return hit[0] if hit else None


_ONE_LANGUAGE = {
    "duration": '"6 months after 26" or "6 meses después de 26"',
    "month": '"in September 2008" or "en septiembre de 2008"',
    "day": '"December 31, 2008" or "31 de diciembre de 2008"',
}


def _mixed(phrase: str, shape: str, *langs: str | None) -> None:
    """Refuse a phrase whose words come from both languages."""
    if EN in langs and ES in langs:
        raise PhraseError(
            f"{quote(phrase)} mixes English and Spanish words "
            f"(expected one language, e.g. {_ONE_LANGUAGE[shape]})"
        )


def _month(name: str, lang: str, phrase: str, shape: str = "month") -> int:
    """The number of a month named in `lang` (the language of the words around it)."""
    hit = _MONTHS.get(_fold(name.lower()))
    if hit is None:
        example = "September or Sept" if lang == EN else "septiembre"
        raise PhraseError(
            f"unknown month {quote(name)} in {quote(phrase)} "
            f"(expected a month's name in {lang}, e.g. {example})"
        )
    _mixed(phrase, shape, lang, hit[1])
    return hit[0]


def _day(year: str, month: int, day: str, phrase: str) -> date:
    try:
        return date(int(year), month, int(day))
    except ValueError as e:
        raise PhraseError(f"no such date in {quote(phrase)}: {e}") from None


def _duration(m: re.Match[str], phrase: str) -> Offset:
    """N units [after REF], in either language."""
    word, unit_word, link = m["n"], m["unit"], m["link"]
    unit = _UNIT_WORDS.get(_fold(unit_word.lower()))
    link_lang = None if link is None else EN if link.lower() == "after" else ES
    number = _NUMBERS.get(_fold(word.lower()))
    if number is None and not _DIGITS.fullmatch(word):
        lang = (unit[1] if unit else None) or link_lang or EN
        digits = word.lstrip("+-")
        if digits.isascii() and digits.isdigit():
            raise PhraseError(
                f"number too large: {quote(word, 20)} in {quote(phrase)} (expected at most 12 "
                "digits)"
            )
        raise PhraseError(
            f"not a number: {quote(word, 20)} in {quote(phrase)} "
            f"(expected digits or a number in words, {_EXPECTED_NUMBER[lang]})"
        )
    n = int(word) if number is None else number[0]
    if n < 0:
        raise PhraseError(f"negative duration in {quote(phrase)} (a deadline counts forward)")
    if unit is None:
        # "ano" is another word than "año": refused, with the spelling that was meant.
        ano = _fold(unit_word.lower()) in ("ano", "anos")
        spanish = ano or ES in (link_lang, number[1] if number else None)
        hint = '; "año" is written with ñ' if ano else ""
        raise PhraseError(
            f"unknown unit {quote(unit_word, 20)} in {quote(phrase)} "
            f"(expected {_EXPECTED_UNITS[ES if spanish else EN]}{hint})"
        )
    _mixed(phrase, "duration", number[1] if number else None, unit[1], link_lang)
    ref = m["ref"]
    if ref is not None and not re.fullmatch(REF, ref):
        raise PhraseError(f"bad reference {quote(ref)} in {quote(phrase)}")
    return Offset(n, unit[0], ref or "signing")


def _cannot_read(text: str, phrase: str) -> PhraseError:
    """The error for a phrase of no known shape, with examples in its language."""
    if _SPANISH.intersection(_fold(text.lower()).split()):
        examples = (
            '"6 meses", "2 meses después de 26", "en septiembre de 2008", '
            '"antes de octubre de 2008", "31 de diciembre de 2008", "para session-2008" '
            'or "permanente"'
        )
    else:
        examples = (
            '"6 months", "2 months after 26", "in September 2008", "before October 2008", '
            '"December 31, 2008", "by session-2008" or "permanent"'
        )
    return PhraseError(f"cannot read deadline {quote(phrase)} (expected e.g. {examples})")


def parse(phrase: str) -> Rule:
    """Parse one normalized deadline phrase, in English or Spanish; raise PhraseError saying
    what was expected."""
    text = " ".join(phrase.split())
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)  # "año" typed as n + a combining tilde
    if text.lower() in _PERMANENT:
        return Permanent()
    if m := _ISO.fullmatch(text):
        return OnDate(_day(m["year"], int(m["month"]), m["day"], phrase))
    if m := _MONTH_YEAR.fullmatch(text):
        lang = _LINKS[m["how"].lower()]
        _mixed(phrase, "month", lang, ES if m["de"] else None)
        before = m["how"].lower() in ("before", "antes de")
        return MonthEnd(int(m["year"]), _month(m["month"], lang, phrase), before)
    # "diciembre 31, 2008" is the English order with a Spanish month: refused below, with
    # the Spanish order ("31 de diciembre de 2008") as the example.
    if (m := _DAY.fullmatch(text)) and _MONTHS.get(m["month"].lower(), (0, ES))[1] == EN:
        return OnDate(_day(m["year"], _month(m["month"], EN, phrase, "day"), m["day"], phrase))
    if m := _DIA.fullmatch(text):
        return OnDate(_day(m["year"], _month(m["month"], ES, phrase, "day"), m["day"], phrase))
    if m := _AT.fullmatch(text):
        return At(m["ref"])
    if m := _DURATION.fullmatch(text):
        return _duration(m, phrase)
    raise _cannot_read(text, phrase)


def refs(rule: Rule) -> tuple[str, ...]:
    """The ids a rule is counted from."""
    return (rule.base,) if isinstance(rule, Offset | At) else ()


def describe(rule: Rule, base_date: date | None = None) -> str:
    """The rule in words, e.g. "6 months after signing (2008-08-21)"."""
    on = f" ({base_date.isoformat()})" if base_date else ""
    if isinstance(rule, Offset):
        return f"{rule}{on}"
    if isinstance(rule, At):
        return f"the date of {rule.base}{on}"
    if isinstance(rule, MonthEnd):
        name = f"{calendar.month_name[rule.month]} {rule.year}"
        return f"last day of the month before {name}" if rule.before else f"last day of {name}"
    if isinstance(rule, OnDate):
        return f"the fixed date {rule}"
    return "permanent: no due date"
