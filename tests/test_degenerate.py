"""Degenerate text: a passage repeated is rejected, an overlong line is split at its
sentence ends, and what has none is dropped (transforms/degenerate.py)."""
import random

from tests import pages
from transforms.degenerate import MAX_PARAGRAPH_CHARS, SPLIT_PIECE_CHARS
from transforms.document import Document, Reject, clean
from transforms.reasons import LineReason, RejectReason

HANZI = "".join(chr(c) for c in range(0x4E00, 0x4E00 + 3000))  # varied text compresses like prose, not like a repeat


def prose(rng: random.Random, sentences: int, marks: str = "。！？") -> str:
    return "".join("".join(rng.choice(HANZI) for _ in range(rng.randint(15, 60))) + rng.choice(marks)
                   for _ in range(sentences))


def test_one_phrase_repeated_is_rejected_as_repetitive():
    outcome = clean(("青山县的好消息传遍了四方，" * 50_000).encode())
    assert isinstance(outcome, Reject) and outcome.reason == RejectReason.REPETITIVE
    assert "compresses" in outcome.message


def test_an_article_printed_twice_is_not_repetitive():
    outcome = clean((pages.PEOPLE_STYLE + "\n" + pages.PEOPLE_STYLE).encode())
    assert isinstance(outcome, Document)  # the repeat in the document is paragraph dedup's, not a reject


def test_a_one_line_file_is_split_at_sentence_ends_and_loses_nothing():
    text = prose(random.Random(7), 4_000)
    assert len(text) > 5 * MAX_PARAGRAPH_CHARS
    outcome = clean(text.encode())
    assert isinstance(outcome, Document)
    assert len(outcome.paragraphs) > 100 and max(len(p.text) for p in outcome.paragraphs) <= SPLIT_PIECE_CHARS + 61
    assert "".join(p.text_original for p in outcome.paragraphs) == text
    assert all(p.text[-1] in "。！？" for p in outcome.paragraphs)  # whole sentences


def test_a_stretch_with_no_sentence_end_is_dropped_or_rejected():
    rng = random.Random(3)
    blob = "".join(rng.choice(HANZI) for _ in range(MAX_PARAGRAPH_CHARS + 5_000))
    alone = clean(blob.encode())
    assert isinstance(alone, Reject) and alone.reason == RejectReason.NO_STRUCTURE
    article = pages.PEOPLE_STYLE.replace(pages.PARA_2, pages.PARA_2 + blob)
    kept = clean(article.encode())
    assert isinstance(kept, Document) and kept.dropped_lines[LineReason.OVERLONG.value] == 1
    assert max(len(p.text) for p in kept.paragraphs) <= MAX_PARAGRAPH_CHARS
    assert any(pages.PARA_1 in p.text for p in kept.paragraphs)
