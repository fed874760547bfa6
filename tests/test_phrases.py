"""The grammar and the date arithmetic, as tables of cases."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accordctl.core.errors import PhraseError
from accordctl.core.phrases import (
    At,
    MonthEnd,
    Offset,
    OnDate,
    Permanent,
    Rule,
    parse,
    parse_number,
)
from accordctl.core.resolver import apply_rule
from tests.conftest import Result, entry

Cli = Callable[..., Result]

PARSE_CASES: list[tuple[str, Rule]] = [
    ("6 months", Offset(6, "months")),
    ("1 year", Offset(1, "years")),
    ("2 years", Offset(2, "years")),
    ("30 days", Offset(30, "days")),
    ("1 day", Offset(1, "days")),
    ("2 weeks", Offset(2, "weeks")),
    ("six months", Offset(6, "months")),
    ("Eighteen Months", Offset(18, "months")),
    ("thirty days", Offset(30, "days")),
    ("twenty-four months", Offset(24, "months")),
    ("a year", Offset(1, "years")),
    ("an month", Offset(1, "months")),
    ("  6   months  ", Offset(6, "months")),
    ("2 months after 26", Offset(2, "months", "26")),
    ("6 months after general-law", Offset(6, "months", "general-law")),
    ("1 month after signing", Offset(1, "months", "signing")),
    ("two months after review-1", Offset(2, "months", "review-1")),
    ("1 year after 1e/federal-prosecutors", Offset(1, "years", "1e/federal-prosecutors")),
    ("in September 2008", MonthEnd(2008, 9)),
    ("by December 2008", MonthEnd(2008, 12)),
    ("in Sept 2008", MonthEnd(2008, 9)),
    ("before October 2008", MonthEnd(2008, 10, before=True)),
    ("before January 2009", MonthEnd(2009, 1, before=True)),
    ("December 31, 2008", OnDate(date(2008, 12, 31))),
    ("Dec 31 2008", OnDate(date(2008, 12, 31))),
    ("2008-12-15", OnDate(date(2008, 12, 15))),
    ("February 29, 2008", OnDate(date(2008, 2, 29))),
    ("by session-2008", At("session-2008")),
    ("at review-2", At("review-2")),
    ("on 26", At("26")),
    ("permanent", Permanent()),
    ("Permanent process", Permanent()),
]

APPLY_CASES: list[tuple[Rule, date | None, date, bool]] = [
    (Offset(6, "months"), date(2008, 8, 21), date(2009, 2, 21), False),
    (Offset(1, "months"), date(2009, 1, 31), date(2009, 2, 28), True),  # clipped
    (Offset(1, "months"), date(2008, 1, 31), date(2008, 2, 29), True),  # clipped, leap year
    (Offset(6, "months"), date(2008, 8, 31), date(2009, 2, 28), True),  # clipped
    (Offset(1, "years"), date(2008, 2, 29), date(2009, 2, 28), True),  # clipped
    (Offset(4, "months"), date(2008, 8, 21), date(2008, 12, 21), False),
    (Offset(5, "months"), date(2008, 8, 21), date(2009, 1, 21), False),  # year end
    (Offset(30, "days"), date(2008, 8, 21), date(2008, 9, 20), False),
    (Offset(2, "weeks"), date(2008, 12, 25), date(2009, 1, 8), False),
    (Offset(30, "months"), date(2008, 8, 21), date(2011, 2, 21), False),
    (Offset(0, "days"), date(2008, 8, 21), date(2008, 8, 21), False),
    (MonthEnd(2008, 9), None, date(2008, 9, 30), False),
    (MonthEnd(2008, 2), None, date(2008, 2, 29), False),
    (MonthEnd(2008, 10, before=True), None, date(2008, 9, 30), False),
    (MonthEnd(2009, 1, before=True), None, date(2008, 12, 31), False),
    (MonthEnd(2009, 3, before=True), None, date(2009, 2, 28), False),
    (OnDate(date(2008, 12, 31)), None, date(2008, 12, 31), False),
    (At("x"), date(2008, 12, 15), date(2008, 12, 15), False),
]

BAD_CASES = [
    ("6 fortnights", 'unknown unit "fortnights"'),
    ("-6 months", "negative duration"),
    ("many months", r'not a number: "many" .*"one hundred eighty"\)'),
    ("February 30, 2009", r"no such date .*\(February 2009 has 28 days\)"),
    ("2009-02-30", "no such date"),
    ("2009-13-01", r"no such date .*\(no month 13\)"),
    ("in Smarch 2008", 'unknown month "Smarch"'),
    ("soon", r'cannot read deadline "soon" \(nearest forms it reads: "'),
    ("", "cannot read deadline"),
    ("6 months after", r'cannot read deadline .*"6 months after signing"'),
    ("6 months of 26", "cannot read deadline"),  # "of" counts from a base after "within"
    ("Monday, January 2, 2009", r"2009-01-02 is a Friday, not a Monday"),
    ("3 business weeks", r'"business" counts days only'),
    ("18 to 6 months", "the period in .* ends before it starts"),
    ("1234567890123 days", "number too large"),
    ("one hundred months twenty", "cannot read deadline"),
    ("6 months after (26)", r'bad reference "\(26\)"'),
]


# The same grammar in Spanish, the accord's language (see the module's docstring).
SPANISH_PARSE_CASES: list[tuple[str, Rule]] = [
    ("6 meses", Offset(6, "months")),
    ("1 año", Offset(1, "years")),
    ("2 años", Offset(2, "years")),
    ("30 días", Offset(30, "days")),
    ("30 dias", Offset(30, "days")),
    ("1 día", Offset(1, "days")),
    ("2 semanas", Offset(2, "weeks")),
    ("seis meses", Offset(6, "months")),
    ("Dieciocho Meses", Offset(18, "months")),
    ("dieciséis meses", Offset(16, "months")),
    ("dieciseis meses", Offset(16, "months")),
    ("treinta días", Offset(30, "days")),
    ("veinticuatro meses", Offset(24, "months")),
    ("veintidós días", Offset(22, "days")),
    ("veintitres dias", Offset(23, "days")),
    ("veintiséis semanas", Offset(26, "weeks")),
    ("veintiún días", Offset(21, "days")),
    ("treinta y un días", Offset(31, "days")),
    ("treinta y una semanas", Offset(31, "weeks")),
    ("noventa y nueve años", Offset(99, "years")),
    ("cero días", Offset(0, "days")),
    ("un año", Offset(1, "years")),
    ("una semana", Offset(1, "weeks")),
    ("uno mes", Offset(1, "months")),  # no agreement is checked: un, una and uno are 1
    ("  6   meses  ", Offset(6, "months")),
    ("SEIS MESES", Offset(6, "months")),
    ("3 an\u0303os", Offset(3, "years")),  # ñ typed as n and a combining tilde
    ("2 meses después de 26", Offset(2, "months", "26")),
    ("2 meses despues de 26", Offset(2, "months", "26")),
    ("6 meses después de general-law", Offset(6, "months", "general-law")),
    ("1 mes después de signing", Offset(1, "months", "signing")),
    ("dos meses DESPUÉS DE review-1", Offset(2, "months", "review-1")),
    ("un año después de 1e/federal-prosecutors", Offset(1, "years", "1e/federal-prosecutors")),
    ("en septiembre de 2008", MonthEnd(2008, 9)),
    ("en setiembre de 2008", MonthEnd(2008, 9)),
    ("para diciembre de 2008", MonthEnd(2008, 12)),
    ("en Septiembre 2008", MonthEnd(2008, 9)),
    ("antes de octubre de 2008", MonthEnd(2008, 10, before=True)),
    ("antes de enero de 2009", MonthEnd(2009, 1, before=True)),
    ("31 de diciembre de 2008", OnDate(date(2008, 12, 31))),
    ("1 de Enero 2009", OnDate(date(2009, 1, 1))),
    ("29 de febrero de 2008", OnDate(date(2008, 2, 29))),
    ("para session-2008", At("session-2008")),
    ("en review-2", At("review-2")),
    ("permanente", Permanent()),
    ("Proceso  Permanente", Permanent()),
]

SPANISH_BAD_CASES = [
    # A Spanish phrase is answered in Spanish, naming what is read.
    (
        "seis quincenas",
        r'unidad desconocida "quincenas" en "seis quincenas" \(se leen día, semana, mes, año, '
        r"bimestre, trimestre, semestre, día hábil y día natural\)",
    ),
    ("2 anos", r'unidad desconocida "anos" en "2 anos" \("año" se escribe con ñ\)'),
    ("-6 meses", r'plazo negativo en "-6 meses" \(un plazo se cuenta hacia adelante\)'),
    ("muchos meses", r'no es un número: "muchos" .*"ciento ochenta", "dos mil"\)'),
    ("treinta y diez meses", r'no es un número: "treinta y diez"'),
    ("ciento meses", r'no es un número: "ciento"'),  # a hundred alone is "cien"
    ("30 de febrero de 2009", r"no existe la fecha de .* \(febrero de 2009 tiene 28 días\)"),
    ("en Smarzo de 2008", r'mes desconocido "Smarzo" .*p\. ej\. septiembre o sept\.'),
    ("a fin de año", r'no se puede leer el plazo "a fin de año" \(las formas más cercanas que'),
    ("6 meses después", r'no se puede leer .*"6 meses después de la firma"'),
    ("diciembre 31, 2008", r'en español el día va primero: "31 de diciembre de 2008"'),
    ("lunes 2 de enero de 2009", r'"lunes 2 de enero de 2009": el 2009-01-02 es viernes, no lunes'),
    ("3 semanas hábiles", r'"hábiles" solo cuenta días'),
    ("de 18 a 6 meses", r"el periodo de .* termina antes de empezar"),
    ("seis months", r"mixes English and Spanish words \(expected one language"),
    ("once months", "mixes English and Spanish"),  # "once" is 11 in Spanish
    ("6 meses after 26", "mixes English and Spanish"),
    ("6 months después de 26", "mixes English and Spanish"),
    ("in septiembre 2008", "mixes English and Spanish"),
    ("en September de 2008", "mixes English and Spanish"),
    ("31 de December de 2008", "mixes English and Spanish"),
    ("within seis meses", "mixes English and Spanish"),
    ("dentro de los 30 business days", "mixes English and Spanish"),
]


def test_tables_have_no_duplicate_cases() -> None:
    tables = (
        PARSE_CASES, APPLY_CASES, BAD_CASES, SPANISH_PARSE_CASES, SPANISH_BAD_CASES,
        PARSE_CASES + SPANISH_PARSE_CASES, BAD_CASES + SPANISH_BAD_CASES,
    )  # fmt: skip
    for table in tables:
        keys = [repr(case[:2]) if table is APPLY_CASES else case[0] for case in table]
        assert len(keys) == len(set(keys))


@pytest.mark.parametrize(("phrase", "rule"), PARSE_CASES + SPANISH_PARSE_CASES)
def test_parse(phrase: str, rule: Rule) -> None:
    assert parse(phrase) == rule


@pytest.mark.parametrize(("rule", "base", "expected", "clipped"), APPLY_CASES)
def test_apply(rule: Rule, base: date | None, expected: date, clipped: bool) -> None:
    assert apply_rule(rule, base) == (expected, clipped)


@pytest.mark.parametrize(("phrase", "message"), BAD_CASES + SPANISH_BAD_CASES)
def test_parse_rejects(phrase: str, message: str) -> None:
    with pytest.raises(PhraseError, match=message):
        parse(phrase)


def test_huge_offset_is_out_of_range() -> None:
    with pytest.raises((OverflowError, ValueError)):
        apply_rule(Offset(999999999, "years"), date(2008, 8, 21))


# -- Spanish and English say the same ---------------------------------------------------

EN_ONES = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen",
)  # fmt: skip
EN_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
ES_ONES = (
    "cero", "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve", "diez",
    "once", "doce", "trece", "catorce", "quince", "dieciséis", "diecisiete", "dieciocho",
    "diecinueve", "veinte", "veintiuno", "veintidós", "veintitrés", "veinticuatro",
    "veinticinco", "veintiséis", "veintisiete", "veintiocho", "veintinueve",
)  # fmt: skip
ES_TENS = ("", "", "", "treinta", "cuarenta", "cincuenta", "sesenta", "setenta", "ochenta")
ES_TENS += ("noventa",)
# unit: (English singular, Spanish singular, Spanish plural, feminine)
UNIT_WORDS = {
    "days": ("day", "día", "días", False),
    "weeks": ("week", "semana", "semanas", True),
    "months": ("month", "mes", "meses", False),
    "years": ("year", "año", "años", False),
}


def english(n: int, unit: str) -> str:
    """`n unit` in English words, as a person writes it."""
    tens, ones = divmod(n, 10)
    word = EN_ONES[n] if n < 20 else EN_TENS[tens] + (f"-{EN_ONES[ones]}" if ones else "")
    singular = UNIT_WORDS[unit][0]
    return f"{word} {singular if n == 1 else singular + 's'}"


def spanish(n: int, unit: str) -> str:
    """`n unit` in Spanish words, with accents and agreement: "un mes", "veintiún días",
    "treinta y una semanas"."""
    _, singular, plural, feminine = UNIT_WORDS[unit]
    one = "una" if feminine else "un"
    tens, ones = divmod(n, 10)
    if n < 30:
        word = {1: one, 21: "veinti" + ("una" if feminine else "ún")}.get(n, ES_ONES[n])
    else:
        word = ES_TENS[tens] + (f" y {one if ones == 1 else ES_ONES[ones]}" if ones else "")
    return f"{word} {singular if n == 1 else plural}"


def unaccented(text: str) -> str:
    """What a keyboard without accents gives: á -> a, but ñ stays (it is a letter)."""
    return text.translate(str.maketrans("áéíóúÁÉÍÓÚ", "aeiouAEIOU"))


@given(
    n=st.integers(1, 99),
    unit=st.sampled_from(sorted(UNIT_WORDS)),
    base=st.sampled_from([None, "26", "general-law", "1e/federal-prosecutors"]),
    accents=st.booleans(),
    case=st.sampled_from([str.lower, str.upper, str.title, str.capitalize]),
    blanks=st.sampled_from([" ", "  ", "\t"]),
)
def test_spanish_and_english_phrasings_parse_to_the_same_rule(
    n: int,
    unit: str,
    base: str | None,
    accents: bool,
    case: Callable[[str], str],
    blanks: str,
) -> None:
    en, es = english(n, unit), spanish(n, unit)
    if base is not None:
        en, es = f"{en} after {base}", f"{case(es)} después de {base}"
    es = (es if accents else unaccented(es)).replace(" ", blanks)
    expected = Offset(n, unit, base or "signing")
    assert parse(en) == parse(es) == parse(f"{n} {unit}" + (f" after {base}" if base else ""))
    assert parse(es) == expected


NUMBER_CASES = [
    ("6", 6), ("six", 6), ("seis", 6), ("veintiséis", 26), ("treinta y uno", 31),
    ("cien", 100), ("one hundred", 100), ("a hundred", 100), ("ciento uno", 101),
    ("one hundred and one", 101), ("ciento ochenta", 180), ("one hundred eighty", 180),
    ("doscientos", 200), ("doscientas", 200), ("trescientos sesenta y cinco", 365),
    ("three hundred sixty-five", 365), ("quinientos", 500), ("novecientos noventa y nueve", 999),
    ("mil", 1000), ("un mil", 1000), ("one thousand", 1000), ("a thousand", 1000),
    ("dos mil nueve", 2009), ("two thousand nine", 2009), ("two thousand and nine", 2009),
    ("mil quinientos", 1500), ("ciento veinte mil", 120_000),
    ("novecientos noventa y nueve mil novecientos noventa y nueve", 999_999),
    ("twenty four", 24),
]  # fmt: skip
NOT_NUMBERS = [
    "ciento", "hundred and", "one hundred and", "mil mil", "cien uno", "ciento cero",
    "twelve hundred", "doscientos cero", "y", "and", "thousand thousand", "seis months",
    "one y two", "ten hundred",
]  # fmt: skip


@pytest.mark.parametrize(("words", "value"), NUMBER_CASES)
def test_numbers_in_words(words: str, value: int) -> None:
    assert parse_number(words) == value


@pytest.mark.parametrize("words", NOT_NUMBERS)
def test_not_numbers(words: str) -> None:
    assert parse_number(words) is None


def test_number_tables_have_no_duplicates() -> None:
    words = [w for w, _ in NUMBER_CASES] + NOT_NUMBERS
    assert len(words) == len(set(words))


@pytest.mark.parametrize(
    ("phrase", "out"),
    [
        ("seis meses", "2009-02-21\n"),
        ("2 meses después de 26", "2009-04-26\n"),  # 26 done 2009-02-26 (the record)
        ("31 de diciembre de 2008", "2008-12-31\n"),
        ("antes de octubre de 2008", "2008-09-30\n"),
        ("para session-2008", "2008-12-15\n"),
        ("proceso permanente", "permanent\n"),
    ],
)
def test_calc_in_spanish(cli: Cli, phrase: str, out: str) -> None:
    r = cli("calc", phrase)
    assert (r.code, r.out, r.err) == (0, out, "")


def test_calc_answers_a_spanish_phrase_in_spanish(cli: Cli) -> None:
    r = cli("calc", "seis quincenas")
    assert (r.code, r.out) == (4, "")
    expected = (
        'unidad desconocida "quincenas" en "seis quincenas" (se leen día, semana, mes, año, '
        "bimestre, trimestre, semestre, día hábil y día natural)"
    )
    assert r.err == f"accordctl: {expected}\n"
    r = cli("calc", "a fin de año")
    assert r.code == 4 and r.err.startswith('accordctl: no se puede leer el plazo "a fin de año"')
    r = cli("calc", "end of the year")
    assert r.code == 4 and r.err.startswith('accordctl: cannot read deadline "end of the year"')
    assert cli("calc", "seis months").code == 4


def test_a_file_in_spanish_checks_and_resolves(cli: Cli, datafile: Callable[[str], Path]) -> None:
    path = datafile(
        entry("1", 1, "seis meses")
        + entry("2", 2, "2 meses después de 1")
        + entry("3", 3, "31 de diciembre de 2008")
    )
    assert cli("check", "--file", str(path)).code == 0
    due = {
        row["id"]: row["due"]
        for row in cli("due", "-f", str(path), "--format", "json").json()["rows"]
    }
    assert due == {"1": "2009-02-21", "2": "2009-04-21", "3": "2008-12-31"}
