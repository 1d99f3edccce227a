"""Bytes -> text, without ever silently producing mojibake.

Order of evidence (see decode()): a BOM; an archive, binary or all-NUL file is rejected;
strict UTF-8 (multi-byte UTF-8 is self-validating, so a clean strict decode is
near-certain); a UTF-32 or UTF-16 NUL pattern; a UTF-8 page with a few stray bytes (kept,
counted in bad_bytes); Japanese (kana) and Korean (common hangul) legacy encodings; a page
of UTF-8 lines and legacy lines, each line read in its own encoding; a declared GB or Big5
charset where it ties with the best reading; then the GB and Big5 families ranked by how
plausible each decoded text is; a GB or Big5 page with a few stray bytes (kept, counted);
chardet on a bounded sample only when nothing settles it. A file decodes when some codec
reads it strictly (a cut-off final character is tolerated and flagged) or with at most
0.5% of its characters bad and the rest as plausible as a strict reading; anything else is
rejected with a reason instead of guessed at.
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

import chardet
import numpy as np

from transforms.reasons import RejectReason

CHARDET_SAMPLE_BYTES = 64 * 1024
MAX_TRAILING_CUT = 3  # longest partial multi-byte sequence we accept at end of file

BINARY_MAGIC = (
    b"\x89PNG", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"%PDF",
    b"\x1f\x8b", b"\x7fELF", b"BM", b"RIFF", b"\x00\x00\x01\x00", b"OggS", b"ID3",
)
# zip (and docx/xlsx/epub), 7z, rar, bzip2, xz, zstd: many files in one, never a page.
ARCHIVE_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"7z\xbc\xaf\x27\x1c", b"Rar!\x1a\x07", b"BZh91", b"\xfd7zXZ\x00",
                 b"\x28\xb5\x2f\xfd")
NUL_SHARE = 0.9  # a file this much NUL is a preallocated or zeroed download
# A page with a few stray bytes (a bad copy, a cut and paste) is kept with them replaced:
# at most this share of its non-ASCII characters may be damaged...
MAX_STRAY_SHARE = 0.005
MIN_GOOD_CHARS = 50
# ...apart from characters cut before an ASCII byte (a title cut to a byte count by a
# template, then "..." or a tag: half a GBK character, two bytes of a UTF-8 one), however
# many. The lenient decode replaces what is left of such a character and reads the next
# byte in step, so the damage stays that one character. Stray bytes amid other characters
# can throw a GB or Big5 reading out of step, so those stay rare.
_CUT_CHARACTER = re.compile("\ufffd(?=[\x00-\x7f]|$)")
# Korean and Japanese legacy encodings read "plausibly" as GB2312 (their byte ranges
# overlap): what tells them apart is what the other reading looks like.
MIN_KANA_SHARE = 0.15      # of non-ASCII characters: Chinese text has almost no kana
MIN_HANGUL_SHARE = 0.5
COMMON_HANGUL = frozenset("이의는다에를하고가한지로기을서도들사대시아어자리수인나일정해제적있그것우리")
MIN_COMMON_HANGUL = 0.2    # real Korean: 35-45% of syllables are these; Chinese read as EUC-KR about 2%
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
# Narrowest first, so the recorded encoding says what the file really is (GB2312 vs GBK).
GB_FAMILY = ("gb2312", "gbk", "gb18030")
BIG5_FAMILY = ("big5", "cp950", "big5hkscs")
CHARDET_TO_CODEC = {
    "gb2312": "gb2312", "gbk": "gbk", "gb18030": "gb18030", "hz-gb-2312": "hz",
    "big5": "big5", "cp950": "cp950", "big5hkscs": "big5hkscs",
    "utf-8": "utf-8", "utf-16": "utf-16", "utf-16le": "utf-16-le", "utf-16be": "utf-16-be",
    "ascii": "utf-8",
}


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    confidence: float
    # bom | declared | utf-8 | utf-8-repaired | utf-32-pattern | utf-16-pattern | chardet | cjk-plausibility | kana |
    # hangul | legacy-repaired | mixed-lines
    method: str
    truncated: bool = False
    # Undecodable bytes replaced with U+FFFD (the repaired and mixed methods); a U+FFFD the source itself
    # encodes (GB18030 84 31 A4 37) is text the scraper saved, not a repair: see GARBLED_SHARE.
    bad_bytes: int = 0


class Reading(NamedTuple):
    """One codec's strict reading of the whole file."""
    plausibility: float  # share of ASCII, common punctuation and common hanzi (_plausibility)
    from_guess: int      # 1 when chardet's guess is of this codec's family
    codec: str
    text: str
    cut: bool            # a partial last character was dropped


@dataclass(frozen=True)
class Undecodable:
    reason: RejectReason  # EMPTY, NUL_BYTES, ARCHIVE, BINARY or UNDECODABLE
    message: str


def decode(raw: bytes, declared: str | None = None) -> Decoded | Undecodable:
    """declared: the charset the page or its HTTP response names (it may lie: see _as_declared)."""
    if not raw.strip():
        return Undecodable(RejectReason.EMPTY, "file is empty or whitespace only")
    for bom, codec in BOMS:
        if raw.startswith(bom):
            result = _strict(raw, codec)
            if result is not None:
                text, cut = result
                return Decoded(text.lstrip("\ufeff"), codec, 1.0, "bom", cut)
    if raw.startswith(ARCHIVE_MAGIC):
        return Undecodable(RejectReason.ARCHIVE, "an archive (zip, 7z, rar, bzip2, xz or zstd), not a page")
    # A signature with NULs (a PNG's chunk lengths) or control bytes: binary, even when a
    # large text chunk (a PNG's XMP metadata) fills the first 8 KB.
    if raw.startswith(BINARY_MAGIC) and (b"\x00" in raw[:65536] or not _mostly_text(raw)):
        return Undecodable(RejectReason.BINARY, "file starts with a binary format signature")
    if raw.count(0) >= NUL_SHARE * len(raw):
        return Undecodable(RejectReason.NUL_BYTES, "the file is NUL bytes (a preallocated or zeroed download)")
    utf8 = _strict(raw, "utf-8")
    if utf8 is not None:
        text, cut = utf8
        ascii_only = raw.isascii()
        return Decoded(text, "utf-8", 1.0 if not ascii_only else 0.9, "utf-8", cut)
    wide = _utf32_by_nul_pattern(raw) or _utf16_by_nul_pattern(raw)
    if wide is not None:
        return wide
    if not _mostly_text(raw):
        return Undecodable(RejectReason.BINARY, "control bytes and NULs: not a text file")
    if (repaired := _mostly_utf8(raw)) is not None:
        return repaired
    # Kana or common hangul before a declared GB or Big5 charset: Korean and Japanese bytes
    # also "read" as plausible-looking hanzi (辑匡矫), and a page's declaration can be a
    # template's, a proxy's or a wrong guess by the crawler.
    if (foreign := _korean_or_japanese(raw)) is not None:
        return foreign
    if (mixed := _mixed_lines(raw, declared)) is not None:
        return mixed
    return _legacy(raw, declared)


def _legacy(raw: bytes, declared: str | None) -> Decoded | Undecodable:
    """A GB or Big5 page (or what chardet says): the readings are made once, and a declared
    charset, then the ranking, weigh the same ones."""
    readings = sorted(_read_with(raw, [GB_FAMILY, BIG5_FAMILY]), key=lambda c: c.plausibility, reverse=True)
    return _as_declared(readings, declared) or _best_legacy_decoding(raw, readings)


# A piece of a legacy page that is strict UTF-8 with at least this many non-ASCII characters,
# and reads more plausibly so than in the page's codec, is UTF-8 pasted into it (a
# template's, a comment's): a GB or Big5 piece is rarely valid UTF-8 over three characters, and
# then reads as rarer characters than it does in its own codec.
MIN_MIXED_UTF8_CHARS = 3
_UTF8_RUN = re.compile(rb"(?:[\xe3-\xe9][\x80-\xbf]{2}){3}")  # three CJK characters (U+3000-U+9FFF) as UTF-8
# The pieces read each in its own encoding: lines, and within a line the runs that end a
# tag, so that a page on one line (minified markup) is read piece by piece too. Neither byte
# is ever part of a multi-byte character, in UTF-8, the GB family or Big5.
_PIECE = re.compile(rb"[^\n>]*(?:[\n>]|$)")


def _mixed_lines(raw: bytes, declared: str | None) -> Decoded | None:
    """A page in two encodings, UTF-8 and a legacy one, each piece (a line, or the run up to
    a tag's end) read in its own; None when no piece is UTF-8 or the rest is not a legacy page."""
    if _UTF8_RUN.search(raw) is None:  # no three UTF-8 hanzi in a row anywhere: no UTF-8 piece to find
        return None
    pieces = [piece for piece in _PIECE.findall(raw) if piece]
    utf8: dict[int, str] = {}
    for i, piece in enumerate(pieces):
        if piece.isascii():
            continue
        try:
            text = piece.decode("utf-8")
        except UnicodeDecodeError:
            continue
        if _non_ascii(text) >= MIN_MIXED_UTF8_CHARS:
            utf8[i] = text
    if not utf8:
        return None
    rest = b"".join(piece for i, piece in enumerate(pieces) if i not in utf8)
    if rest.isascii():
        return None  # every non-ASCII line reads as UTF-8: the whole file failed for another reason
    legacy = _legacy(rest, declared)
    if not isinstance(legacy, Decoded) or legacy.encoding.startswith("utf"):
        return None
    codec = legacy.encoding
    kept = {i: t for i, t in utf8.items() if _plausibility(t) > _plausibility(pieces[i].decode(codec, "replace"))}
    if not kept:
        return None
    out, bad = [], 0
    for i, piece in enumerate(pieces):
        if i in kept:
            out.append(kept[i])
            continue
        text = piece.decode(codec, "replace")
        bad += _replaced(text, piece, codec)
        out.append(text)
    return Decoded("".join(out), f"{codec}+utf-8", legacy.confidence, "mixed-lines", legacy.truncated, bad)


# A GB or Big5 page with a few stray bytes (half a character cut where markup was pasted
# in, a bad copy) is read with those replaced, as a UTF-8 page is (_damage), where its other
# characters are as plausible as a right reading's. Plausibility here counts the non-ASCII
# characters only (_wide_plausibility): a GBK page read as Big5 keeps its markup plausible
# (whole-page figure 0.99 and more) and only its hanzi give it away. bench/decode_margins.py:
# on the 62 dev files read as GB, right readings score 0.969 and more, the other family's
# 0.576 at most.
MIN_REPAIRED_PLAUSIBILITY = 0.9
LEGACY_WIDEST = ("gb18030", "big5hkscs")  # the family member that reads the most byte pairs


def _repaired_legacy(raw: bytes) -> Decoded | None:
    best: tuple[float, str, str, int] | None = None
    for codec in LEGACY_WIDEST:
        text = raw.decode(codec, "replace")
        if (bad := _damage(text, raw, codec)) is None:
            continue
        plausibility = _wide_plausibility(text)
        if plausibility >= MIN_REPAIRED_PLAUSIBILITY and (best is None or plausibility > best[0]):
            best = (plausibility, codec, text, bad)
    if best is None:
        return None
    plausibility, codec, text, bad = best
    return Decoded(text, codec, round(plausibility, 3), "legacy-repaired", bad_bytes=bad)


# A declared GB or Big5 charset settles readings that tie on plausibility (a page of markup
# and a few hanzi reads well both ways; without the declaration one in seven such short Big5
# pages came out as GB2312 or EUC-JP), and is never taken against a clearly better reading.
DECLARED_TIE = 0.02
DECLARED_MIN_PLAUSIBILITY = 0.9


def _as_declared(candidates: list[Reading], declared: str | None) -> Decoded | None:
    """candidates: the GB and Big5 family readings, best first."""
    try:
        family = _family_of(codecs.lookup(declared).name) if declared else None
    except LookupError:
        return None
    if family not in (GB_FAMILY, BIG5_FAMILY):
        return None
    own = next((c for c in candidates if c.codec in family), None)
    if own is None or own.plausibility < DECLARED_MIN_PLAUSIBILITY or own.plausibility < candidates[0].plausibility - DECLARED_TIE:
        return None
    return Decoded(own.text, own.codec, round(own.plausibility, 3), "declared", own.cut)


def _utf32_by_nul_pattern(raw: bytes) -> Decoded | None:
    """UTF-32 without a BOM: every character's two high bytes are NUL (all text is in the
    BMP or plane 1-2, so the top byte always is). Read as UTF-16 it would be NUL-riddled."""
    sample = raw[: 4096 - 4096 % 4]
    if len(sample) < 8 or len(raw) % 4:
        return None
    for codec, high in (("utf-32-le", sample[3::4]), ("utf-32-be", sample[0::4])):
        if high.count(0) == len(high) and (result := _strict(raw, codec, allow_cut=False)) is not None:
            return Decoded(result[0], codec, 0.95, "utf-32-pattern")
    return None


_CONTROL_BYTES = bytes(b for b in range(0x20) if b not in (9, 10, 12, 13, 27))
KANA = re.compile(r"[\u3041-\u30ff]")
HANGUL = re.compile(r"[\uac00-\ud7a3]")


def _non_ascii(text: str) -> int:
    return len(text) - len(text.encode("ascii", "ignore"))


def _replaced(text: str, raw: bytes, codec: str) -> int:
    """Bytes a lenient decode replaced: its U+FFFDs less those the source itself encodes
    (UTF-8 EF BF BD, GB18030 84 31 A4 37), which are text the scraper saved, not damage."""
    try:
        literal = "\ufffd".encode(codec)
    except UnicodeEncodeError:  # GBK, Big5: no encoding of U+FFFD to find
        return text.count("\ufffd")
    return text.count("\ufffd") - raw.count(literal)


def _damage(text: str, raw: bytes, codec: str) -> int | None:
    """The replaced bytes of a lenient decode when the page is readable despite them (see
    MAX_STRAY_SHARE), else None; None too when nothing was replaced."""
    bad = _replaced(text, raw, codec)
    good = _non_ascii(text) - text.count("\ufffd")
    stray = bad - min(bad, len(_CUT_CHARACTER.findall(text)))
    if good >= MIN_GOOD_CHARS and bad > 0 and stray <= max(2, MAX_STRAY_SHARE * good):
        return bad
    return None


def _mostly_utf8(raw: bytes) -> Decoded | None:
    text = raw.decode("utf-8", errors="replace")
    if (bad := _damage(text, raw, "utf-8")) is not None:
        return Decoded(text, "utf-8", 0.8, "utf-8-repaired", bad_bytes=bad)
    return None


def _korean_or_japanese(raw: bytes, lenient: bool = False) -> Decoded | None:
    """Japanese (kana) or Korean (common hangul syllables) decoded as what it is, never
    as the GB2312 mojibake it also strictly reads as."""
    for codec in ("euc-jp", "cp932"):
        if (result := _reading(raw, codec, lenient)) is not None:
            text, bad = result
            non_ascii = _non_ascii(text) or 1
            kana = len(KANA.findall(text))
            if kana >= MIN_KANA_SHARE * non_ascii:
                return Decoded(text, codec, round(kana / non_ascii, 3), "kana", bad_bytes=bad)
    if (result := _reading(raw, "cp949", lenient)) is not None:
        text, bad = result
        non_ascii = _non_ascii(text) or 1
        hangul = HANGUL.findall(text)
        common = sum(1 for ch in hangul if ch in COMMON_HANGUL)
        if len(hangul) >= MIN_HANGUL_SHARE * non_ascii and common >= MIN_COMMON_HANGUL * len(hangul):
            return Decoded(text, "euc-kr", round(common / len(hangul), 3), "hangul", bad_bytes=bad)
    return None


def _reading(raw: bytes, codec: str, lenient: bool) -> tuple[str, int] | None:
    """The text in codec and the bytes replaced: strictly, or (lenient) with some replaced
    where the damage is tolerable (_damage). Asked leniently only of pages no codec reads
    strictly, after the strict reading failed: a Japanese or Korean page with a cut character
    is then still told apart from Chinese, which GB2312 would make of it."""
    if not lenient:
        result = _strict(raw, codec, allow_cut=False)
        return (result[0], 0) if result is not None else None
    text = raw.decode(codec, "replace")
    bad = _damage(text, raw, codec)
    return (text, bad) if bad is not None else None


def _strict(raw: bytes, codec: str, allow_cut: bool = True) -> tuple[str, bool] | None:
    """Strict decode; a partial character cut off at the very end is dropped and flagged."""
    try:
        return raw.decode(codec), False
    except UnicodeDecodeError as err:
        if allow_cut and err.start >= len(raw) - MAX_TRAILING_CUT and err.start > 0:
            try:
                return raw[: err.start].decode(codec), True
            except UnicodeDecodeError:
                return None
        return None
    except LookupError:
        return None


def _mostly_text(raw: bytes) -> bool:
    sample = raw[:8192]
    control = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return control / max(1, len(sample)) < 0.02


def _utf16_by_nul_pattern(raw: bytes) -> Decoded | None:
    sample = raw[:4096]
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0) / (len(sample) / 2)
    odd_nuls = sample[1::2].count(0) / (len(sample) / 2)
    # ASCII-heavy UTF-16 puts NULs in every other byte; CJK-heavy UTF-16 has few NULs,
    # so also accept the case where the strict decode reads as plausible Chinese.
    for codec, nul_share in (("utf-16-le", odd_nuls), ("utf-16-be", even_nuls)):
        result = _strict(raw[: len(raw) - len(raw) % 2], codec)
        if result is None:
            continue
        text, cut = result
        if nul_share > 0.3 or _plausibility(text) > 0.95:
            return Decoded(text, codec, 0.95, "utf-16-pattern", cut or len(raw) % 2 == 1)
    return None


def _best_legacy_decoding(raw: bytes, readings: list[Reading]) -> Decoded | Undecodable:
    """GB and Big5 families first (readings: theirs, best first); a few stray bytes
    repaired when neither reads strictly; chardet (0.5 MB/s on GBK) only when they cannot
    settle it."""
    candidates = list(readings)
    if candidates and candidates[0].plausibility >= 0.97 and (
            len(candidates) == 1 or candidates[0].plausibility - candidates[1].plausibility >= 0.05):
        best = candidates[0]
        runner_up = candidates[1].plausibility if len(candidates) > 1 else 0.0
        return Decoded(best.text, best.codec, round(min(1.0, best.plausibility - runner_up + 0.5 * best.plausibility), 3),
                       "cjk-plausibility", best.cut)
    if not candidates and (repaired := _korean_or_japanese(raw, lenient=True) or _repaired_legacy(raw)) is not None:
        return repaired
    guess = chardet.detect(raw[:CHARDET_SAMPLE_BYTES])
    guessed = CHARDET_TO_CODEC.get((guess.get("encoding") or "").lower())
    chardet_conf = float(guess.get("confidence") or 0.0)
    if guessed and not any(guessed in f for f in (GB_FAMILY, BIG5_FAMILY)):
        candidates += _read_with(raw, [(guessed,)])
    candidates = [c._replace(from_guess=int(guessed is not None and c.codec in _family_of(guessed))) for c in candidates]
    if not candidates:
        return Undecodable(RejectReason.UNDECODABLE, f"no codec reads the file strictly (chardet guessed {guess.get('encoding')})")
    candidates.sort(key=lambda c: (round(c.plausibility, 2), c.from_guess), reverse=True)
    best = candidates[0]
    if best.plausibility < 0.6:
        return Undecodable(RejectReason.UNDECODABLE,
                           f"best reading ({best.codec}) does not look like text: plausibility {best.plausibility:.2f}")
    runner_up = candidates[1].plausibility if len(candidates) > 1 else 0.0
    if best.from_guess:
        return Decoded(best.text, best.codec, round(max(chardet_conf, best.plausibility - runner_up), 3), "chardet", best.cut)
    return Decoded(best.text, best.codec, round(best.plausibility - runner_up if runner_up else best.plausibility, 3),
                   "cjk-plausibility", best.cut)


def _family_of(codec: str) -> tuple[str, ...]:
    return next((f for f in (GB_FAMILY, BIG5_FAMILY) if codec in f), (codec,))


def _read_with(raw: bytes, families: list[tuple[str, ...]]) -> list[Reading]:
    """Each family's narrowest strict reading (from_guess is set once chardet has guessed)."""
    candidates: list[Reading] = []
    for family in families:
        # Narrowest codec that reads the whole file; only then one that needs the tail cut
        # (else GB2312 would "read" a GBK file by calling its last character truncated).
        for codec, allow_cut in [(c, False) for c in family] + [(c, True) for c in family]:
            result = _strict(raw, codec, allow_cut)
            if result is None:
                continue
            text, cut = result
            candidates.append(Reading(_plausibility(text), 0, codec, text, cut))
            break
    return candidates


@lru_cache(maxsize=2)
def _common_hanzi(frequent_only: bool = False) -> frozenset[str]:
    """GB2312 levels 1-2 plus Big5 level 1: the characters real Chinese text is made of;
    frequent_only: GB2312's level 1 alone (its 3,755 frequent characters) plus Big5 level 1.

    Text decoded with the wrong legacy codec lands largely in rare code points (GBK/3,
    Big5 level 2, private use), so the share of common characters separates right from
    wrong readings without any trained model.
    """
    chars: set[str] = set()
    for lead in range(0xB0, 0xD8 if frequent_only else 0xF8):
        for trail in range(0xA1, 0xFF):
            try:
                chars.add(bytes((lead, trail)).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    for lead in range(0xA4, 0xC7):
        for trail in list(range(0x40, 0x7F)) + list(range(0xA1, 0xFF)):
            try:
                chars.add(bytes((lead, trail)).decode("big5"))
            except UnicodeDecodeError:
                pass
    return frozenset(chars)


@lru_cache(maxsize=2)
def _plausible_code_points(frequent_only: bool = False) -> np.ndarray:
    """A flag per code point: ASCII, common punctuation and common (or frequent) hanzi."""
    keep = set(range(0x80)) | set(range(0x3000, 0x3040)) | set(range(0xFF01, 0xFF5F)) | set(range(0x2010, 0x2028))
    keep |= {ord(c) for c in _common_hanzi(frequent_only)}
    table = np.zeros(0x110000, dtype=bool)
    table[sorted(keep)] = True
    return table


def _wide_plausibility(text: str) -> float:
    """The share of frequent hanzi and punctuation among the non-ASCII characters, replaced
    ones left out, on the whole text (a page's first 20,000 characters can be nearly all
    markup; only pages that need repair are asked). Frequent, not common: Thai or other
    single-byte text read as GB makes GB2312 pairs of all levels, real Chinese keeps to
    level 1."""
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    codes = codes[(codes >= 0x80) & (codes != 0xFFFD)]
    if not len(codes):
        return 0.0
    return int(np.count_nonzero(_plausible_code_points(frequent_only=True)[codes])) / len(codes)


def _plausibility(text: str) -> float:
    """Share of characters that are ASCII, common punctuation or common hanzi (one table
    lookup per character in numpy: str.translate with a dict took 5% of a crawl's cleaning)."""
    sample = text[:20000]
    if not sample:
        return 0.0
    codes = np.frombuffer(sample.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    implausible = len(codes) - int(np.count_nonzero(_plausible_code_points()[codes]))
    return 1.0 - implausible / len(sample)
