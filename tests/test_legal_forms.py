"""Deadlines as Mexican law writes them: each class of form in English and Spanish, side by
side, with the date checked by hand (counts of days are worked out in the comments)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from accordctl.core.phrases import Offset, Rule, parse, rebase, refs, window
from accordctl.core.resolver import apply_rule
from tests.conftest import Result

Cli = Callable[..., Result]
D = date
SIGNED = D(2008, 8, 21)  # a Thursday

# (English, Spanish, base date, due date); a rule with a base counts from `base`.
WITHIN = [
    ("within six months", "dentro de los seis meses siguientes", SIGNED, D(2009, 2, 21)),
    ("within a period of six months", "en un plazo de seis meses", SIGNED, D(2009, 2, 21)),
    ("within a term of six months", "dentro del plazo de seis meses", SIGNED, D(2009, 2, 21)),
    # Aug 21 + 90: 10 days to Aug 31, 40 to Sep 30, 71 to Oct 31, 90 on Nov 19.
    ("within 90 calendar days", "en un plazo de 90 días naturales", SIGNED, D(2008, 11, 19)),
    ("within the next 30 days", "dentro de los 30 días siguientes", SIGNED, D(2008, 9, 20)),
    ("in six months", "en seis meses", SIGNED, D(2009, 2, 21)),
    ("in a year", "en un año", SIGNED, D(2009, 8, 21)),
    # The 2008 reform's 8 years from publication (2008-06-18): 2016-06-18.
    ("within no more than eight years", "sin exceder el plazo de ocho años", D(2008, 6, 18),
     D(2016, 6, 18)),
    ("within no more than three years", "sin que pueda exceder el plazo de tres años",
     D(2008, 6, 18), D(2011, 6, 18)),
    # Jan 3 + 180: 28 to Jan 31, 56 to Feb 28, 87 to Mar 31, 117, 148, 178 to Jun 30, Jul 2.
    ("within a term of 180 days", "en un plazo máximo de ciento ochenta días", D(2009, 1, 3),
     D(2009, 7, 2)),
    ("within a period of one year", "en un período no mayor a un año", D(2009, 4, 10),
     D(2010, 4, 10)),
    ("within 60 days", "a los sesenta días", D(2009, 2, 9), D(2009, 4, 10)),
]  # fmt: skip

FROM = [
    ("6 months after the signing", "6 meses después de la firma", SIGNED, D(2009, 2, 21)),
    ("six months from the signing", "seis meses a partir de la firma", SIGNED, D(2009, 2, 21)),
    ("six months counted from the signing", "seis meses contados a partir de la firma", SIGNED,
     D(2009, 2, 21)),
    ("six months starting from the signing", "seis meses contados desde la firma", SIGNED,
     D(2009, 2, 21)),
    # Jan 3 + 90: 28 to Jan 31, 56 to Feb 28, 87 to Mar 31, 90 on Apr 3.
    ("90 days counted from the entry into force", "90 días contados a partir de la entrada en "
     "vigor", D(2009, 1, 3), D(2009, 4, 3)),
    ("within 90 days following the signing", "dentro de los 90 días posteriores a la firma",
     SIGNED, D(2008, 11, 19)),
    ("within 6 months following the signing", "dentro de los seis meses siguientes a la firma",
     SIGNED, D(2009, 2, 21)),
    ("within six months of the signing", "en los seis meses posteriores a la firma", SIGNED,
     D(2009, 2, 21)),
    # The day after the base is the first day counted, however the phrase says it: eight
    # years "a partir del día siguiente de la publicación" (2008-06-18) end on 2016-06-18.
    ("8 years counted from the day after publication", "ocho años contados a partir del día "
     "siguiente de la publicación", D(2008, 6, 18), D(2016, 6, 18)),
    ("one year from the day after the signing", "un año a partir del día siguiente a la firma",
     SIGNED, D(2009, 8, 21)),
    ("60 days after its publication", "60 días después de su publicación", D(2009, 2, 9),
     D(2009, 4, 10)),
    ("six months after 26", "seis meses luego de 26", SIGNED, D(2009, 2, 21)),
    ("six months after the date of the signing", "a los seis meses de la firma", SIGNED,
     D(2009, 2, 21)),
    ("2 months after 26", "a los dos meses de la creación del Observatorio Ciudadano",
     D(2008, 11, 21), D(2009, 1, 21)),
    # Jun 18 + 90: 12 to Jun 30, 43 to Jul 31, 74 to Aug 31, 90 on Sep 16.
    ("90 days from the date of its publication", "90 días contados a partir de la fecha de "
     "su publicación", D(2008, 6, 18), D(2008, 9, 16)),
    ("the day after its publication", "al día siguiente de su publicación", D(2008, 6, 18),
     D(2008, 6, 19)),
    ("the day after the signing", "el día siguiente a la firma", SIGNED, D(2008, 8, 22)),
    ("the day following publication", "al día siguiente de la publicación", D(2008, 12, 31),
     D(2009, 1, 1)),
]  # fmt: skip

DATES = [
    ("no later than December 31, 2008", "a más tardar el 31 de diciembre de 2008", None,
     D(2008, 12, 31)),
    ("not later than December 31, 2008", "A más tardar el 31 de Diciembre de 2008.", None,
     D(2008, 12, 31)),
    ("until October 1, 2008", "hasta el 1 de octubre de 2008", None, D(2008, 10, 1)),
    ("by October 1, 2008", "para el 1 de octubre de 2008", None, D(2008, 10, 1)),
    ("on October 1, 2008", "el 1 de octubre de 2008", None, D(2008, 10, 1)),
    # "antes del" is the day before, as "before October 2008" is September's last day.
    ("before October 1, 2008", "antes del 1 de octubre de 2008", None, D(2008, 9, 30)),
    ("before January 1, 2009", "antes del 1o. de enero de 2009", None, D(2008, 12, 31)),
    ("before March 1, 2008", "hasta antes del 1 de marzo de 2008", None, D(2008, 2, 29)),
    ("no later than the last day of February 2009", "a más tardar el último día de febrero "
     "de 2009", None, D(2009, 2, 28)),
    ("no later than December 2008", "a más tardar en diciembre de 2008", None, D(2008, 12, 31)),
    ("before 2008-10-01", "antes del 2008-10-01", None, D(2008, 9, 30)),
]  # fmt: skip

SPELLINGS = [
    ("December 31, 2008", "31 de diciembre del 2008", None, D(2008, 12, 31)),
    ("October 1, 2008", "1o. de octubre de 2008", None, D(2008, 10, 1)),
    ("October 1st, 2008", "1º de octubre de 2008", None, D(2008, 10, 1)),
    ("1 October 2008", "1° de octubre de 2008", None, D(2008, 10, 1)),
    ("the 1st of October 2008", "primero de octubre de 2008", None, D(2008, 10, 1)),
    ("Dec. 31, 2008", "31 de dic. de 2008", None, D(2008, 12, 31)),
    ("Sept. 30, 2008", "30 de sept. de 2008", None, D(2008, 9, 30)),
    ("Sep 30 2008", "30 de set. de 2008", None, D(2008, 9, 30)),
    ("December 31, 2008.", "31 de diciembre de 2008.", None, D(2008, 12, 31)),
    ("Friday, January 2, 2009", "viernes 2 de enero de 2009", None, D(2009, 1, 2)),
    ("January 2, 2009", "dos de enero de dos mil nueve", None, D(2009, 1, 2)),
    ("May 29, 2009", "veintinueve de mayo de dos mil nueve", None, D(2009, 5, 29)),
    ("in Sept. 2008", "en sept. de 2008", None, D(2008, 9, 30)),
    ("December 2010", "Diciembre 2010", None, D(2010, 12, 31)),
    ("by December 2010", "para diciembre del 2010", None, D(2010, 12, 31)),
    ("in February 2012", "en febrero de dos mil doce", None, D(2012, 2, 29)),
    ("June 18, 2008", "dieciocho de junio de 2008", None, D(2008, 6, 18)),
    ("January 4, 2009", "cuatro de enero de dos mil nueve", None, D(2009, 1, 4)),
    ("October 1st 2008", "1ro. de octubre de 2008", None, D(2008, 10, 1)),
    ("no later than Dec 31 2008", "a más tardar el día 31 de diciembre de 2008", None,
     D(2008, 12, 31)),
]  # fmt: skip

NUMBERS = [
    # Aug 21 + 180: 10, 40 (Sep 30), 71, 101, 132 (Dec 31), 163 (Jan 31), 180 on Feb 17.
    ("one hundred eighty days", "ciento ochenta días", SIGNED, D(2009, 2, 17)),
    ("one hundred and eighty days", "ciento ochenta dias", SIGNED, D(2009, 2, 17)),
    # 180 days to Feb 17, 2009, then 11 to Feb 28 and 9 more: Mar 9.
    ("two hundred days", "doscientos días", SIGNED, D(2009, 3, 9)),
    # 2008-08-21 to 2009-08-21 is 365 days (no February 29 between them).
    ("three hundred sixty-five days", "trescientos sesenta y cinco días", SIGNED,
     D(2009, 8, 21)),
    # 730 days to 2010-08-21, then 270 more: 10, 40, 71, 101, 132, 163, 191 (Feb 28), 222,
    # 252 (Apr 30), 270 on May 18.
    ("one thousand days", "mil días", SIGNED, D(2011, 5, 18)),
    ("one hundred weeks", "cien semanas", SIGNED, D(2010, 7, 22)),  # 700 days: +1 year 335d
    ("twenty-one days", "veintiún días", SIGNED, D(2008, 9, 11)),
]  # fmt: skip

PERIODS = [
    ("a quarter", "un trimestre", SIGNED, D(2008, 11, 21)),
    ("two quarters", "dos trimestres", SIGNED, D(2009, 2, 21)),
    ("two months", "un bimestre", SIGNED, D(2008, 10, 21)),
    ("four months", "dos bimestres", SIGNED, D(2008, 12, 21)),
    ("six months", "un semestre", SIGNED, D(2009, 2, 21)),
    ("twelve months", "dos semestres", SIGNED, D(2009, 8, 21)),
    ("half a year", "medio año", SIGNED, D(2009, 2, 21)),
    ("a half year after 26", "medio año después de 26", D(2008, 8, 31), D(2009, 2, 28)),
    ("within a quarter", "dentro de un trimestre", SIGNED, D(2008, 11, 21)),
]  # fmt: skip

# Ranges: (English, Spanish, base, (opens, due)).
RANGES = [
    ("6 to 18 months", "de 6 a 18 meses", SIGNED, (D(2009, 2, 21), D(2010, 2, 21))),
    ("from six to eighteen months", "de seis a dieciocho meses", SIGNED,
     (D(2009, 2, 21), D(2010, 2, 21))),
    ("between 6 and 18 months after the signing", "entre 6 y 18 meses después de la firma",
     SIGNED, (D(2009, 2, 21), D(2010, 2, 21))),
    ("between thirty-one and forty days", "entre treinta y uno y cuarenta días", SIGNED,
     (D(2008, 9, 21), D(2008, 9, 30))),
    ("1 to 2 years", "de uno a dos años", D(2008, 2, 29), (D(2009, 2, 28), D(2010, 2, 28))),
    ("one to two quarters", "de uno a dos trimestres", SIGNED, (D(2008, 11, 21),
     D(2009, 2, 21))),
]  # fmt: skip

TABLES = {
    "within": WITHIN, "from": FROM, "dates": DATES, "spellings": SPELLINGS,
    "numbers": NUMBERS, "periods": PERIODS,
}  # fmt: skip
CASES = [(name, *case) for name, table in TABLES.items() for case in table]


def same_base(rule: Rule) -> Rule:
    """The rule counted from "x", whatever it names (an id, or a name like "la firma")."""
    return rebase(rule, "x") if refs(rule) else rule


def test_tables_have_no_duplicates() -> None:
    for column in (1, 2):
        phrases = [case[column] for case in CASES] + [case[column - 1] for case in RANGES]
        assert len(phrases) == len(set(phrases))


@pytest.mark.parametrize(("table", "en", "es", "base", "due"), CASES)
def test_english_and_spanish_say_the_same(
    table: str, en: str, es: str, base: date | None, due: date
) -> None:
    rule_en, rule_es = parse(en), parse(es)
    assert same_base(rule_en) == same_base(rule_es)
    assert apply_rule(rule_en, base)[0] == apply_rule(rule_es, base)[0] == due


@pytest.mark.parametrize(("en", "es", "base", "dates"), RANGES)
def test_a_range_is_a_period(en: str, es: str, base: date, dates: tuple[date, date]) -> None:
    rule_en, rule_es = parse(en), parse(es)
    assert same_base(rule_en) == same_base(rule_es)
    assert isinstance(rule_es, Offset) and rule_es.start is not None
    opens = window(rule_es)
    assert opens is not None
    assert (apply_rule(opens, base)[0], apply_rule(rule_es, base)[0]) == dates


# The names the phrases above count from, on a data file: an event for the base.
NAMED = """\
schema_version: 1
events:
  - {id: signing, title: Signing, when: "2008-08-21", names: [firma]}
  - id: ley-publicada
    title: Publication of the law
    when: 18 de junio de 2008
    names: [publicación, publicación de este decreto, publication]
  - id: ley-vigor
    title: The law enters into force
    when: al día siguiente de su publicación
    names: [entrada en vigor, entrada en vigor del presente decreto, entry into force]
commitments:
  - id: "1"
    number: 1
    branch: one
    title: T
    names: [primer compromiso]
    deadlines:
      - {source: x, deadline: de 6 a 18 meses después de la firma}
"""


@pytest.mark.parametrize(
    ("phrase", "due"),
    [
        ("6 meses después de la firma", "2009-02-21"),
        ("6 months after the signing", "2009-02-21"),
        ("6 meses después de la Firma", "2009-02-21"),  # names compare folded
        ("6 meses despues de la firma", "2009-02-21"),
        ("al día siguiente de su publicación", "2008-06-19"),
        ("ocho años contados a partir del día siguiente de la publicación de este decreto",
         "2016-06-18"),
        ("en un plazo de doce meses contados a partir de la entrada en vigor del presente "
         "Decreto", "2009-06-19"),
        ("90 days counted from the entry into force", "2008-09-17"),
        ("en la entrada en vigor", "2008-06-19"),
        ("2 meses después del primer compromiso", "2010-04-21"),
        ("1 month after 1", "2010-03-21"),
        ("90 días contados a partir de la fecha de su publicación", "2008-09-16"),
    ],
)  # fmt: skip
def test_names_in_phrases(cli: Cli, tmp_path: Path, phrase: str, due: str) -> None:
    path = tmp_path / "named.yaml"
    path.write_text(NAMED, encoding="utf-8")
    r = cli("calc", phrase, "--file", str(path))
    assert (r.code, r.out, r.err) == (0, f"{due}\n", "")


# -- Names are unique across ids and names; check says where a clash is ----------------

CLASHES = """\
schema_version: 1
events:
  - {id: signing, title: Signing, when: "2008-08-21", names: [firma]}
  - {id: review-1, title: Review, when: 1 month after signing, names: [La Firma, revisión]}
  - {id: later, title: Later, when: null, names: [signing, "revisión", "x (y)"]}
commitments:
  - id: "1"
    number: 1
    branch: one
    title: T
    names: [Revision]
    deadlines:
      - {source: x, deadline: 2 meses después de la revisión}
"""


def test_check_reports_each_clash_where_it_is(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "names.yaml"
    path.write_text(CLASHES, encoding="utf-8")
    found = cli("check", "--file", str(path), "--format", "json").json()["findings"]
    assert [(f["code"], f["line"], f["col"], f["message"]) for f in found] == [
        ("ACC008", 4, 72, 'name "La Firma" of review-1 already names signing (line 3)'),
        ("ACC008", 5, 51, 'name "signing" of later already names signing (line 3)'),
        ("ACC008", 5, 60, 'name "revisión" of later already names review-1 (line 4)'),
        ("ACC007", 5, 72, 'name "x (y)" cannot be written in a phrase'),
        ("ACC008", 11, 13, 'name "Revision" of 1 already names review-1 (line 4)'),
    ]
    # Without the clashes, "la revisión" is review-1, one month after signing.
    fixed = CLASHES.replace("La Firma, ", "").replace('signing, "revisión", "x (y)"', "luego")
    path.write_text(fixed.replace("[Revision]", "[]"), encoding="utf-8")
    assert cli("check", "--file", str(path)).code == 0
    r = cli("calc", "2 meses después de la revisión", "--file", str(path))
    assert r.out == "2008-11-21\n"


@pytest.mark.parametrize(
    ("phrase", "code", "out"),
    [
        ("6 meses después de la firma", 0, "2009-02-21\n"),
        ("30 días hábiles después de la firma", 0, "2008-10-03\n"),
        # the record: 26 done 2009-02-26; the General Law approved 2008-12-09
        ("a los dos meses de la creación del Observatorio Ciudadano", 0, "2009-04-26\n"),
        ("6 meses después de la aprobación de la Ley General", 0, "2009-06-09\n"),
    ],
)
def test_the_shipped_data_names_its_events_in_spanish(
    cli: Cli, phrase: str, code: int, out: str
) -> None:
    r = cli("calc", phrase)
    assert (r.code, r.out) == (code, out)
    assert r.err == (
        ""
        if code == 0
        else "accordctl: calc: general-law has no date (general-law has no known date)\n"
    )
