"""Dates as pages print them -> naive wall-clock datetimes (the page's own local time).

Year first (2023-05-06, 2023年5月6日, 2023/5/6 下午2:05), month/day/year (7/5/2005 9:23:57 PM)
or day/month/year as the page's own unambiguous dates show (slash_order),
month names (十一月 6th, 2009; Nov 6, 2009), Chinese numerals (二〇二三年五月六日) and
Taiwan's 民国 years. Relative dates (3小时前) are not dates.
"""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from transforms.chrome import DATE

_US = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/((?:19|20)\d{2})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?")
_MONTH_NAMES = {
    **{m: i for i, m in enumerate(("january", "february", "march", "april", "may", "june", "july", "august",
                                   "september", "october", "november", "december"), 1)},
    **{m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)},
    "sept": 9,
    **{m: i for i, m in enumerate(("一月", "二月", "三月", "四月", "五月", "六月", "七月", "八月", "九月", "十月",
                                   "十一月", "十二月"), 1)},
}
_NAMED = re.compile(
    r"(?<![a-z一二三四五六七八九十])(" + "|".join(sorted(map(re.escape, _MONTH_NAMES), key=len, reverse=True)) + r")\.?\s*"
    r"(\d{1,2})(?:st|nd|rd|th)?,?\s+((?:19|20)\d{2})",
    re.I,
)
# C's ctime(), which BBS posts print in their header (发信站: 青山BBS (Tue May  6 10:20:33 2008)).
_CTIME = re.compile(
    r"\b(?:mon|tue|wed|thu|fri|sat|sun)\s+(" + "|".join(m for m in _MONTH_NAMES if m.isascii() and len(m) == 3) + r")\s+"
    r"(\d{1,2})\s+(\d{1,2}):(\d{2}):(\d{2})\s+((?:19|20)\d{2})\b",
    re.I,
)
_CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0, "Ｏ": 0, "O": 0}
_CN_DATE = re.compile(r"([〇零○Ｏ一二三四五六七八九]{4})年([一二三四五六七八九十]{1,2})月([一二三四五六七八九十]{1,3})日")
# Taiwan's official calendar counts from 1912 (民国112年 = 2023): with the era named, or a
# three-digit year of this century's range.
_ROC = re.compile(r"(?:民国|民國)\s*(\d{1,3})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日|(?<![\d.])(1[01]\d)年(\d{1,2})月(\d{1,2})日")

# Pages print local time and almost never say which zone: mainland, Hong Kong, Macau and
# Taiwan all keep UTC+8, so that is the zone a printed time is taken to be in.
PAGE_ZONE = timezone(timedelta(hours=8))

# "下午2:05", "2:05 PM": the afternoon hours of a 12-hour clock.
_AFTERNOON = re.compile(r"下午|晚上|晚间|傍晚|pm", re.I)


# A time of day printed before its date (09:15 2023/05/06, 下午 2:05 2023年5月6日).
_TIME_BEFORE = re.compile(r"(\d{1,2})[:：](\d{2})(?:[:：](\d{2}))?\s*$")
_TIME_BEFORE_REACH = 16


def slash_order(text: str) -> bool:
    """Whether a page writes dd/mm/yyyy: one of its slash dates can only be read day first
    (13/02/2022) and none only month first (02/13/2022). A page that shows neither keeps the
    month-first reading."""
    if "/" not in text:
        return False
    day_first = month_first = False
    for m in _US.finditer(text):
        first, second = int(m.group(1)), int(m.group(2))
        day_first |= first > 12 >= second
        month_first |= second > 12 >= first
    return day_first and not month_first


def parse_date(text: str, day_first: bool = False) -> datetime | None:
    """The first date in text. day_first: read slash dates as dd/mm/yyyy (slash_order)."""
    for m in DATE.finditer(text):
        y, mo, d, h, mi, s = m.groups()
        before = text[max(0, m.start() - _TIME_BEFORE_REACH) : m.start()]
        if h is None and (first := _TIME_BEFORE.search(before)) is not None:  # 09:15 2023/05/06
            h, mi, s = first.groups()
        if (when := _build(y, mo, d, h, mi, s, _AFTERNOON.search(before + m.group(0)))) is not None:
            return when
    for m in _US.finditer(text):
        mo, d, y, h, mi, s, half = m.groups()
        if day_first:
            mo, d = d, mo
        if (when := _build(y, mo, d, h, mi, s, half and half.lower() == "pm")) is not None:
            return when
    for m in _NAMED.finditer(text):
        name, d, y = m.groups()
        if (when := _build(y, _MONTH_NAMES[name.lower()], d, None, None, None, False)) is not None:
            return when
    for m in _CTIME.finditer(text):
        name, d, h, mi, sec, y = m.groups()
        if (when := _build(y, _MONTH_NAMES[name.lower()], d, h, mi, sec, False)) is not None:
            return when
    for m in _CN_DATE.finditer(text):  # 二〇二三年五月六日: the date that signs a government document
        y, mo, d = m.groups()
        if (when := _build("".join(str(_CN_DIGITS[c]) for c in y), _cn_number(mo), _cn_number(d), None, None, None, False)):
            return when
    for m in _ROC.finditer(text):
        y, mo, d = m.group(1, 2, 3) if m.group(1) else m.group(4, 5, 6)
        if (when := _build(int(y) + 1911, mo, d, None, None, None, False)) is not None:
            return when
    return None


def _cn_number(text: str) -> int:
    """一 to 三十一, as dates write them (十二, 二十三)."""
    if "十" not in text:
        return _CN_DIGITS[text]
    tens, _, units = text.partition("十")
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[units] if units else 0)


def _build(y, mo, d, h, mi, s, afternoon) -> datetime | None:
    hour = int(h or 0)
    if afternoon and hour < 12 and h is not None:
        hour += 12
    try:
        return datetime(int(y), int(mo), int(d), hour, int(mi or 0), int(s or 0))
    except ValueError:
        return None


# A date in a page's address: /2018-12-28/, /2019-12/10/, /2019/09/07/, /20171209/, t20220507_,
# /201603190029.aspx (the date, then the story's number). Year, month and day must be a day
# of the calendar; a run of digits is read only from its start.
_URL_DATE = re.compile(r"(?<![0-9])((?:19|20)\d{2})([-/_]?)(0[1-9]|1[0-2])\2(0[1-9]|[12]\d|3[01])(?![0-9]{1,3}(?:[/_.\-?#]|$))")
_URL_YEAR_MONTH_DAY = re.compile(r"/((?:19|20)\d{2})[-/_](0?[1-9]|1[0-2])/(0?[1-9]|[12]\d|3[01])/")


def date_in_url(url: str | None) -> datetime | None:
    """The publication day an article's address gives, if any (its path, never its host)."""
    if not url:
        return None
    path = url.split("://", 1)[-1].partition("/")[2]
    if not path:
        return None
    m = _URL_YEAR_MONTH_DAY.search("/" + path) or _URL_DATE.search(path)
    if m is None:
        return None
    y, mo, d = (m.group(1), m.group(2), m.group(3)) if m.re is _URL_YEAR_MONTH_DAY else (m.group(1), m.group(3), m.group(4))
    return _build(y, mo, d, None, None, None, False)


def parse_markup_time(text: str) -> datetime | None:
    """A time from markup (article:published_time, JSON-LD): ISO 8601 with an offset is an
    instant, given back as the page zone's wall-clock time; anything else as printed."""
    try:
        when = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return parse_date(text)
    if when.tzinfo is not None:
        when = when.astimezone(PAGE_ZONE).replace(tzinfo=None)
    return when.replace(microsecond=0)


def as_utc(wall_clock: datetime | None) -> datetime | None:
    """The instant of a wall-clock time printed in the page zone."""
    return None if wall_clock is None else wall_clock.replace(tzinfo=PAGE_ZONE).astimezone(timezone.utc)
