"""Quality signals of a cleaned document, for corpus builders to choose what to keep: its
language, how much of it is Chinese, how it is written (sentence ends, paragraph lengths),
how repetitive it is (Gopher's repetition measures, with characters as the unit: Chinese
has no spaces to make words of), what else it is made of (digits, Latin, symbols), how much
of it sells gambling, lotteries, sex or search rankings, and how much personal data it holds.

All are cheap (a few regex scans and one compiled pass for classes and n-grams) and plain
numbers: the README documents each column; transforms/quality.py turns thresholds into
filters. Nothing here drops text.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, fields

import numpy as np

from transforms import _ngrams
from transforms.lexicon import SPAM

# Each character's classes, looked up in one table (a regex scan per class cost 5x more).
HAN, KANA, HANGUL, LATIN, DIGIT, SENTENCE_END, SYMBOL = (1 << k for k in range(7))
_RANGES = {
    HAN: ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF)),
    KANA: ((0x3040, 0x30FF), (0x31F0, 0x31FF), (0xFF66, 0xFF9F)),
    HANGUL: ((0xAC00, 0xD7AF), (0x1100, 0x11FF), (0x3130, 0x318F)),
    LATIN: ((0x41, 0x5A), (0x61, 0x7A), (0xC0, 0xD6), (0xD8, 0xF6), (0xF8, 0x24F)),
    DIGIT: ((0x30, 0x39), (0xFF10, 0xFF19)),
}
# The punctuation prose is written with; other punctuation, symbols, controls and private-use
# characters (★ ◆ ☎ | █ ...) count as symbols.
_PROSE_PUNCTUATION = "，。、；：？！“”‘’（）《》〈〉【】「」『』—…·,.;:?!'\"()[]-"


_WORD_CHARS = re.compile(r"[A-Za-z]+")
# The commonest English words, a share of the words of English prose far above any other
# Latin-script language's (the, of, and, to, a, in, is: about a fifth of running text).
_ENGLISH_WORDS = frozenset(("the", "of", "and", "to", "a", "in", "is", "that", "for", "it", "was", "on", "with", "as"))

# A script is the page's language from this share of its letters (kana or hangul among
# Chinese text: a brand name, a quoted word, stay far below it).
OTHER_SCRIPT_SHARE = 0.15
# Latin prose is English when this share of its words are the commonest English words.
ENGLISH_WORD_SHARE = 0.12

# Repetition in the Gopher sense (Rae et al. 2021), characters as the unit.
TOP_NGRAMS = (2, 3, 4)
DUPLICATE_NGRAMS = (5, 6, 7, 8, 9, 10)

_SPAM_KIND = {phrase: kind for kind, phrases in SPAM._asdict().items() for phrase in phrases}
# Sorted by first character, as the compiled scan looks them up (transforms/_ngrams.c).
_SPAM_PHRASES = tuple(sorted(_SPAM_KIND))
_SPAM_PHRASE_KINDS = tuple(_SPAM_KIND[p] for p in _SPAM_PHRASES)

# Personal data. Phones: mainland mobiles (11 digits from 13-19) and landlines with their area
# code; resident ID numbers are 18 characters whose last is a checksum (GB 11643); bank cards
# 16-19 digits passing Luhn's check, whole or in groups of four.
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
# A run of digits (with the spaces and hyphens numbers are written with) long enough to be
# one; a card is written whole or in groups of four, anything else is read piece by piece.
_NUMBER_RUN = re.compile(r"(?<![0-9A-Za-z.])\+?\d[\d -]{5,24}[\dXx](?![0-9A-Za-z.])")
_CARD_GROUPS = re.compile(r"\d{4}(?:[ -]\d{4}){3}(?:[ -]?\d{1,3})?")
_NUMBER_PIECE = re.compile(r"\+?86[ -]?1\d{2}[ -]?\d{4}[ -]?\d{4}|1\d{2} \d{4} \d{4}|0\d{2,3}-\d{7,8}|[\dXx]+")
_PHONE = re.compile(r"(?:\+?86[ -]?)?1[3-9]\d[ -]?\d{4}[ -]?\d{4}|0\d{2,3}-\d{7,8}")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
PII_PLACEHOLDERS = {"email": "[EMAIL]", "id": "[ID]", "card": "[CARD]", "phone": "[PHONE]"}


@dataclass(frozen=True)
class QualitySignals:
    """Per document; each field is a documents column of the same name (flows/schemas.py)."""
    lang: str                    # zh, ja, ko, en, other (Latin script, not English), or und (no letters)
    cjk_share: float             # Han characters among all non-space characters
    sentence_ends_per_paragraph: float  # 。！？ per paragraph, on average
    mean_paragraph_chars: float
    max_paragraph_chars: int
    repet_dup_paragraph_chars: float  # share of characters in paragraphs the document holds more than once
    repet_top_2gram: float       # share of characters in the most frequent 2-gram (its occurrences x 2)
    repet_top_3gram: float
    repet_top_4gram: float
    repet_dup_5gram: float       # share of characters inside 5-grams that occur more than once
    repet_dup_6gram: float
    repet_dup_7gram: float
    repet_dup_8gram: float
    repet_dup_9gram: float
    repet_dup_10gram: float
    digit_share: float           # of the non-space characters
    latin_share: float
    symbol_share: float          # neither letter, digit nor punctuation prose uses (★ ◆ ☎ | ...)
    spam_gambling: float         # spam lexicon phrases per 1,000 characters (transforms/lexicon.py)
    spam_lottery: float
    spam_adult: float
    spam_seo: float
    spam_score: float            # the highest of the four
    pii_phone: int               # personal data found (counted whether or not it is masked)
    pii_id: int
    pii_email: int
    pii_card: int


SIGNAL_NAMES = tuple(f.name for f in fields(QualitySignals))


def measure(paragraphs: list[str]) -> QualitySignals:
    text = "\n".join(paragraphs)
    size, count, top, duplicated, spam_hits, number_like = _profile(text)
    spam = dict.fromkeys(SPAM._fields, 0)
    for hit in spam_hits:
        spam[_SPAM_PHRASE_KINDS[hit]] += 1
    per_thousand = {kind: round(1000 * n / size, 3) for kind, n in spam.items()}
    pii = count_pii(text) if number_like else dict.fromkeys(PII_PLACEHOLDERS, 0)
    sizes = [len(p) for p in paragraphs] or [0]
    return QualitySignals(
        lang=_language(text, count[HAN], count[KANA], count[HANGUL], count[LATIN]),
        cjk_share=round(count[HAN] / size, 4),
        sentence_ends_per_paragraph=round(count[SENTENCE_END] / max(1, len(paragraphs)), 3),
        mean_paragraph_chars=round(sum(sizes) / len(sizes), 1),
        max_paragraph_chars=max(sizes),
        repet_dup_paragraph_chars=_duplicate_paragraph_share(paragraphs),
        repet_top_2gram=top[2], repet_top_3gram=top[3], repet_top_4gram=top[4],
        repet_dup_5gram=duplicated[5], repet_dup_6gram=duplicated[6], repet_dup_7gram=duplicated[7],
        repet_dup_8gram=duplicated[8], repet_dup_9gram=duplicated[9], repet_dup_10gram=duplicated[10],
        digit_share=round(count[DIGIT] / size, 4),
        latin_share=round(count[LATIN] / size, 4),
        symbol_share=round(count[SYMBOL] / size, 4),
        spam_gambling=per_thousand["gambling"], spam_lottery=per_thousand["lottery"],
        spam_adult=per_thousand["adult"], spam_seo=per_thousand["seo"], spam_score=max(per_thousand.values()),
        pii_phone=pii["phone"], pii_id=pii["id"], pii_email=pii["email"], pii_card=pii["card"],
    )


_FLAGS = (HAN, KANA, HANGUL, LATIN, DIGIT, SENTENCE_END, SYMBOL)
# The compiled pass's table: the classes, and bits for what it also needs to know of a
# character (transforms/_ngrams.c).
_PHRASE_START, _WHITESPACE, _DECIMAL = 0x80, 0x100, 0x200


def _compiled_table(phrases: tuple[str, ...]) -> bytes:
    """Each Basic Multilingual Plane character's classes and the compiled pass's bits, in
    one walk over the plane."""
    table = np.zeros(0x10000, np.uint16)
    for flag, ranges in _RANGES.items():
        for low, high in ranges:
            table[low : high + 1] |= flag
    for char in "。！？!?…":
        table[ord(char)] |= SENTENCE_END
    table[[ord(p[0]) for p in phrases]] |= _PHRASE_START
    for code in range(0x10000):
        char = chr(code)
        if code > 0x20 and unicodedata.category(char)[0] in "SPC" and char not in _PROSE_PUNCTUATION:
            table[code] |= SYMBOL
        if char.isspace():
            table[code] |= _WHITESPACE
        if char.isdecimal():
            table[code] |= _DECIMAL
    return table.tobytes()


_CLASS_TABLE = _compiled_table(_SPAM_PHRASES)


def _profile(text: str) -> tuple[int, dict[int, int], dict[int, float], dict[int, float], list[int], bool]:
    """Of the text without its whitespace: its length; the characters of each class (HAN,
    KANA...); per n of TOP_NGRAMS, the share of characters in the most frequent n-gram (its
    count times n, at most 1; 0 when none repeats); per n of DUPLICATE_NGRAMS, the share
    covered by n-grams occurring twice or more; the spam phrases found (indices into
    _SPAM_PHRASES). And whether the text could hold personal data at all. One compiled pass
    (transforms/_ngrams.c)."""
    size, class_counts, top_counts, covered, hits, number_like = _ngrams.profile(text, _CLASS_TABLE, _SPAM_PHRASES)
    size = max(1, size)
    top = {n: round(min(1.0, most * n / size), 4) if most > 1 else 0.0 for n, most in zip(TOP_NGRAMS, top_counts)}
    duplicated = {n: round(chars / size, 4) for n, chars in zip(DUPLICATE_NGRAMS, covered)}
    return size, dict(zip(_FLAGS, class_counts)), top, duplicated, hits, number_like


LANGUAGE_NAMES = {"zh": "Chinese", "ja": "Japanese", "ko": "Korean", "en": "English", "other": "a Latin-script language", "und": "no language"}


def language_of(text: str) -> str:
    """lang as measure() names it, for a text alone."""
    count = _profile(text)[1]
    return _language(text, count[HAN], count[KANA], count[HANGUL], count[LATIN])


def _language(text: str, han: int, kana: int, hangul: int, latin: int) -> str:
    letters = han + kana + hangul + latin
    if not letters:
        return "und"
    if kana and kana >= OTHER_SCRIPT_SHARE * (han + kana):
        return "ja"
    if hangul and hangul >= OTHER_SCRIPT_SHARE * letters:
        return "ko"
    if han + kana >= latin:
        return "zh"
    words = _WORD_CHARS.findall(text)
    common = sum(w.lower() in _ENGLISH_WORDS for w in words)
    return "en" if common >= ENGLISH_WORD_SHARE * len(words) else "other"


def _duplicate_paragraph_share(paragraphs: list[str]) -> float:
    seen: dict[str, int] = {}
    for p in paragraphs:
        seen[p] = seen.get(p, 0) + 1
    total = sum(len(p) for p in paragraphs)
    return round(sum(len(p) * n for p, n in seen.items() if n > 1) / total, 4) if total else 0.0


def _id_valid(number: str) -> bool:
    total = sum(int(d) * w for d, w in zip(number[:17], _ID_WEIGHTS))
    return _ID_CHECK[total % 11] == number[17].upper()


def _luhn(digits: str) -> bool:
    total = 0
    for i, d in enumerate(reversed(digits)):
        v = int(d) * (2 if i % 2 else 1)
        total += v - 9 if v > 9 else v
    return total % 10 == 0


def _pii_spans(text: str) -> list[tuple[int, int, str]]:
    """Where personal data sits, by kind: addresses, then each run of digits read as an ID
    number, a bank card or a phone number (one scan for runs; most text has none)."""
    spans = [(m.start(), m.end(), "email") for m in _EMAIL.finditer(text)] if "@" in text else []
    for run in _NUMBER_RUN.finditer(text):
        pieces = [run] if _CARD_GROUPS.fullmatch(run.group()) else list(_NUMBER_PIECE.finditer(run.group()))
        for piece in pieces:
            kind = _number_kind(piece.group())
            if kind is not None:
                offset = run.start() if piece is not run else 0
                spans.append((offset + piece.start(), offset + piece.end(), kind))
    return sorted(spans)


def _number_kind(number: str) -> str | None:
    digits = number.replace(" ", "").replace("-", "")
    if len(digits) == 18 and digits[:17].isdigit() and _id_valid(digits):
        return "id"
    if 16 <= len(digits) <= 19 and digits.isdigit() and _luhn(digits):
        return "card"
    if _PHONE.fullmatch(number):
        return "phone"
    return None


def count_pii(text: str) -> dict[str, int]:
    counts = dict.fromkeys(PII_PLACEHOLDERS, 0)
    for _, _, kind in _pii_spans(text):
        counts[kind] += 1
    return counts


def mask_pii(text: str) -> tuple[str, int]:
    """The text with each piece of personal data replaced by its typed placeholder
    ([PHONE], [ID], [EMAIL], [CARD]), and how many were replaced."""
    spans = _pii_spans(text)
    if not spans:
        return text, 0
    out, at = [], 0
    for start, end, kind in spans:
        out += [text[at:start], PII_PLACEHOLDERS[kind]]
        at = end
    out.append(text[at:])
    return "".join(out), len(spans)
