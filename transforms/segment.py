"""Article lines -> paragraphs labelled heading / body / caption.

Layouts break text in three ways we repair: a paragraph cut mid-sentence (the first half
has no sentence-final punctuation), an image caption dropped between the two halves, and
a heading split over two short adjacent lines. Author notes glued to the end of the last
paragraph (【作者系…】) are cut off and returned as notes, not text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from transforms.article import ArticleLayout
from transforms.chrome import CREDIT_ALONE, MAX_CAPTION, TEXT_KINDS, Line, LineKind, ends_terminal, is_caption_text
from transforms.density import TreeReading
from transforms.lexicon import FIELDS, alternation

_NOTE_KEYS = alternation(FIELDS.author, FIELDS.reporter, FIELDS.source, FIELDS.note_only, FIELDS.editor)
# Each bracket kind closes itself, so notes may hold other brackets: 【作者系…校长(院长)】
GLUED_NOTE = re.compile(
    rf"(?:【\s*{_NOTE_KEYS}[^】]{{0,200}}】|\[\s*{_NOTE_KEYS}[^\]]{{0,200}}\]"
    rf"|[(（]\s*{_NOTE_KEYS}(?:[^()（）]|[(（][^()（）]*[)）]){{0,200}}[)）])\s*$"
)
SENTENCE_END = re.compile(r"[。！？!?]")
MIN_BROKEN = 40        # a line this long without final punctuation was cut by the layout
MAX_HEADING = 50
MAX_HEADING_PART = 25
MIN_PROSE_LINE = 12  # on a page without sentence punctuation, shorter lines can still be headings


@dataclass(frozen=True)
class Paragraph:
    kind: str  # heading | body | caption
    text: str
    text_original: str
    lines: tuple[int, ...] = field(default=(), compare=False)  # the page lines it was read from (for explain)


@dataclass
class _Piece:
    text: str
    original: str
    gap: int          # blank or dropped lines before it
    line: Line
    lines: tuple[int, ...] = ()


def segment(layout: ArticleLayout, original_lines: list[str], skip: set[int],
            tree: TreeReading | None = None) -> tuple[list[Paragraph], list[str]]:
    """tree: saved HTML's tree reading (transforms/density.py). Lines of two containers (a
    promotion's box over the article's) are never rejoined; lines the markup says are image
    captions (a <figcaption>) are captions, whatever their words, where short enough for one."""
    pieces, notes = _pieces(layout, original_lines, skip)
    held_in = tree.containers if tree is not None else {}
    captioned = tree.caption_lines if tree is not None else frozenset()

    def one_container(a: _Piece, b: _Piece) -> bool:
        return held_in.get(a.lines[-1]) == held_in.get(b.line.index)

    blank_separated = _blank_separated(pieces)
    credited = _credited(pieces) if blank_separated else set()

    def is_caption(piece: _Piece) -> bool:
        return _is_caption_marked(piece.text) or (piece.line.index in captioned and len(piece.text) <= MAX_CAPTION) \
            or piece.line.index in credited

    out: list[Paragraph] = []
    i = 0
    while i < len(pieces):
        cur = pieces[i]
        i += 1
        if is_caption(cur):
            out.append(_paragraph("caption", cur))
            continue
        if cur.line.index in layout.plain:  # a signer's name, a table's cell: short, and no heading
            out.append(_paragraph("body", cur))
            continue
        held_captions: list[_Piece] = []
        while i < len(pieces) and _unfinished(cur.text):
            nxt = pieces[i]
            after = pieces[i + 1] if i + 1 < len(pieces) else None
            if after is not None and _caption_between(nxt, after, is_caption(nxt)) and one_container(cur, after):
                held_captions.append(nxt)
                cur = _join(cur, after)
                i += 2
            elif not _heading_like(nxt.text) and not is_caption(nxt) and one_container(cur, nxt):
                cur = _join(cur, nxt)
                i += 1
            else:
                break
        if blank_separated and _heading_part(cur.text):
            while i < len(pieces) and pieces[i].gap == 0 and _heading_part(pieces[i].text) and \
                    len(cur.text) + len(pieces[i].text) <= MAX_HEADING:
                cur = _join(cur, pieces[i])
                i += 1
        out.append(_paragraph(_kind(cur.text), cur))
        if held_captions:  # rare: an empty generator per paragraph showed as 3% of a batch under cProfile
            out.extend(_paragraph("caption", c) for c in held_captions)
    return _unpunctuated_prose(out), notes


def _credited(pieces: list[_Piece]) -> set[int]:
    """On a page that puts blank lines between paragraphs, the lines held together over a
    picture's credit alone on its line are the picture's caption, however they read (a long
    caption hard-wrapped: 桃园市…7人从火 / 场中疏散…命丧火窟。 / （消防局提供））."""
    credited: set[int] = set()
    for k, piece in enumerate(pieces):
        if k and piece.gap == 0 and CREDIT_ALONE.fullmatch(piece.text):
            for above in reversed(pieces[:k]):
                if len(above.text) > MAX_CAPTION:
                    break
                credited.add(above.line.index)
                if above.gap:
                    break
    return credited


def _unpunctuated_prose(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """Some writers, bloggers above all, end no sentence with punctuation. When most of a
    page's paragraphs look like headings, they are its prose: only short ones stay headings."""
    headings = sum(p.kind == "heading" for p in paragraphs)
    if headings < 4 or headings * 2 <= len(paragraphs):
        return paragraphs
    return [replace(p, kind="body") if p.kind == "heading" and len(p.text) >= MIN_PROSE_LINE else p
            for p in paragraphs]


def _pieces(layout: ArticleLayout, original_lines: list[str], skip: set[int]) -> tuple[list[_Piece], list[str]]:
    pieces: list[_Piece] = []
    notes: list[str] = []
    gap = 0
    for ln in layout.lines[layout.start : (layout.end or 0) + 1] if layout.found else []:
        if ln.kind not in TEXT_KINDS or ln.index in skip:
            gap += 1
            continue
        text, original = ln.text, original_lines[ln.index].strip()
        note = GLUED_NOTE.search(text)
        if note and note.start() > 0:
            notes.append(text[note.start() :])
            text = text[: note.start()].rstrip()
            note_orig = GLUED_NOTE.search(original)
            original = original[: note_orig.start()].rstrip() if note_orig else original
        pieces.append(_Piece(text, original, gap, ln, (ln.index,)))
        gap = 0
    return pieces, notes


def _blank_separated(pieces: list[_Piece]) -> bool:
    """Does this page put blank lines between paragraphs? Then adjacency means 'same block'."""
    gaps = [p.gap for p in pieces[1:] if p.line.kind is LineKind.BODY]
    return bool(gaps) and sorted(gaps)[len(gaps) // 2] >= 1


# （完） closing a paragraph ends the story: nothing after it continues the sentence.
_END_MARK = re.compile(r"[(（【\[](?:全文)?完[)）】\]]$")


def _unfinished(text: str) -> bool:
    return len(text) >= MIN_BROKEN and not ends_terminal(text) and not _END_MARK.search(text)


def _heading_like(text: str) -> bool:
    return len(text) <= MAX_HEADING and not ends_terminal(text) and not SENTENCE_END.search(text)


def _heading_part(text: str) -> bool:
    return len(text) <= MAX_HEADING_PART and _heading_like(text) and not _is_caption_marked(text)


def _is_caption_marked(text: str) -> bool:
    return len(text) <= MAX_CAPTION and is_caption_text(text)


def _caption_between(mid: _Piece, after: _Piece, marked: bool) -> bool:
    """Is `mid` an image caption sitting between two halves of one paragraph? marked: its
    words or the markup say it is a caption."""
    if len(mid.text) > MAX_CAPTION or not ends_terminal(mid.text) or _heading_like(after.text):
        return False
    if marked:
        return True
    single_sentence = not SENTENCE_END.search(mid.text.rstrip()[:-1])
    image_gap = mid.gap >= 2 or after.gap >= 2
    fragment_follows = len(SENTENCE_END.findall(after.text)) <= 1 and len(after.text) < len(mid.text)
    return single_sentence and (image_gap or fragment_follows)


def _join(a: _Piece, b: _Piece) -> _Piece:
    sep = " " if a.text[-1:].isascii() and a.text[-1:].isalnum() and b.text[:1].isascii() and b.text[:1].isalnum() else ""
    return _Piece(a.text + sep + b.text, a.original + sep + b.original, a.gap, a.line, a.lines + b.lines)


def _paragraph(kind: str, piece: _Piece) -> Paragraph:
    return Paragraph(kind, piece.text, piece.original, piece.lines)


def _kind(text: str) -> str:
    return "heading" if _heading_like(text) else "body"
