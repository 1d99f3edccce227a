"""Quality signals of a cleaned document, for corpus builders to choose what to keep: its
language, how much of it is Chinese, how it is written (sentence ends, paragraph lengths),
how repetitive it is (Gopher's repetition measures, with characters as the unit: Chinese
has no spaces to make words of), what else it is made of (digits, Latin, symbols), how much
of it sells gambling, lotteries, sex or search rankings, and how much personal data it holds.

All are cheap (a few regex scans and vectorised n-gram counts over the text once) and plain
numbers: the README documents each column; transforms/quality.py turns thresholds into
filters. Nothing here drops text.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, fields

import numpy as np

from transforms.lexicon import SPAM, alternation

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


def _class_table() -> np.ndarray:
    table = np.zeros(0x10000, np.uint8)
    for flag, ranges in _RANGES.items():
        for low, high in ranges:
            table[low : high + 1] |= flag
    for char in "。！？!?…":
        table[ord(char)] |= SENTENCE_END
    for code in range(0x10000):
        if unicodedata.category(chr(code))[0] in "SPC" and chr(code) not in _PROSE_PUNCTUATION and code > 0x20:
            table[code] |= SYMBOL
    return table


_CLASSES = _class_table()
_SPACE = re.compile(r"\s+")
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
_SPAM = re.compile(alternation(sorted(_SPAM_KIND, key=len, reverse=True)))  # one scan for every kind

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
    dense = _SPACE.sub("", text)
    codes = _codes(dense)
    size = max(1, len(dense))
    count = _class_counts(codes)
    spam = dict.fromkeys(SPAM._fields, 0)
    for phrase in _SPAM.findall(dense):
        spam[_SPAM_KIND[phrase]] += 1
    per_thousand = {kind: round(1000 * n / size, 3) for kind, n in spam.items()}
    pii = count_pii(text)
    sizes = [len(p) for p in paragraphs] or [0]
    top, duplicated = _repetition(codes)
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
_HAS_FLAG = np.array([[bool(value & flag) for flag in _FLAGS] for value in range(256)], np.int64)


def _class_counts(codes: np.ndarray) -> dict[int, int]:
    """Characters of each class (HAN, KANA...): one table lookup and one count of the class
    sets. Beyond the table: CJK extensions are Han, the rest (emoji) symbols."""
    classes = _CLASSES[np.minimum(codes, 0xFFFF)]
    beyond = codes > 0xFFFF
    if beyond.any():
        classes[beyond] = np.where((codes[beyond] >= 0x20000) & (codes[beyond] <= 0x3FFFF), HAN, SYMBOL)
    return dict(zip(_FLAGS, (np.bincount(classes, minlength=256) @ _HAS_FLAG).tolist()))


LANGUAGE_NAMES = {"zh": "Chinese", "ja": "Japanese", "ko": "Korean", "en": "English", "other": "a Latin-script language", "und": "no language"}


def language_of(text: str) -> str:
    """lang as measure() names it, for a text alone."""
    count = _class_counts(_codes(text))
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


def _codes(dense: str) -> np.ndarray:
    return np.frombuffer(dense.encode("utf-32-le", "surrogatepass"), np.uint32)


def _repetition(codes: np.ndarray) -> tuple[dict[int, float], dict[int, float]]:
    """Per n of TOP_NGRAMS, the share of characters in the most frequent n-gram (its count
    times n, at most 1); per n of DUPLICATE_NGRAMS, the share covered by n-grams occurring
    twice or more.

    One sort serves every n: the positions in the order of the ten characters from each (a
    suffix order to depth ten), where an n-gram's occurrences lie side by side and a
    position's n-gram is repeated when it shares n characters with a neighbour. The sort is
    by the first characters; only positions tied on those are ordered by the rest."""
    size = len(codes)
    depth = max(DUPLICATE_NGRAMS)
    top = dict.fromkeys(TOP_NGRAMS, 0.0)
    duplicated = dict.fromkeys(DUPLICATE_NGRAMS, 0.0)
    if size < 2:
        return top, duplicated
    # Characters as 1 up (0: past the end): their code point when the page stays in the
    # Basic Multilingual Plane (four to a 64-bit key), else their rank in the page's alphabet
    # (ranking costs a sort of its own).
    if int(codes.max()) < 0xFFFF:
        chars = codes.astype(np.uint64) + np.uint64(1)
    else:
        chars = np.unique(codes, return_inverse=True)[1].astype(np.uint64) + np.uint64(1)
    chars = np.concatenate([chars, np.zeros(depth, np.uint64)])
    bits = int(chars.max()).bit_length()
    per_key = 64 // bits
    keys = []
    for at in range(0, depth, per_key):
        key = chars[at : at + size].copy()
        for k in range(at + 1, min(depth, at + per_key)):
            key <<= np.uint64(bits)
            key |= chars[k : k + size]
        keys.append(key)
    order = np.argsort(keys[0])
    ordered = keys[0][order]
    same = ordered[1:] == ordered[:-1]
    if len(keys) > 1 and same.any():
        member = np.zeros(size, bool)  # sorted positions in runs of equal first keys
        member[1:] = same
        member[:-1] |= same
        members = np.flatnonzero(member)
        run_starts = np.ones(len(members), bool)
        run_starts[1:] = (np.diff(members) != 1) | ~same[members[:-1]]
        rows = order[members]
        order[members] = rows[np.lexsort((*(k[rows] for k in reversed(keys[1:])), np.cumsum(run_starts)))]
    # Characters shared by each pair of neighbours (at most ten; the end shares nothing),
    # key by key from the highest bit their XOR sets, for the pairs equal so far.
    shared = np.zeros(size - 1, np.int64)
    pairs = np.arange(size - 1)
    for at, key in zip(range(0, depth, per_key), keys):
        width = min(per_key, depth - at)
        prefix = (width * bits - _bit_length(key[order[pairs + 1]] ^ key[order[pairs]])) // bits
        shared[pairs] += prefix
        pairs = pairs[prefix == width]
        if not len(pairs):
            break
    for n in TOP_NGRAMS:
        breaks = np.flatnonzero(shared < n)
        if len(breaks) == size - 1:
            break  # no n-gram occurs twice, nor any longer one
        # The most frequent n-gram's occurrences: the longest run of neighbours sharing n.
        runs = [int(breaks[0]) + 1, size - 1 - int(breaks[-1])] if len(breaks) else [size]
        if len(breaks) > 1:
            runs.append(int(np.diff(breaks).max()))
        top[n] = round(min(1.0, max(runs) * n / size), 4)
    longest = np.empty(size, np.int64)  # the longest repeated n-gram (up to ten) starting at each position
    longest[order] = np.maximum(np.concatenate(([0], shared)), np.concatenate((shared, [0])))
    starts = np.flatnonzero(longest >= DUPLICATE_NGRAMS[0])
    reach = longest[starts]
    for n in DUPLICATE_NGRAMS:
        opened = starts[reach >= n]
        if not len(opened):
            break  # none longer either
        # Characters covered by repeated n-grams opening at these positions, in order.
        duplicated[n] = round(int(np.minimum(np.diff(opened), n).sum() + n) / size, 4)
    return top, duplicated


_HIGH_HALF, _LOW_HALF = np.uint64(32), np.uint64(0xFFFFFFFF)


def _bit_length(values: np.ndarray) -> np.ndarray:
    """Each uint64's bit length, from the exponents of its halves as floats (exact: each
    half has 32 bits, a float's mantissa 53)."""
    high = np.frexp((values >> _HIGH_HALF).astype(np.float64))[1]
    low = np.frexp((values & _LOW_HALF).astype(np.float64))[1]
    return np.where(high > 0, high + 32, low)


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
