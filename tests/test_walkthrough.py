"""Tried as a new user would: deadline clauses of Mexican federal laws of 2008-2010, each
read by `accordctl calc PHRASE --from BASE` (the phrase as the law writes it, trimmed to
the deadline), against the date a lawyer gives.

The clauses, their bases and the lawyers' dates were gathered with the search tool from
public pages (DOF copies, vLex, the Cámara's texts as quoted by the press, practitioners'
notes); `kind` says whether the page quotes the clause word for word ("verbatim"), in part
("fragment"), or restates it ("paraphrase"). Where practice gave two dates, `lawyer` is the
one most sources gave and the row says which the other is.

The tool counts "N <unit> a partir de X" as it counts "N <unit> después de X": the day
after X is the first day counted, and months and years end on the same date ("de fecha a
fecha", CFF art. 12). For a term "a partir de la entrada en vigor" some lawyers count the
day of entry as day one and end a day earlier (LGSNSP, narcomenudeo below); the same date
comes out when the phrase counts from the publication, whose next day is the entry into
force: "tres años contados a partir del día siguiente de la publicación".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import Result

Cli = Callable[..., Result]

REFORMA_2008 = (
    "Decreto por el que se reforman y adicionan diversas disposiciones de la Constitución "
    "(reforma de seguridad y justicia penal), DOF 2008-06-18"
)
NARCOMENUDEO = (
    "Decreto por el que se reforman la Ley General de Salud, el Código Penal Federal y el "
    "Código Federal de Procedimientos Penales (narcomenudeo), DOF 2009-08-20"
)
RENAUT = "Decreto que reforma la Ley Federal de Telecomunicaciones (RENAUT), DOF 2009-02-09"
LFPDPPP = (
    "Ley Federal de Protección de Datos Personales en Posesión de los Particulares, DOF 2010-07-05"
)


@dataclass(frozen=True)
class Clause:
    law: str
    article: str
    kind: str  # verbatim, fragment or paraphrase (of the page that gives it)
    phrase: str  # given to calc, as the clause writes the deadline
    base: date | None  # --from: the publication or the entry into force
    lawyer: date  # the date practice gave
    tool: date  # what calc prints
    source: str
    why: str = ""  # where tool and lawyer differ: why


CLAUSES = [
    Clause(
        REFORMA_2008, "Transitorio Primero", "verbatim",
        "al día siguiente de su publicación en el Diario Oficial de la Federación",
        date(2008, 6, 18), date(2008, 6, 19), date(2008, 6, 19),
        "https://vlex.com.mx/vid/vigencia-reforma-penal-211667537",
    ),
    Clause(
        REFORMA_2008, "Transitorio Segundo", "verbatim",
        "sin exceder el plazo de ocho años, contados a partir del día siguiente de la "
        "publicación de este decreto",
        date(2008, 6, 18), date(2016, 6, 18), date(2016, 6, 18),
        "https://vlex.com.mx/vid/vigencia-reforma-penal-211667537 (the date: "
        "https://24-horas.mx/2014/03/05/nuevo-codigo-pone-en-aprietos-a-estados)",
    ),
    Clause(
        REFORMA_2008, "Transitorio Quinto", "verbatim",
        "sin que pueda exceder el plazo de tres años, contados a partir del día siguiente de "
        "la publicación de este decreto",
        date(2008, 6, 18), date(2011, 6, 18), date(2011, 6, 18),
        "https://direccioneszac.net/aplicacion-y-observancia-de-caracter-judicial-"
        "establecidasen-el-articulo-quinto-transitorio-de-la-reforma-constitucional-sobre-el-"
        "sistema-de-reinsercion-social",
    ),
    Clause(
        "Ley General del Sistema Nacional de Seguridad Pública, DOF 2009-01-02 (in force "
        "2009-01-03)", "Transitorio Tercero", "verbatim",
        "en un plazo de cuatro años a partir de la entrada en vigor de este decreto",
        date(2009, 1, 3), date(2013, 1, 2), date(2013, 1, 3),
        "https://www.eleconomista.com.mx/politica/Solo-9.2-de-los-policias-ha-sido-"
        "certificado-20110501-0021.html",
        "the lawyer counts the day of entry into force as day one; the Cámara's summary "
        "(scribd) gives 3 January 2013, as the tool does",
    ),
    Clause(
        NARCOMENUDEO, "Transitorio Primero (three years)", "fragment",
        "el plazo de tres años a partir de la entrada en vigor del presente Decreto",
        date(2009, 8, 21), date(2012, 8, 20), date(2012, 8, 21),
        "https://miabogadoenlinea.net/el-derecho-y-mexico/2185-retraso-en-combate-al-"
        "narcomenudeo",
        "the lawyer counts the day of entry into force as day one; the states that waited "
        "took 21 August 2012 as the first day after the term",
    ),
    Clause(
        NARCOMENUDEO, "Transitorio Primero (three years), from the publication", "fragment",
        "tres años contados a partir del día siguiente de la publicación del presente Decreto",
        date(2009, 8, 20), date(2012, 8, 20), date(2012, 8, 20),
        "as above: the same term, counted from the publication (the entry into force is the "
        "day after it)",
    ),
    Clause(
        RENAUT, "Transitorio Primero (entry into force)", "paraphrase",
        "60 días después de su publicación en el Diario Oficial de la Federación",
        date(2009, 2, 9), date(2009, 4, 10), date(2009, 4, 10),
        "https://eldiariodeguachochi.com/noticia/32120 (in force: "
        "https://idconline.mx/infoflash/2009/02/988)",
    ),
    Clause(
        RENAUT, "Transitorio on registering existing lines", "paraphrase",
        "en un período no mayor a un año",
        date(2009, 4, 10), date(2010, 4, 10), date(2010, 4, 10),
        "https://hipertextual.com/2009/03/a-un-mes-de-entrar-en-vigor-la-reforma-de-"
        "registro-telefonico-y-plazos-del-mismo (the date: "
        "http://expansion.mx/economia/2010/04/07/renaut-mexico-celular-registro-senado)",
    ),
    Clause(
        LFPDPPP, "Transitorio on the rights of access, rectification, cancellation and "
        "opposition", "paraphrase",
        "en los 18 meses posteriores a su entrada en vigor",
        date(2010, 7, 6), date(2012, 1, 6), date(2012, 1, 6),
        "https://www.eleconomista.com.mx/politica/El-Ejecutivo-debe-reglamentar-proteccion-"
        "de-datos-personales-20100705-0034.html",
    ),
    Clause(
        LFPDPPP, "Transitorio on designating the person in charge of personal data",
        "paraphrase", "a más tardar el 6 de julio de 2011", None, date(2011, 7, 6),
        date(2011, 7, 6),
        "http://www.idconline.com.mx/juridico/2011/06/06/departamento-de-datos-personales",
    ),
    Clause(
        "Ley General de Contabilidad Gubernamental, DOF 2008-12-31", "Transitorios (the "
        "December 2010 stage)", "paraphrase", "Diciembre 2010.", None, date(2010, 12, 31),
        date(2010, 12, 31), "http://www.ey.com/MX/es/Services/Advisory/Generalidades_CG",
    ),
    Clause(
        LFPDPPP, "Transitorio on the Reglamento", "paraphrase", "un año a partir de su "
        "entrada en vigor", date(2010, 7, 6), date(2011, 7, 5), date(2011, 7, 6),
        "https://www.eleconomista.com.mx/politica/El-Ejecutivo-debe-reglamentar-proteccion-"
        "de-datos-personales-20100705-0034.html",
        "the strict count ends the day before the anniversary of entry into force; "
        "practitioners gave the anniversary (as for RENAUT), as the tool does",
    ),
]  # fmt: skip


def test_the_walkthrough_has_ten_clauses_and_says_why_each_difference() -> None:
    assert len(CLAUSES) >= 10
    assert len({(c.law, c.article) for c in CLAUSES}) == len(CLAUSES)
    for c in CLAUSES:
        assert (c.tool == c.lawyer) == (c.why == ""), c.article
    differ = [c.article for c in CLAUSES if c.tool != c.lawyer]
    assert len(differ) == 3
    assert all(abs((c.tool - c.lawyer).days) == 1 for c in CLAUSES if c.tool != c.lawyer)


@pytest.mark.parametrize("clause", CLAUSES, ids=[f"{c.law[:20]} {c.article}" for c in CLAUSES])
def test_calc_reads_the_clause(cli: Cli, clause: Clause) -> None:
    args = ["calc", clause.phrase]
    args += ["--from", clause.base.isoformat()] if clause.base else []
    r = cli(*args)
    assert (r.code, r.out, r.err) == (0, f"{clause.tool}\n", "")


# The 2008 reform and the General Law as a data file: their publications and entries into
# force are events, named as the laws name them, and the deadlines count from the names.
LAWS = """\
schema_version: 1
events:
  - id: reforma-publicada
    title: The constitutional reform of 2008 is published in the DOF
    when: 18 de junio de 2008
    names: [publicación de este decreto]
  - id: reforma-vigor
    title: The constitutional reform enters into force
    when: al día siguiente de la publicación de este decreto
  - id: lgsnsp-publicada
    title: The Ley General del Sistema Nacional de Seguridad Pública is published
    when: viernes 2 de enero de 2009
    names: [publicación de la Ley General]
  - id: lgsnsp-vigor
    title: The Ley General enters into force
    when: al día siguiente de la publicación de la Ley General
    names: [entrada en vigor de este decreto]
commitments:
  - id: acusatorio
    number: 1
    branch: one
    title: The accusatory criminal procedure in force everywhere
    deadlines:
      - source: >-
          sin exceder el plazo de ocho años, contados a partir del día siguiente de la
          publicación de este decreto
        deadline: >-
          sin exceder el plazo de ocho años, contados a partir del día siguiente de la
          publicación de este decreto
  - id: reinsercion
    number: 2
    branch: one
    title: The new system of social reinsertion
    deadlines:
      - source: >-
          sin que pueda exceder el plazo de tres años, contados a partir del día siguiente
          de la publicación de este decreto
        deadline: >-
          sin que pueda exceder el plazo de tres años, contados a partir del día siguiente
          de la publicación de este decreto
  - id: evaluaciones
    number: 3
    branch: one
    title: Every member of the public security institutions evaluated
    deadlines:
      - source: >-
          De manera progresiva y en un plazo de cuatro años a partir de la entrada en vigor
          de este decreto
        deadline: en un plazo de cuatro años a partir de la entrada en vigor de este decreto
"""


def test_the_laws_as_a_data_file(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "laws.yaml"
    path.write_text(LAWS, encoding="utf-8")
    assert cli("check", "--file", str(path)).code == 0
    rows = cli("due", "--file", str(path), "--format", "json").json()["rows"]
    assert {r["id"]: r["due"] for r in rows} == {
        "acusatorio": "2016-06-18",
        "reinsercion": "2011-06-18",
        "evaluaciones": "2013-01-03",
    }
    chain = cli("explain", "evaluaciones", "--file", str(path), "--format", "json").json()
    assert [step["id"] for step in chain["chains"][0]] == [
        "evaluaciones",
        "lgsnsp-vigor",
        "lgsnsp-publicada",
    ]
    assert chain["chains"][0][0]["rule"] == "4 years after lgsnsp-vigor (2009-01-03)"
