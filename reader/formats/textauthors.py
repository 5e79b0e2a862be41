"""Author and date lines of the indented text archive, in the languages blogs are written in.

"NAME says:", "NAME sagt:", "NAME dit :", "NAME より:" and the like (a date may follow on the
next line), "NAME Jun 20th at 2:41 am" (name and date on one line), and a short name line with a
date line under it. A comment with none of these has no known author: nothing is guessed.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import NamedTuple

# w3m's alt text of an avatar before a name: "[0e1ea3] degski says:"
_AVATAR = r"(?:\[(?=[^\]]*\d)[0-9A-Za-z]{2,10}\]\s*)?"
_SAYS = re.compile(
    rf"^{_AVATAR}(?P<name>\S.{{0,79}}?)(?:\s+(?:says|said|wrote|sagt|schrieb|meint|dit|"
    r"a écrit|dice|escribió|diz|disse|escreveu|schreef|zegt|pisze|napisał|napisała|"
    r"говорит|пишет|написал|написала|skriver|skrev|sier|siger|ha detto|scrive|kirjoitti|"
    r"sanoo|yazdı)|\s*(?:より|说|說|님의 말))\s*[:：]\s*$",
    re.IGNORECASE,
)
_SAYS_EN = re.compile(r"^(?P<name>[^\[\s].{0,79}?)\s+says:$")  # the common case, quickly
_MONTH = (
    r"(?:jan|feb|fév|fev|mar|mär|maa|apr|avr|abr|kwi|may|mai|mei|maj|mag|мая|май|jun|juin|"
    r"giu|cze|jul|juil|lug|lip|aug|août|aou|ago|sie|sep|set|wrz|oct|okt|out|ott|paź|nov|lis|"
    r"dec|déc|dez|dic|gru|sty|lut|ene|gen|янв|фев|мар|апр|июн|июл|авг|сен|окт|ноя|дек)"
    r"[^\W\d_]*\.?"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th|er|\.)?"
_DATE = (
    rf"(?:{_MONTH}\s+{_DAY}(?:,?\s+\d{{4}})?|{_DAY}\s*(?:de\s+)?{_MONTH}(?:,?\s+(?:de\s+)?\d{{4}})?"
    r"|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}|\d{4}年\d{1,2}月\d{1,2}日)"
)
_TIME = r"\d{1,2}[:h.]\d{2}(?:\s*[ap]\.?\s?m\.?)?"
_AT = r"(?:,?\s+(?:at|um|à|a las|às|om|o|в|kl\.?|alle|le|-|—)?\s*|\s*)"
_DATE_LINE = re.compile(rf"^{_DATE}(?:{_AT}{_TIME})?$", re.IGNORECASE)
_NAME_AND_DATE = re.compile(
    rf"^{_AVATAR}(?P<name>\S.{{0,79}}?)\s+(?P<date>{_DATE}{_AT}{_TIME})$", re.IGNORECASE
)
_MONTH_NUMBERS = {
    **dict.fromkeys(("jan", "sty", "ene", "gen", "янв"), 1),
    **dict.fromkeys(("feb", "fév", "fev", "lut", "фев"), 2),
    **dict.fromkeys(("mar", "mär", "maa", "мар"), 3),
    **dict.fromkeys(("apr", "avr", "abr", "kwi", "апр"), 4),
    **dict.fromkeys(("may", "mai", "mei", "maj", "mag", "мая", "май"), 5),
    **dict.fromkeys(("jun", "juin", "giu", "cze", "июн"), 6),
    **dict.fromkeys(("jul", "juil", "lug", "lip", "июл"), 7),
    **dict.fromkeys(("aug", "aoû", "aou", "ago", "sie", "авг"), 8),
    **dict.fromkeys(("sep", "set", "wrz", "сен"), 9),
    **dict.fromkeys(("oct", "okt", "out", "ott", "paź", "окт"), 10),
    **dict.fromkeys(("nov", "lis", "ноя"), 11),
    **dict.fromkeys(("dec", "déc", "dez", "dic", "gru", "дек"), 12),
}
_PARTS = (
    re.compile(rf"(?P<month>{_MONTH})\s+(?P<day>\d{{1,2}})\D*?(?P<year>\d{{4}})", re.IGNORECASE),
    re.compile(rf"(?P<day>\d{{1,2}})\D*?(?P<month>{_MONTH})\D*?(?P<year>\d{{4}})", re.IGNORECASE),
    re.compile(r"(?P<year>\d{4})[-/.年](?P<month>\d{1,2})[-/.月](?P<day>\d{1,2})"),
)
_CLOCK = re.compile(
    r"(?P<hour>\d{1,2})[:h.](?P<minute>\d{2})(?:\s*(?P<half>[ap])\.?\s?m\.?)?$", re.IGNORECASE
)
_DATE_ENDS = frozenset("0123456789mM.日")  # a year, a time, "p.m.", 年月日
_NOT_DATE_STARTS = frozenset(" \"'“‘(*-•>[")
_SENTENCE_END = (".", "!", "?", ":", ";", ",", "…", "。", "！", "？")


class Byline(NamedTuple):
    """Who wrote a comment and when; `date_line` when the date was the line under the name."""

    author: str
    created: datetime | None
    date_line: bool


def author_line(first: str, following: str) -> Byline | None:
    """The byline a comment's first line (and the non-blank line after it) make, if any."""
    if first.endswith((":", "：")):
        says = _SAYS_EN.match(first) if first.endswith(" says:") else None
        says = says or _SAYS.match(first)
        if says is None:
            return None
        dated = is_date_line(following)
        created = parse_date(following) if dated else None
        return Byline(says["name"].strip(), created, dated)
    if not first or len(first) > 120:
        return None
    if first[-1].isdigit() or first[-1] in "mM.":
        both = _NAME_AND_DATE.match(first)
        if both is not None and not both["name"].endswith(_SENTENCE_END):
            return Byline(both["name"].strip(), parse_date(both["date"]), False)
    if (
        len(first) <= 60
        and len(first.split()) <= 6
        and not first.endswith(_SENTENCE_END)
        and not is_date_line(first)
        and is_date_line(following)
    ):
        return Byline(first.removeprefix("[").strip(), parse_date(following), True)
    return None


def is_date_line(line: str) -> bool:
    """A line that is only a date, perhaps with a time ("March 3, 2024 at 10:15 am")."""
    text = line.strip()
    return (
        0 < len(text) <= 60
        and text[-1] in _DATE_ENDS
        and text[0] not in _NOT_DATE_STARTS
        and _DATE_LINE.match(text) is not None
    )


def parse_date(text: str) -> datetime | None:
    """A date with a year (and perhaps a time) as a UTC datetime; None without a year."""
    text = text.strip()
    for pattern in _PARTS:
        found = pattern.search(text)
        if found is not None:
            break
    else:
        return None
    month = found["month"]
    number = int(month) if month.isdigit() else _month_number(month)
    hour = minute = 0
    clock = _CLOCK.search(text)
    if clock is not None:
        hour, minute = int(clock["hour"]), int(clock["minute"])
        if clock["half"]:
            if not 1 <= hour <= 12:
                return None
            hour = hour % 12 + (12 if clock["half"].casefold() == "p" else 0)
    try:
        return datetime(
            int(found["year"]), number, int(found["day"]), hour, minute, tzinfo=timezone.utc
        )
    except ValueError:
        return None


def _month_number(word: str) -> int:
    word = word.casefold().rstrip(".")
    return _MONTH_NUMBERS.get(word[:4]) or _MONTH_NUMBERS.get(word[:3]) or 0
