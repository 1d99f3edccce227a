"""A second reading of a saved HTML page, independent of the line rules: the container of
the tree that holds the most prose for the least of everything else.

Each visible block (a run of text between block boundaries, from transforms/html.py's walk,
which leaves out the chrome containers the line reading leaves out) is scored by what it is
made of, never by phrase lists: prose (CJK width, with sentence punctuation, little of it
inside links) counts for it; link text and bare short blocks count against. A container's
value is the prose of the blocks inside it less a share of the rest, and the reading is the
prose of the best container. Where it and the
line reading (transforms/article.py) find the same text, the extraction is sure; where
they part, one of them is wrong: `agreement` measures it, per document.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

CLAUSE = re.compile(r"[，。；！？,;!?]")  # a colon or an enumeration comma alone (字体：大 中 小) is no sentence
_SPACE = re.compile(r"\s+")

# A block is prose when at least half its text is outside links and it has a clause mark;
# what is not prose costs this share of its width against each container holding it.
MAX_PROSE_LINK_SHARE = 0.5
OTHER_TEXT_COST = 0.5
MIN_READING_WIDE = 20  # below this much prose the page has no reading to compare


@dataclass(frozen=True)
class Block:
    text: str
    wide: int    # its width in CJK characters: UTF-8 bytes beyond one a character, halved (no regex a block)
    prose: bool
    ancestors: tuple[int, ...]  # the block elements holding it, outermost first, numbered in document order
    linked: int = 0  # characters of it inside links


def block_of(parts: list[str], linked: int, path: tuple[int, ...]) -> Block | None:
    """A visible block from its text nodes, the characters of them inside links and the
    block elements holding it (the walk is transforms/html.py's, which reads the page once
    for both readings)."""
    text = "".join(parts).strip()
    if not text:
        return None
    wide = (len(text.encode()) - len(text)) // 2
    prose = wide > 0 and linked < MAX_PROSE_LINK_SHARE * len(text) and CLAUSE.search(text) is not None
    return Block(text, wide, prose, path, linked)


@dataclass(frozen=True)
class Densest:
    text: str                # the prose blocks of the container, one a line
    last: int | None = None  # the last block element inside it: what the page shows after it is not the article's
    container: int | None = None
    inside: tuple[Block, ...] = ()  # the blocks inside the container, in page order


def densest(blocks: list[Block]) -> Densest:
    """The container that holds the most prose for the least else (no reading when it holds
    under MIN_READING_WIDE of prose)."""
    value: dict[int, float] = {}
    for b in blocks:
        gain = b.wide if b.prose else -OTHER_TEXT_COST * max(b.wide, len(b.text) // 5)
        for element in b.ancestors:
            value[element] = value.get(element, 0.0) + gain
    if not value:
        return Densest("")
    best, score = max(value.items(), key=lambda kv: kv[1])
    if score < MIN_READING_WIDE:
        return Densest("")
    inside = tuple(b for b in blocks if best in b.ancestors)
    return Densest("\n".join(b.text for b in inside if b.prose), max(b.ancestors[-1] for b in inside), best, inside)


# A page whose densest container is mostly a run of like items (three or more children with
# the same tag and class), each headed by a link of its own, lists entries (a blog's index, a
# collection of answers, search results): it is no article. A forum thread's posts and an
# article's comments are like items too, but carry no heading of their own, or all the same
# one (Re: 标题); an article's sections are headed, but not by links to elsewhere.
ENTRIES_MIN = 3
ENTRIES_PROSE_SHARE = 0.6  # of the container's prose, in the entries
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
MIN_BARE_HEADLINE_WIDE = 8  # a linked headline outside a heading tag; a poster's or a commenter's linked name is shorter


def listed_entries(reading: Densest, kinds: list[tuple[str, str]]) -> tuple[str, ...]:
    """The headings of the entries the densest container lists, or () where it is no list.
    kinds: each block element's tag and class, in the order the elements were entered
    (Block.ancestors' numbers)."""
    if reading.container is None:
        return ()
    inside = reading.inside
    depth = inside[0].ancestors.index(reading.container)  # blocks inside one element all hold its ancestors
    # The container may wrap a single element holding everything (body > div): the list is
    # that element's children.
    while all(len(b.ancestors) > depth + 1 for b in inside) and len({b.ancestors[depth + 1] for b in inside}) == 1:
        depth += 1
    prose: dict[int, int] = {}
    heading: dict[int, str] = {}
    total = 0
    for b in inside:
        if len(b.ancestors) <= depth + 1:
            continue
        child = b.ancestors[depth + 1]
        first = child not in prose  # the entry's first block: a headline's link may open it bare (<a>标题</a><p>…)
        prose[child] = prose.get(child, 0) + (b.wide if b.prose else 0)
        total += b.wide if b.prose else 0
        if child not in heading and 2 * b.linked >= len(b.text) \
                and (kinds[b.ancestors[-1]][0] in HEADINGS or first and b.wide >= MIN_BARE_HEADLINE_WIDE):
            heading[child] = b.text
    groups: dict[tuple[str, str], list[int]] = {}
    for child in heading:
        groups.setdefault(kinds[child], []).append(child)
    for entries in groups.values():
        if len({heading[c] for c in entries}) >= ENTRIES_MIN and sum(prose[c] for c in entries) >= ENTRIES_PROSE_SHARE * total:
            return tuple(heading[c] for c in sorted(entries))
    return ()


@dataclass(frozen=True)
class TreeReading:
    """The tree's reading of a page, with its bigrams counted once for every comparison
    (a page read twice, with its site's template lines, is compared twice)."""
    text: str
    keys: np.ndarray    # its distinct character bigrams as 64-bit keys, sorted
    counts: np.ndarray  # how often each occurs
    total: int
    entries: tuple[str, ...] = ()  # the headings of the entries a list page holds (listed_entries)
    table_lines: frozenset[int] = frozenset()  # the page's text lines inside data tables (html.py)
    # For each of the page's text lines, the element holding its block (a <p>'s <div>): lines of
    # two containers are never halves of one paragraph (transforms/segment.py).
    containers: dict[int, int] = field(default_factory=dict)
    caption_lines: frozenset[int] = frozenset()  # the page's text lines the markup says are image captions (html.py)
    link_lines: frozenset[int] = frozenset()  # the page's text lines that are a link and little else (html.py)

    @classmethod
    def of(cls, text: str, entries: tuple[str, ...] = (), table_lines: frozenset[int] = frozenset(),
           containers: dict[int, int] | None = None, caption_lines: frozenset[int] = frozenset(),
           link_lines: frozenset[int] = frozenset()) -> TreeReading:
        keys, counts = np.unique(_pairs(_codes(_SPACE.sub("", text))), return_counts=True)
        return cls(text, keys, counts, int(counts.sum()), entries, table_lines, containers or {}, caption_lines, link_lines)

    def find(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For each key, where it would sit in self.keys (not empty), and whether it is there."""
        at = np.minimum(np.searchsorted(self.keys, keys), len(self.keys) - 1)
        return at, self.keys[at] == keys


# The line reading is trimmed to what the tree confirms only where the tree confirms most of
# it: at least this share of its bigrams lies in the tree reading. Then paragraphs at either
# end with less than half their bigrams in it go (related-story blocks, share bars, player
# controls the line rules let in). Dev HTML, 67 gold pages (../shared/eval/score_content.py):
# 9 pages gain 0.001-0.109 F1, 4 lose 0.003-0.009, mean 0.931 -> 0.935.
TREE_CONFIRMS = 0.8
PARAGRAPH_CONFIRMED = 0.5


@dataclass(frozen=True)
class Comparison:
    first: int  # the paragraphs to keep: [first, end)
    end: int
    agreement: float | None  # bigram F1 of the kept paragraphs and the tree reading; None without one


def compare(paragraphs: list[str], tree: TreeReading, trim: bool = True) -> Comparison:
    """The line reading's paragraphs against the tree reading: which to keep (all, unless the
    tree holds most of their text, when unconfirmed paragraphs at either end go; a bigram is
    held when the tree has it at all) and how far the kept text agrees with the tree (bigrams
    counted with their repeats, as the dev scorer compares text with gold). All in a few
    vectorised steps over the page: no per-paragraph loop."""
    whole = Comparison(0, len(paragraphs), None)
    if not tree.total or not paragraphs:
        return whole
    # NUL between paragraphs: no bigram spans two of them (whitespace never counts).
    codes = _codes(_SPACE.sub("", "\0".join(paragraphs)))
    inside = (codes[:-1] != 0) & (codes[1:] != 0)
    keys = _pairs(codes)[inside]
    if not len(keys):
        return whole
    paragraph_of = np.cumsum(codes[:-1] == 0)[inside]
    at, held = tree.find(keys)
    first, end = 0, len(paragraphs)
    if trim and held.sum() >= TREE_CONFIRMS * len(keys):
        sizes = np.bincount(paragraph_of, minlength=len(paragraphs))
        confirmed = (np.bincount(paragraph_of, weights=held, minlength=len(paragraphs)) >= PARAGRAPH_CONFIRMED * sizes) & (sizes > 0)
        if confirmed.any():
            where = np.flatnonzero(confirmed)
            first, end = int(where[0]), int(where[-1]) + 1
    kept = (paragraph_of >= first) & (paragraph_of < end)
    return Comparison(first, end, _f1(at[kept & held], int(kept.sum()), tree))


def _f1(held_at: np.ndarray, size: int, tree: TreeReading) -> float | None:
    """F1 of a text's bigrams against the tree's, repeats counted: held_at is, for each of the
    text's `size` bigrams the tree has, where it sits in tree.keys (a count per key, no sort)."""
    if not size or not tree.total:
        return None
    common = int(np.minimum(np.bincount(held_at, minlength=len(tree.keys)), tree.counts).sum())
    if not common:
        return 0.0
    precision, recall = common / tree.total, common / size
    return round(2 * precision * recall / (precision + recall), 3)


def _codes(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), np.uint32).astype(np.uint64)


def _pairs(codes: np.ndarray) -> np.ndarray:
    """Each character bigram of the code points as one 64-bit key, in text order."""
    return (codes[:-1] << np.uint64(21)) | codes[1:] if len(codes) > 1 else np.zeros(0, np.uint64)


def agreement(reading: str, other: str) -> float | None:
    """How much two readings of a page share: F1 of their character bigrams, counted with
    their repeats. None when either is empty."""
    return compare([reading], TreeReading.of(other), trim=False).agreement
