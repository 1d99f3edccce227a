"""Bytes -> text, without ever silently producing mojibake.

Order of evidence (see decode()): a BOM; an archive, binary or all-NUL file is rejected;
strict UTF-8 (multi-byte UTF-8 is self-validating, so a clean strict decode is
near-certain); a UTF-32 or UTF-16 NUL pattern; a UTF-8 page with a few stray bytes (kept,
counted in bad_bytes); Japanese (kana) and Korean (common hangul) legacy encodings; a
declared GB or Big5 charset where it ties with the best reading; then the GB and Big5
families ranked by how plausible each decoded text is, with chardet on a bounded sample
only when they cannot settle it. A file only decodes if some codec reads it strictly (a
cut-off final character is tolerated and flagged); anything else is rejected with a reason
instead of guessed at.
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from functools import lru_cache

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
# A UTF-8 page with a few stray bytes (a bad copy, a cut and paste) is kept with them
# replaced: at most this share of its non-ASCII characters may be bad.
MAX_BAD_UTF8_SHARE = 0.005
MIN_GOOD_UTF8_CHARS = 50
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
    method: str  # bom | declared | utf-8 | utf-8-repaired | utf-32-pattern | utf-16-pattern | chardet | cjk-plausibility | kana | hangul
    truncated: bool = False
    # Undecodable bytes replaced with U+FFFD (utf-8-repaired only); a U+FFFD the source itself
    # encodes (GB18030 84 31 A4 37) is text the scraper saved, not a repair: see GARBLED_SHARE.
    bad_bytes: int = 0


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
    # The GB and Big5 readings are made once: a declared charset, then the legacy ranking, weigh the same ones.
    readings = sorted(_read_with(raw, [GB_FAMILY, BIG5_FAMILY], None), key=lambda c: c[0], reverse=True)
    # Kana or common hangul before a declared GB or Big5 charset: Korean and Japanese bytes
    # also "read" as plausible-looking hanzi (辑匡矫), and a page's declaration can be a
    # template's, a proxy's or a wrong guess by the crawler.
    return _korean_or_japanese(raw) or _as_declared(readings, declared) or _best_legacy_decoding(raw, readings)


# A declared GB or Big5 charset settles readings that tie on plausibility (a page of markup
# and a few hanzi reads well both ways; without the declaration one in seven such short Big5
# pages came out as GB2312 or EUC-JP), and is never taken against a clearly better reading.
DECLARED_TIE = 0.02
DECLARED_MIN_PLAUSIBILITY = 0.9


def _as_declared(candidates: list, declared: str | None) -> Decoded | None:
    """candidates: the GB and Big5 family readings, best first."""
    try:
        family = _family_of(codecs.lookup(declared).name) if declared else None
    except LookupError:
        return None
    if family not in (GB_FAMILY, BIG5_FAMILY):
        return None
    own = next((c for c in candidates if c[2] in family), None)
    if own is None or own[0] < DECLARED_MIN_PLAUSIBILITY or own[0] < candidates[0][0] - DECLARED_TIE:
        return None
    return Decoded(own[3], own[2], round(own[0], 3), "declared", own[4])


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


def _mostly_utf8(raw: bytes) -> Decoded | None:
    text = raw.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - raw.count(b"\xef\xbf\xbd")
    good = _non_ascii(text) - text.count("\ufffd")
    if good >= MIN_GOOD_UTF8_CHARS and 0 < bad <= max(2, MAX_BAD_UTF8_SHARE * good):
        return Decoded(text, "utf-8", 0.8, "utf-8-repaired", bad_bytes=bad)
    return None


def _korean_or_japanese(raw: bytes) -> Decoded | None:
    """Japanese (kana) or Korean (common hangul syllables) decoded as what it is, never
    as the GB2312 mojibake it also strictly reads as."""
    for codec in ("euc-jp", "cp932"):
        if (result := _strict(raw, codec, allow_cut=False)) is not None:
            text = result[0]
            non_ascii = _non_ascii(text) or 1
            kana = len(KANA.findall(text))
            if kana >= MIN_KANA_SHARE * non_ascii:
                return Decoded(text, codec, round(kana / non_ascii, 3), "kana")
    if (result := _strict(raw, "cp949", allow_cut=False)) is not None:
        text = result[0]
        non_ascii = _non_ascii(text) or 1
        hangul = HANGUL.findall(text)
        common = sum(1 for ch in hangul if ch in COMMON_HANGUL)
        if len(hangul) >= MIN_HANGUL_SHARE * non_ascii and common >= MIN_COMMON_HANGUL * len(hangul):
            return Decoded(text, "euc-kr", round(common / len(hangul), 3), "hangul")
    return None


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


def _best_legacy_decoding(raw: bytes, readings: list) -> Decoded | Undecodable:
    """GB and Big5 families first (readings: theirs, best first); chardet (0.5 MB/s on GBK)
    only when they cannot settle it."""
    candidates = list(readings)
    if candidates and candidates[0][0] >= 0.97 and (len(candidates) == 1 or candidates[0][0] - candidates[1][0] >= 0.05):
        score, _, codec, text, cut = candidates[0]
        runner_up = candidates[1][0] if len(candidates) > 1 else 0.0
        return Decoded(text, codec, round(min(1.0, score - runner_up + 0.5 * score), 3), "cjk-plausibility", cut)
    guess = chardet.detect(raw[:CHARDET_SAMPLE_BYTES])
    guessed = CHARDET_TO_CODEC.get((guess.get("encoding") or "").lower())
    chardet_conf = float(guess.get("confidence") or 0.0)
    if guessed and not any(guessed in f for f in (GB_FAMILY, BIG5_FAMILY)):
        candidates += _read_with(raw, [(guessed,)], guessed)
    candidates = [(sc, int(guessed is not None and codec in _family_of(guessed)), codec, text, cut)
                  for sc, _, codec, text, cut in candidates]
    if not candidates:
        return Undecodable(RejectReason.UNDECODABLE, f"no codec reads the file strictly (chardet guessed {guess.get('encoding')})")
    candidates.sort(key=lambda c: (round(c[0], 2), c[1]), reverse=True)
    score, from_guess, codec, text, cut = candidates[0]
    if score < 0.6:
        return Undecodable(RejectReason.UNDECODABLE, f"best reading ({codec}) does not look like text: plausibility {score:.2f}")
    runner_up = candidates[1][0] if len(candidates) > 1 else 0.0
    if from_guess:
        return Decoded(text, codec, round(max(chardet_conf, score - runner_up), 3), "chardet", cut)
    return Decoded(text, codec, round(score - runner_up if runner_up else score, 3), "cjk-plausibility", cut)


def _family_of(codec: str) -> tuple[str, ...]:
    return next((f for f in (GB_FAMILY, BIG5_FAMILY) if codec in f), (codec,))


def _read_with(raw: bytes, families: list[tuple[str, ...]], guessed: str | None) -> list[tuple[float, int, str, str, bool]]:
    candidates: list[tuple[float, int, str, str, bool]] = []
    for family in families:
        # Narrowest codec that reads the whole file; only then one that needs the tail cut
        # (else GB2312 would "read" a GBK file by calling its last character truncated).
        for codec, allow_cut in [(c, False) for c in family] + [(c, True) for c in family]:
            result = _strict(raw, codec, allow_cut)
            if result is None:
                continue
            text, cut = result
            candidates.append((_plausibility(text), int(guessed in family), codec, text, cut))
            break
    return candidates


@lru_cache(maxsize=1)
def _common_hanzi() -> frozenset[str]:
    """GB2312 levels 1-2 plus Big5 level 1: the characters real Chinese text is made of.

    Text decoded with the wrong legacy codec lands largely in rare code points (GBK/3,
    Big5 level 2, private use), so the share of common characters separates right from
    wrong readings without any trained model.
    """
    chars: set[str] = set()
    for lead in range(0xB0, 0xF8):
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


@lru_cache(maxsize=1)
def _plausible_code_points() -> np.ndarray:
    """A flag per code point: ASCII, common punctuation and common hanzi."""
    keep = set(range(0x80)) | set(range(0x3000, 0x3040)) | set(range(0xFF01, 0xFF5F)) | set(range(0x2010, 0x2028))
    keep |= {ord(c) for c in _common_hanzi()}
    table = np.zeros(0x110000, dtype=bool)
    table[sorted(keep)] = True
    return table


def _plausibility(text: str) -> float:
    """Share of characters that are ASCII, common punctuation or common hanzi (one table
    lookup per character in numpy: str.translate with a dict took 5% of a crawl's cleaning)."""
    sample = text[:20000]
    if not sample:
        return 0.0
    codes = np.frombuffer(sample.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    implausible = len(codes) - int(np.count_nonzero(_plausible_code_points()[codes]))
    return 1.0 - implausible / len(sample)
