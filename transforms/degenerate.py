"""Text that is not an article however it is laid out: one phrase repeated for megabytes,
or a "paragraph" of hundreds of thousands of characters (a page saved without line breaks,
a data blob). The first is rejected; the second is split at its sentence ends where it has
them, and what has none is dropped, so no paragraph is ever beyond what a page holds.

The limits, measured with bench/degenerate_limits.py on the seeds and the 214 dev pages
(dumps and HTML): the longest paragraph was 6,421 characters; article text above 1 KB
compressed 1.85x (median) to 2.67x with zlib level 1; the same pages printed twice, 1.97x
to 4.99x; a phrase repeated 100 times, 38x to 44x."""
from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, replace

from transforms.segment import Paragraph

# A paragraph above this is split at its sentence ends (3x the longest seen on real pages).
MAX_PARAGRAPH_CHARS = 20_000
# Pieces of a split paragraph gather whole sentences up to about this many characters.
SPLIT_PIECE_CHARS = 1_000
# Article text compressing more than this (zlib level 1) is one passage repeated.
MAX_COMPRESSION_RATIO = 8.0
# Shorter text is not judged: zlib's own overhead dominates the ratio.
MIN_JUDGED_BYTES = 1_000

# A sentence ends at its mark and any closing quote or bracket after it.
_SENTENCE = re.compile(r"[^。！？!?；;…]*(?:[。！？!?；;…]+[”’」』）)\"']*|$)")


@dataclass(frozen=True)
class Reshaped:
    paragraphs: list[Paragraph]
    dropped: int  # overlong stretches with no sentence end, left out


def compression_ratio(data: bytes) -> float:
    return len(data) / len(zlib.compress(data, 1)) if data else 1.0


def is_repetitive(paragraphs: list[Paragraph]) -> float | None:
    """The compression ratio of the article text when it is one passage repeated, else None."""
    data = "\n".join(p.text for p in paragraphs).encode("utf-8")
    if len(data) < MIN_JUDGED_BYTES:
        return None
    ratio = compression_ratio(data)
    return ratio if ratio > MAX_COMPRESSION_RATIO else None


def _sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE.findall(text) if s]


def _pieces(lengths: dict[int, int]) -> list[list[int]]:
    """Sentence numbers grouped into pieces of about SPLIT_PIECE_CHARS, in order."""
    pieces: list[list[int]] = [[]]
    size = 0
    for i, length in lengths.items():
        if pieces[-1] and size + length > SPLIT_PIECE_CHARS:
            pieces.append([])
            size = 0
        pieces[-1].append(i)
        size += length
    return pieces


def split_overlong(paragraphs: list[Paragraph]) -> Reshaped:
    """Paragraphs beyond MAX_PARAGRAPH_CHARS split into pieces of whole sentences; a
    stretch of that length with no sentence end in it is dropped."""
    if all(len(p.text) <= MAX_PARAGRAPH_CHARS for p in paragraphs):
        return Reshaped(paragraphs, 0)
    out: list[Paragraph] = []
    dropped = 0
    for p in paragraphs:
        if len(p.text) <= MAX_PARAGRAPH_CHARS:
            out.append(p)
            continue
        sentences, originals = _sentences(p.text), _sentences(p.text_original)
        if len(originals) != len(sentences):  # a conversion changed the marks: pair by the Simplified
            originals = sentences
        kept = {i: len(s) for i, s in enumerate(sentences) if len(s) <= MAX_PARAGRAPH_CHARS}
        dropped += len(sentences) - len(kept)
        for piece in _pieces(kept):
            if piece:
                out.append(replace(p, text="".join(sentences[i] for i in piece).strip(),
                                   text_original="".join(originals[i] for i in piece).strip()))
    return Reshaped([p for p in out if p.text], dropped)
