"""The whole deadline grammar: every form of `grammar.FORMS`, read from a phrase.

Each form is a regular expression over the folded phrase (`lexicon.fold`), with the words
of both languages; a match notes the language of each word it used, and a phrase whose
words come from both is refused. What is found in the folded text (an id, a name) is cut
from the text as written. Compiled on the first phrase `phrases.parse` does not read itself.
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from functools import lru_cache

from accordctl.core.errors import PhraseError
from accordctl.core.grammar import nearest, say
from accordctl.core.lexicon import (
    DAY_KINDS,
    DETERMINERS,
    HALF_YEAR,
    MONTHS,
    NAME,
    PERMANENT,
    SPANISH_WORDS,
    UNITS,
    WEEKDAYS,
    alternation,
    fold,
    normalize,
)
from accordctl.core.numerals import EN, ES, WORDS, number
from accordctl.core.phrases import REF, At, MonthEnd, Offset, OnDate, Permanent, Rule
from accordctl.core.text import quote

_W = alternation(WORDS)
_NUM = rf"(?:[+-]?[0-9]+|{_W}(?:[ -]{_W})*)"
_UNIT = alternation(UNITS)
_MONTH = r"[^\W\d_]+\.?"
_KIND_ES = alternation(k for k, (_, lang) in DAY_KINDS.items() if lang == ES)
_PRE_ES = (  # "dentro de los", "en un plazo máximo de", "sin exceder el plazo de", "a los"
    r"(?:dentro de(?:l| los| las| la| el| un| una)?|en(?: los| las| el| la| un| una)?"
    r"|a (?:los|las)|sin (?:que pueda )?exceder(?: de)?(?: el| la| un| una)?)"
    r"(?: (?:plazo|termino|periodo|lapso)(?: maximo| improrrogable| no mayor| que no exceda)?"
    r"(?: de| a)?)?|(?:el |un )?(?:plazo|termino|periodo|lapso) de"
)
_PRE_EN = (
    r"within(?: a (?:period|term) of| the next| the following| no more than)?|in(?: the next)?"
)
_LINK_ES_WORDS = (  # "después de", "a partir del día siguiente de", "posteriores a", "desde"
    r"(?:(?:contad[oa]s? )?(?:a partir|desde)(?: (?:el|del) dia siguiente)?|despues|luego"
    r"|siguientes?|posteriores?)(?: (?:de|del|a|al))?"
)
_LINK_ES = _LINK_ES_WORDS + "|del?"  # a bare "de" only after "a los", "dentro de los"
_LINK_EN = r"(?:(?:counted |starting )?from|starting(?: on)?)(?: the day after)?|after|of|following"
_DURATION = re.compile(
    rf"(?:(?P<pre_en>{_PRE_EN}) |(?P<pre_es>{_PRE_ES}) )?"
    rf"(?:(?P<half>{alternation(HALF_YEAR)})"
    rf"|(?:de (?P<de>{_NUM}) a |entre (?P<entre>{_NUM}) y |(?:from )?(?P<to>{_NUM}) to "
    rf"|between (?P<between>{_NUM}) and )?"
    rf"(?P<n>{_NUM}) (?:(?P<kind_en>business|working|calendar) )?(?P<unit>{_UNIT})"
    rf"(?: (?P<kind_es>{_KIND_ES}))?)"
    rf"(?: (?:(?P<link_en>{_LINK_EN})|(?P<link_es>{_LINK_ES})) (?P<ref>\S.*)"
    rf"| (?P<next_es>siguientes|posteriores))?"
)
_DAY_AFTER_ES = re.compile(
    r"(?:(?:al|el) )?(?:dia (?P<w1>habil )?siguiente(?P<w2> habil)?|(?P<w3>siguiente dia habil))"
    r"(?: (?:a|al|de|del) (?P<ref>\S.*))?"
)
_DAY_AFTER_EN = re.compile(
    r"(?:on )?the (?:next )?(?P<w1>business |working )?day (?:after|following)(?: (?P<ref>\S.*))?"
)
_YEAR = rf"(?P<year>[0-9]{{4}}|{_NUM})"
_WEEKDAY = alternation(WEEKDAYS)
_HOW_ES = "el|hasta el|hasta|para el|antes del|hasta antes del|en el"
_DIA = re.compile(
    rf"(?:(?P<how>{_HOW_ES}) )?(?:dia )?(?:(?P<wd>{_WEEKDAY}) )?"
    rf"(?P<day>[0-9]{{1,2}}(?:r?o\.?|\.?º|°|\.?ª)?|primero|{_NUM}) de (?P<month>{_MONTH}) "
    rf"(?:(?:de|del) )?{_YEAR}"
)
_DAY = re.compile(
    rf"(?:(?P<how>on|by|until|before) )?(?:(?P<wd>{_WEEKDAY}) )?"
    rf"(?:(?P<month>{_MONTH}) (?P<day>[0-9]{{1,2}})(?:st|nd|rd|th)?"
    rf"|(?:the )?(?P<day2>[0-9]{{1,2}})(?:st|nd|rd|th)? (?:of )?(?P<month2>{_MONTH})) {_YEAR}"
)
_ISO = re.compile(
    rf"(?:(?P<how>on|by|until|before|{_HOW_ES}) )?"
    r"(?P<year>[0-9]{4})-(?P<month>[0-9]{2})-(?P<day>[0-9]{2})"
)
_LAST = re.compile(
    rf"(?:(?:el )?(?P<es>ultimo) dia (?P<habil>habil )?(?:del mes )?de (?P<month>{_MONTH}) "
    rf"(?:(?:de|del) )?|(?:on |by )?the last (?P<business>business |working )?day of "
    rf"(?P<month2>{_MONTH}) ){_YEAR}"
)
_MONTH_YEAR = re.compile(
    r"(?:(?P<how>in|by|before|during|until|en|para|antes de|durante|hasta) )?"
    rf"(?P<month>{_MONTH}) (?:(?P<de>de|del) )?{_YEAR}"
)
_AT = re.compile(r"(?P<how>at|by|on|until|en|para|hasta) (?P<ref>\S.*)")
_LATEST = re.compile(r"(?P<how>a mas tardar|no later than|not later than) (?P<rest>.+)")
# Phrases of no known form, looked at once more to say what in them is wrong.
_GUESS = re.compile(
    rf"(?:(?:{_PRE_EN}|{_PRE_ES}) )?(?P<n>[^ ]+(?: y [^ ]+)?) (?P<unit>[^\W\d_]+)"
    rf"(?: (?:{_LINK_EN}|{_LINK_ES_WORDS}) \S.*)?"
)
_MONTH_ES = {"en", "para", "antes de", "durante", "hasta"}
_BEFORE = {"before", "antes del", "hasta antes del", "antes de"}
_EXAMPLES = {
    "duration": '"6 months after 26" or "6 meses después de 26"',
    "month": '"in September 2008" or "en septiembre de 2008"',
    "day": '"December 31, 2008" or "31 de diciembre de 2008"',
}


class _Reading:
    """One phrase being read: its text, its folded text, and the language of its words."""

    def __init__(self, phrase: str) -> None:
        self.phrase = phrase
        self.text = normalize(phrase)
        self.low = fold(self.text)
        self.langs: set[str] = set()

    def lang(self) -> str | None:
        """The phrase's language as far as its words tell."""
        return ES if ES in self.langs else EN if EN in self.langs else None

    def error(self, key: str, lang: str | None = None, **values: str) -> PhraseError:
        """An error in the phrase's language (or `lang`)."""
        return PhraseError(say(key, lang or self.lang(), phrase=quote(self.phrase), **values))

    def mark(self, shape: str, *langs: str | None) -> None:
        """Note the languages of some words; refuse a phrase that mixes the two."""
        self.langs.update(x for x in langs if x)
        if {EN, ES} <= self.langs:
            raise PhraseError(
                f"{quote(self.phrase)} mixes English and Spanish words "
                f"(expected one language, e.g. {_EXAMPLES[shape]})"
            )

    def ref(self, m: re.Match[str], group: str = "ref") -> str:
        """The id or name a match found, as written, without a leading determiner."""
        start, end = m.span(group)
        words = self.text[start:end].split(" ")
        while len(words) > 1:  # "la firma", "la fecha de su publicación", "the date of X"
            head = [fold(w) for w in words[:2]]
            if head[0] in DETERMINERS:
                words = words[1:]
            elif head in (["fecha", "de"], ["fecha", "del"], ["date", "of"]) and len(words) > 2:
                words = words[2:]
            else:
                break
        ref = " ".join(words)
        if not (re.fullmatch(REF, ref) or NAME.fullmatch(ref)):
            raise self.error("reference", word=quote(ref))
        return ref

    def number(self, word: str, *, plain: bool = False) -> int:
        """A number in digits or words; with `plain`, None-free (a day, a year)."""
        digits = word.lstrip("+-")
        if digits.isascii() and digits.isdigit():
            if len(digits) > 12:
                raise self.error("large", word=quote(word, 20))
            return int(word)
        hit = number(word)
        if hit is None:
            raise self.error("number", word=quote(word, 20))
        if not plain:
            self.mark("duration", hit[1])
        return hit[0]

    def month(self, m: re.Match[str], shape: str, lang: str | None) -> int:
        """The number of the month a match names, in the language of the words around it."""
        group = "month" if m["month"] else "month2"
        hit = MONTHS.get(m[group].rstrip("."))
        if hit is None:
            start, end = m.span(group)
            raise self.error("month", lang, word=quote(self.text[start:end]))
        self.mark(shape, hit[1])
        return hit[0]

    def day(self, year: int, month: int, day: int, weekday: str | None = None) -> date:
        """A date, checked (and its weekday, when the phrase gives one)."""
        try:
            found = date(year, month, day)
        except ValueError:
            lang = self.lang()
            if not 1 <= month <= 12:
                why = f"no month {month}" if lang != ES else f"no hay mes {month}"
            else:
                last = calendar.monthrange(year, month)[1] if 1 <= year <= 9999 else 31
                name = _month_name(month, lang)
                why = (
                    f"{name} de {year} tiene {last} días"
                    if lang == ES
                    else f"{name} {year} has {last} days"
                )
            raise self.error("no-date", why=why) from None
        if weekday is not None and WEEKDAYS[weekday][0] != found.weekday():
            lang = WEEKDAYS[weekday][1]
            real = [w for w, (i, x) in WEEKDAYS.items() if i == found.weekday() and x == lang]
            names = _WEEKDAY_NAMES if lang == ES else {}
            given, real_name = (names.get(w, w.title()) for w in (weekday, real[0]))
            raise self.error("weekday", lang, day=found.isoformat(), real=real_name, given=given)
        return found


# Spanish weekdays as they are written (lowercase, with their accents).
_WEEKDAY_NAMES = {w: w for w, (_, lang) in WEEKDAYS.items() if lang == ES}
_WEEKDAY_NAMES |= {"miercoles": "miércoles", "sabado": "sábado"}


def _month_name(month: int, lang: str | None) -> str:
    if lang == ES:
        return next(w for w, (i, x) in MONTHS.items() if i == month and x == ES and len(w) > 4)
    return calendar.month_name[month]


@lru_cache(maxsize=4096)  # a file says "6 meses" many times; rules are immutable
def read(phrase: str) -> Rule:
    """Read one deadline phrase of any form, in English or Spanish (`phrases.parse`); raise
    PhraseError saying what was expected, in the phrase's language."""
    r = _Reading(phrase)
    low = r.low
    if low in PERMANENT:
        return Permanent()
    if m := _LATEST.fullmatch(low):  # "a más tardar", "no later than": the date is the same
        r.mark("day", EN if m["how"][0] == "n" else ES)
        low = m["rest"]
    for form in (_fixed, _duration, _at):
        rule = form(r, low)
        if rule is not None:
            return rule
    raise _unread(r, low)


# Every form of a day or a month names a year, in digits or in words: a phrase without one
# is no such form, and is not tried against them (they are the slowest to fail).
_HAS_YEAR = re.compile(r"[0-9]{4}|mil|thousand")


def _fixed(r: _Reading, low: str) -> Rule | None:
    """A day, or a month's last day: the forms that need no base."""
    if not _HAS_YEAR.search(low):
        return None
    if m := _ISO.fullmatch(low):
        how: str | None = m["how"]
        r.mark("day", None if how is None else EN if how in ("on", "by", "until", "before") else ES)
        day = r.day(int(m["year"]), int(m["month"]), int(m["day"]))
        return OnDate(day, how in _BEFORE)
    if m := _LAST.fullmatch(low):
        lang: str | None = ES if m["es"] else EN
        r.mark("day", lang)
        month = r.month(m, "day", lang)
        working = bool(m["habil"] or m["business"])
        return MonthEnd(r.number(m["year"], plain=True), month, working=working)
    if m := _DIA.fullmatch(low):
        r.mark("day", ES)
        month = r.month(m, "day", ES)
        word = m["day"]  # "1o.", "1º", "1ro.": the digits; else words ("cuatro", "primero")
        word = word.rstrip(".ºª°ro") if word[0].isdigit() else word
        nth = 1 if word == "primero" else r.number(word, plain=True)
        found = r.day(r.number(m["year"], plain=True), month, nth, m["wd"])
        r.mark("day", WEEKDAYS[m["wd"]][1] if m["wd"] else None)
        return OnDate(found, m["how"] in _BEFORE)
    if m := _DAY.fullmatch(low):
        word = m["month"] or m["month2"]
        if MONTHS.get(word.rstrip("."), (0, EN))[1] == ES and m["month"]:
            raise r.error("day-first", ES)  # "diciembre 31, 2008": the English order
        r.mark("day", EN if m["how"] else None, WEEKDAYS[m["wd"]][1] if m["wd"] else None)
        month = r.month(m, "day", EN)
        year = r.number(m["year"], plain=True)
        return OnDate(r.day(year, month, int(m["day"] or m["day2"]), m["wd"]), m["how"] == "before")
    if m := _MONTH_YEAR.fullmatch(low):
        how = m["how"]
        lang = None if how is None else ES if how in _MONTH_ES else EN
        if how is None and m["month"].rstrip(".") not in MONTHS:
            return None  # "Diciembre 2010" needs a month's name; "Smarch 2008" is no form
        r.mark("month", lang, ES if m["de"] else None)
        month = r.month(m, "month", lang or EN)
        return MonthEnd(r.number(m["year"], plain=True), month, how in _BEFORE)
    return None


def _duration(r: _Reading, low: str) -> Offset | None:
    """N units, a period of them, or the day after a base."""
    for lang, pattern in ((ES, _DAY_AFTER_ES), (EN, _DAY_AFTER_EN)) if "d" in low else ():
        if m := pattern.fullmatch(low):
            r.mark("duration", lang)
            working = any(m[g] for g in ("w1", "w2", "w3") if g in pattern.groupindex)
            return Offset(1, "workdays" if working else "days", r.ref(m) if m["ref"] else "signing")
    m = _DURATION.fullmatch(low)
    if m is None or (m["link_en"] == "of" and not m["pre_en"]):
        return None  # "of" counts from a base only after "within": "within 6 months of X"
    if m["link_es"] in ("de", "del") and not m["pre_es"]:
        return None  # and "de" only after "a los", "dentro de los": "a los 6 meses de X"
    r.mark("duration", *(lang for lang, g in _LANG_GROUPS if m[g]))
    if m["half"]:
        r.mark("duration", HALF_YEAR[m["half"]])
        n, unit, start = 6, "months", None
    else:
        unit, times, unit_lang = UNITS[m["unit"]]
        kind = m["kind_en"] or m["kind_es"]
        r.mark("duration", unit_lang, DAY_KINDS[kind][1] if kind else None)
        if kind and unit != "days":
            start, end = m.span("kind_en" if m["kind_en"] else "kind_es")
            raise r.error("kind", word=quote(r.text[start:end]))
        unit = DAY_KINDS[kind][0] if kind else unit
        n, start = _span(r, m)
        n, start = n * times, None if start is None else start * times
        if n < 0 or (start is not None and start < 0):
            raise r.error("negative")
        if start is not None and start > n:
            raise r.error("range")
    return Offset(n, unit, r.ref(m) if m["ref"] else "signing", start)


_LANG_GROUPS = (
    (EN, "pre_en"), (ES, "pre_es"), (EN, "link_en"), (ES, "link_es"), (ES, "next_es"),
    (ES, "de"), (ES, "entre"), (EN, "to"), (EN, "between"),
)  # fmt: skip


def _span(r: _Reading, m: re.Match[str]) -> tuple[int, int | None]:
    """The number of units, and where a period opens (None: no period)."""
    first = m["de"] or m["entre"] or m["to"] or m["between"]
    if first is None:
        return r.number(m["n"]), None
    if m["entre"] or m["between"]:  # "entre treinta y uno y cuarenta": try every "y"
        joint = " y " if m["entre"] else " and "
        words = f"{first}{joint}{m['n']}".split(joint)
        for i in range(1, len(words)):
            a, b = number(joint.join(words[:i])), number(joint.join(words[i:]))
            if a is not None and b is not None:
                r.mark("duration", a[1], b[1])
                return b[0], a[0]
    return r.number(m["n"]), r.number(first)


def _at(r: _Reading, low: str) -> At | None:
    """The date of what is named: "by session-2008", "en la firma"."""
    m = _AT.fullmatch(low)
    if m is None:
        return None
    r.mark("duration", EN if m["how"] in ("at", "by", "on", "until") else ES)
    return At(r.ref(m))


def _unread(r: _Reading, low: str) -> PhraseError:
    """The error for a phrase of no known form: what in it is wrong, when that can be
    told, else the forms nearest to it, in its language."""
    spanish = bool(SPANISH_WORDS.intersection(low.split())) or ES in r.langs
    lang = ES if spanish else EN
    if m := _GUESS.fullmatch(low):
        unit = UNITS.get(m["unit"])
        word = m["n"]
        digits = word.lstrip("+-")
        is_number = (digits.isascii() and digits.isdigit()) or number(word) is not None
        if unit and not is_number:
            r.mark("duration", unit[2])
            r.number(word)  # raises "not a number", in the unit's language
        if is_number and not unit:
            found = number(word)
            lang = found[1] if found else lang
            key = "ano" if m["unit"] in ("ano", "anos") else "unit"
            return r.error(key, ES if key == "ano" else lang, word=quote(m["unit"], 20))
    near = " or ".join(f'"{x}"' for x in nearest(low, lang))
    near = near.replace(" or ", " o ") if lang == ES else near
    return r.error("cannot-read", lang, near=near)
