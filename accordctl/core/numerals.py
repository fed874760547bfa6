"""Numbers written in words, in English and in Spanish, from zero to 999,999.

Laws write terms in words ("ciento ochenta días", "trescientos sesenta y cinco días") and
years too ("dos mil nueve"); `number` reads them, and says which language the words are in
so that the grammar can refuse a phrase that mixes the two. Words come folded (lowercase,
acute accents and the diaeresis removed: `lexicon.fold`).
"""

from __future__ import annotations

EN, ES = "English", "Spanish"

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
# 200 ... 900; each also in the feminine ("doscientas semanas").
_ES_HUNDREDS = {
    "doscientos": 200, "trescientos": 300, "cuatrocientos": 400, "quinientos": 500,
    "seiscientos": 600, "setecientos": 700, "ochocientos": 800, "novecientos": 900,
}  # fmt: skip
_ES_HUNDREDS |= {w[:-2] + "as": n for w, n in _ES_HUNDREDS.items()}


def _below_100() -> dict[str, tuple[int, str]]:
    """Every number word from 0 to 99 in both languages, with its value and language."""
    out = {w: (i, EN) for i, w in enumerate(_EN_ONES)}
    for t, tens in enumerate(_EN_TENS, 2):
        out[tens] = (10 * t, EN)
        for i in range(1, 10):  # "twenty-four", and "twenty four" as some write it
            out[f"{tens}-{_EN_ONES[i]}"] = out[f"{tens} {_EN_ONES[i]}"] = (10 * t + i, EN)
    out |= {w: (i, ES) for i, w in enumerate(_ES_ONES)}
    # "un" and "una" stand before a noun: "un mes", "veintiún días", "treinta y una semanas".
    out |= {"un": (1, ES), "una": (1, ES), "veintiun": (21, ES), "veintiuna": (21, ES)}
    ones = {"un": 1, "una": 1} | {w: i for i, w in enumerate(_ES_ONES[1:10], 1)}
    for t, tens in enumerate(_ES_TENS, 3):
        out[tens] = (10 * t, ES)
        out |= {f"{tens} y {w}": (10 * t + i, ES) for w, i in ones.items()}
    return out


_SMALL = _below_100()
# Every word a number in words may contain: the grammar tells "ciento ochenta" (a number,
# perhaps a wrong one) from "a fin de" (no number at all) by these.
WORDS = {w for key in _SMALL for w in key.replace("-", " ").split()}
WORDS |= {"a", "an", "and", "hundred", "thousand", "cien", "ciento", "mil", "y"}
WORDS |= set(_ES_HUNDREDS)
SPANISH_WORDS = {w for w, (_, lang) in _SMALL.items() if lang == ES and " " not in w}
SPANISH_WORDS |= {"cien", "ciento", "mil", *_ES_HUNDREDS}


def _small(words: list[str], lang: str) -> int | None:
    """0-99 in `lang`."""
    hit = _SMALL.get(" ".join(words))
    return hit[0] if hit and hit[1] == lang else None


def _spanish_below_1000(words: list[str]) -> int | None:
    """1-999 in Spanish: "cien", "ciento ochenta", "trescientos sesenta y cinco"."""
    if not words:
        return None
    head, rest = words[0], words[1:]
    if head == "cien":
        return None if rest else 100
    hundreds = 100 if head == "ciento" else _ES_HUNDREDS.get(head)
    if hundreds is None:
        return _small(words, ES)
    if head == "ciento" and not rest:
        return None  # "ciento" alone is no number: a hundred alone is "cien"
    tail = _small(rest, ES) if rest else 0
    return None if tail is None or (rest and not tail) else hundreds + tail


def _english_below_1000(words: list[str]) -> int | None:
    """1-999 in English: "a hundred", "one hundred eighty", "two hundred and five"."""
    if "hundred" not in words:
        return _small(words, EN)
    i = words.index("hundred")
    head, rest = words[:i], words[i + 1 :]
    count = 1 if head in (["a"], ["one"]) else _small(head, EN)
    if count is None or not 1 <= count <= 9:
        return None
    if rest[:1] == ["and"]:
        rest = rest[1:]
        if not rest:
            return None
    tail = _small(rest, EN) if rest else 0
    return None if tail is None or (rest and not tail) else 100 * count + tail


def _in(words: list[str], lang: str) -> int | None:
    """0-999,999 in `lang`."""
    below = _english_below_1000 if lang == EN else _spanish_below_1000
    big = "thousand" if lang == EN else "mil"
    if words.count(big) > 1:
        return None
    if big not in words:
        if lang == EN and words in (["a"], ["an"]):
            return 1
        return below(words)
    i = words.index(big)
    head, rest = words[:i], words[i + 1 :]
    if lang == ES:
        count = 1 if head in ([], ["un"]) else below(head)
    else:
        count = 1 if head in (["a"], ["one"]) else below(head)
        if rest[:1] == ["and"]:
            rest = rest[1:]
            if not rest:
                return None
    if count is None or count < 1:
        return None
    tail = below(rest) if rest else 0
    return None if tail is None or (rest and not tail) else 1000 * count + tail


def number(folded: str) -> tuple[int, str] | None:
    """The value of a number in English or Spanish words (folded: "seis", "veintiseis",
    "ciento ochenta", "one hundred and eighty", "dos mil nueve"), and its language; None
    when the words are no number in either language."""
    if (small := _SMALL.get(folded)) is not None:  # "seis", "twenty-four": most numbers
        return small
    words = folded.split()
    if not words or not WORDS.issuperset(w for word in words for w in word.split("-")):
        return None
    for lang in (EN, ES):
        value = _in(words, lang)
        if value is not None:
            return value, lang
    return None
