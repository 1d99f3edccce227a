"""Find the article among a page's judged lines (transforms/chrome.py) and keep the layout.

General rules, no per-site patches:
1. Hard "stop" lines cut the page into segments an article cannot span.
2. The article is the maximum-sum run of lines (body lines score their CJK length, short
   and chrome lines score negative), so navigation lists, link lists and footers fall out
   by shape. When the dump's first line is the page <title> and the page repeats that
   title further down, the search starts there.
3. A forum thread or a commented post is its opening post; a run of headlines after the
   body is a related-stories list; captions right after it belong to it.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import islice
from typing import NamedTuple

from transforms.chrome import (BODY_MIN_WIDE, CLOSERS, DATE, ENUMERATED, HANDLE, MAX_CAPTION, NAME, POINTER_MARKS, TERMINAL, TEXT_KINDS,
                               Line, LineKind, classify_lines, ends_like_headline, ends_terminal, is_caption_text)
from transforms.density import TreeReading
from transforms.lexicon import (ANNEX_LABELS, END_MARKERS, POST_FLOORS, POSTED_BY_WRITER_KEYS, POSTED_KEYS, POSTER_LABELS,
                                PROFILE_DATE_KEYS, READ_MORE, alternation)
from transforms.reasons import LineReason

_BLANK, _BODY, _SHORT = LineKind.BLANK, LineKind.BODY, LineKind.SHORT
POST_FLOOR = re.compile(rf"(?:^|\s)(?:{alternation(POST_FLOORS)}|第?\d{{1,4}}\s*楼|[#＃]\s*\d{{1,4}}|\d{{1,4}}\s*[#＃F])(?=$|\s|[:：])")
_POSTED = re.compile(rf"{alternation(POSTED_KEYS)}|posted\s+(?:on|at|by)", re.I)
MAX_POST_HEADER = 60
# A post's header by its shape: a name (after a poster's label) then a day and a time of day
# (老张 2021-05-06 11:02:11, 作者：老张 时间：2021-05-06 11:02, 来自: 河边人 2021-05-06 10:20),
# or a name alone over a line holding only such a time. One such header is a byline; two or
# more head a thread's posts. A reply's header (回复于) names a replier, never the writer.
_DAY_AND_TIME = r"\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?\s*\d{1,2}:\d{2}"
_NAME_AND_TIME = re.compile(rf"^(?:{alternation(POSTER_LABELS)}\s*[:：]?\s*)?(?P<name>{NAME}|{HANDLE})\s+"
                            rf"(?:{alternation(('时间', *POSTED_BY_WRITER_KEYS))}\s*[:：]?\s*)?[(（]?{_DAY_AND_TIME}")
_TIME_ALONE = re.compile(rf"^[(（]?{_DAY_AND_TIME}(?::\d{{2}})?[)）]?$")
POSTER_NAME = re.compile(rf"{NAME}|{HANDLE}")  # a post header's name alone on its line (shared with metadata)
MIN_STAMPED_HEADERS = 2


class BlockWeights(NamedTuple):
    """What each line kind adds to a run of lines in the maximum-sum article search
    (_score). A body line adds its CJK width (Latin characters count a fifth); every other
    kind costs. Hand-set like the widths above; what the values imply: six 8-character
    links score about -55, more than a two-sentence teaser adds, while one toolbar (-20)
    or meta line (-8) inside an article does not break it."""
    latin_share: float = 0.2
    short_amid_prose: float = -2.0   # a blogger's line break between sentences
    short_base: float = -6.0         # a short line elsewhere: -(6 + 0.4 per character) ...
    short_per_char: float = -0.4
    short_floor: float = -25.0       # ... down to -25
    meta: float = -8.0
    chrome: float = -20.0


WEIGHTS = BlockWeights()
MIN_ARTICLE_WIDE = 20  # an article's body lines hold at least this much CJK


@dataclass
class ArticleLayout:
    lines: list[Line]
    start: int | None          # index of the first article line (a BODY line)
    end: int | None            # index of the last article line, inclusive
    title_anchor: int | None   # later line repeating the page <title>, when found
    error_debris: int = 0
    dropped: list[Line] = field(default_factory=list)
    plain: tuple[int, ...] = ()  # lines kept as body paragraphs whatever their shape: a signature, a table's cells
    first_item: int | None = None  # a document's first part heading taken above its first paragraph (_with_first_item)
    lead: int | None = None  # the first of the clause lines taken above the text (_with_clauses_above): no headline
    judged: list[Line] = field(default_factory=list)  # each line as its own text alone decides (classify_lines)
    posters: tuple[tuple[int, str], ...] = ()  # post headers by shape: (first line, poster's name) (_stamped_headers)
    excerpt: bool = False  # the text found is an excerpt on an index of excerpts (_opens_an_excerpt)

    def formal(self) -> set[int]:
        """The lines the document's form holds (a first part heading, a table's cells, a
        signature): no prose, so no tree reading holds them."""
        return set(self.plain) | ({self.first_item} if self.first_item is not None else set())

    @property
    def found(self) -> bool:
        return self.start is not None

    def header(self) -> list[Line]:
        stop = self.start if self.start is not None else len(self.lines)
        return [ln for ln in self.lines[:stop] if ln.kind is not _BLANK]

    def article(self) -> list[Line]:
        if self.start is None or self.end is None:
            return []
        return [ln for ln in self.lines[self.start : self.end + 1] if ln.kind is not _BLANK]

    def footer(self, limit: int = 12) -> list[Line]:
        """Lines right after the article, up to and including the first STOP line."""
        if self.end is None:
            return []
        out: list[Line] = []
        for ln in self.lines[self.end + 1 :]:
            if ln.kind is LineKind.BLANK:
                continue
            out.append(ln)
            ends_fields = ln.reason is not LineReason.EDITOR_LINE and ln.reason is not LineReason.NOTICE
            if ln.kind is LineKind.STOP and ends_fields or len(out) >= limit:
                break
        return out


def _score(line: Line) -> float:
    if line.kind is LineKind.BODY:
        return line.wide + WEIGHTS.latin_share * (len(line.text) - line.wide)
    if line.kind is LineKind.SHORT:
        # Between sentences, a line without punctuation is a blogger's line break or a
        # subheading, not a link: it costs little. Elsewhere it looks like navigation.
        if line.amid_prose:
            return WEIGHTS.short_amid_prose
        return max(WEIGHTS.short_floor, WEIGHTS.short_base + WEIGHTS.short_per_char * len(line.text))
    if line.kind is LineKind.META:
        return WEIGHTS.meta
    if line.reason is LineReason.CONTENTS or line.reason is LineReason.INSERTED_LIST:
        return 0.0  # it points into the article, or stands inside it: neither for nor against it
    return WEIGHTS.chrome



# Every post header (POST_FLOOR, _POSTED) holds one of these, or posted, or a digit before F
# (a numbered floor's 楼 or #, a floor's name, a posted key): a page with none has no post
# header to look for. tests/test_documented_rules.py checks it against the lexicon.
_POST_WORDS = ("楼", "#", "＃", *POST_FLOORS, *POSTED_KEYS)
_DIGIT_F = re.compile(r"\d\s*F")
_CONTENTS_LABEL = re.compile(r"(?:本文|文章)?(?:目录|目次)|contents", re.I)
_CONTENTS_ENTRY = re.compile(r"\d{1,2}(?:\.\d{1,2})*\.?\s*\S.{0,30}")


def _mark_contents(lines: list[Line]) -> None:
    """An entry's table of contents (目录 / 1 历史 / 2 地理 …) links to its headings: chrome,
    or the headings would be read twice."""
    content = [ln for ln in lines if ln.kind is not LineKind.BLANK]
    for i, ln in enumerate(content):
        if len(ln.text) > 8 or not _CONTENTS_LABEL.fullmatch(ln.text):
            continue
        entries = []
        for nxt in content[i + 1 :]:
            if nxt.kind is LineKind.BODY or not _CONTENTS_ENTRY.fullmatch(nxt.text):
                break
            entries.append(nxt)
        if len(entries) >= 2:
            for x in [ln, *entries]:
                lines[x.index] = x.as_chrome(LineReason.CONTENTS)


def locate_article(lines: list[str], template: frozenset[str] = frozenset(),
                   judged: list[Line] | None = None, tree: TreeReading | None = None) -> ArticleLayout:
    """template: the page's site's template lines (transforms/templates.py): prose-like or
    short lines among them are chrome. If that left no article (the site's pages all carry
    this text), the page is read without them. judged: these lines' own verdicts from an
    earlier reading (ArticleLayout.judged), which a second reading need not work out again.
    tree: saved HTML's tree reading (transforms/density.py): which lines its markup puts in
    data tables, in links, in which container."""
    judged = judged if judged is not None else classify_lines(lines)
    if template:
        layout = _locate(lines, judged, template, tree or _NO_TREE)
        if layout.found:
            return layout
    return _locate(lines, judged, frozenset(), tree or _NO_TREE)


def _mark_template(lines: list[Line], template: frozenset[str]) -> None:
    # Stop and meta lines keep their kind: they bound the article and carry its fields.
    for i, ln in enumerate(lines):
        if ln.kind in TEXT_KINDS and ln.text in template:
            lines[i] = ln.as_chrome(LineReason.SITE_TEMPLATE)


_NO_TREE = TreeReading.of("")  # a text dump: no markup to read lines by


def _locate(lines: list[str], judged: list[Line], template: frozenset[str], tree: TreeReading) -> ArticleLayout:
    classified = list(judged)  # the rules below replace lines, never change one in place
    if template:
        _mark_template(classified, template)
    # Whether a rare rule can apply at all, from plain substring tests of the whole page
    # (a regex search of a 5 KB page took 26-70 us; these take a few).
    joined = "\n".join(lines)
    folded = joined.casefold()  # what re.I matches, near enough for the ASCII words below
    if "目录" in joined or "目次" in joined or "contents" in folded:
        _mark_contents(classified)
    stamped = _stamped_lines(classified)
    _mark_listings(classified, stamped)
    dated_posts = _mark_dated_records(classified, stamped)
    _mark_inserted_lists(classified, tree)
    _read_in_context(classified)
    anchor = _title_anchor(classified)
    if anchor is None:
        _mark_teaser_records(classified)
    start = end = None
    if anchor is not None:
        # The article follows its own title: search the first stretch after it, up to
        # the first stop marker that comes after some body text.
        start, end = _best_block(classified, anchor + 1, first_segment_only=True)
    if start is None:
        start, end = _best_block(classified, 0)
    if start is not None:
        start, end = _before_responses(classified, start, end, anchor)
    floors: list[int] = []
    if any(word in joined for word in _POST_WORDS) or "posted" in folded or ("F" in joined and _DIGIT_F.search(joined)):
        floors = [ln.index for ln in classified if ln.kind is not _BODY and ln.kind is not _BLANK
                  and len(ln.text) <= MAX_POST_HEADER and _names_a_post(ln.text)]
    posters = _stamped_headers(classified) if ":" in joined else []
    # (substring tests first: a card's fields hold a colon, and a thread its floors or a member's day)
    posters = sorted(posters + [(at, classified[at].text) for at in dated_posts]
                     + (_carded_posters(classified, bool(floors))
                        if (":" in joined or "：" in joined) and (floors or any(key in joined for key in PROFILE_DATE_KEYS))
                        else []))
    if len(posters) < MIN_STAMPED_HEADERS and not floors:
        posters = []  # one header by shape and no other: a byline
    if floors or posters:
        start, end = _opening_post(classified, start, end, sorted(set(floors) | {at for at, _ in posters}))
    if floors and (poster := _poster_above(classified, start, floors) or _poster_over_cards(classified, start, floors)):
        posters = [poster]
    end = _without_trailing_headlines(classified, start, end)
    if tree.link_lines and start is not None and end is not None:
        _mark_link_lines(classified, start, end, tree.link_lines)
    plain: tuple[int, ...] = ()
    first_item = lead = None
    if start is not None and end is not None:
        if (above := _with_first_item(classified, start, end)) != start:
            start = first_item = above
        if (above := _with_clauses_above(classified, start)) != start:
            start = lead = above
        end = _with_clauses_below(classified, end)
        end = _with_trailing_captions(classified, end)
        if tree.table_lines:
            end, tabled = _with_table(classified, end, tree.table_lines)
            plain += tabled
        end, signed = _with_signature(classified, end)
        plain += signed
    # (a substring test first: most pages hold no read-more link)
    excerpt = start is not None and any(phrase in joined for phrase in READ_MORE) and _opens_an_excerpt(classified, start)
    layout = ArticleLayout(classified, start, end, anchor, plain=plain, first_item=first_item, lead=lead, judged=judged,
                           posters=tuple(posters), excerpt=excerpt)
    debris = LineReason.ERROR_DEBRIS
    layout.error_debris = sum([ln.reason is debris for ln in classified])
    return layout


# A line ending in a time, with at most a few marks after it and no sentence end: 标题【某】08-11 16:06?298字?[43/8],
# 标题 2023-05-06, 标题 (2023-05-06 10:00).
_STAMPED_END = re.compile(r"(?:(?:\d{2,4}[-/.年])?\d{1,2}[-/.月]\d{1,2}日?\s*\d{1,2}:\d{2}(?::\d{2})?"
                          r"|\d{4}[-/.]\d{1,2}[-/.]\d{1,2})[\]】)）]?[^。！？]{0,24}$")
STAMP_TAIL_CHARS = 48  # how much of a line's end _STAMPED_END reads
MIN_STAMP = 8  # the fewest characters _STAMPED_END matches
# Lines ending in a time, this many in a row, list other pages (a thread's posts, related
# stories). Dev dumps: 12 of 113 pages hold such runs (4 to 76 lines); none of their lines is
# in any page's gold.
LISTING_RUN_MIN = 4


MAX_INSERTED_ITEMS = 4  # the headlines a related-stories box inside the text lists


def _mark_inserted_lists(lines: list[Line], tree: TreeReading) -> None:
    """A related-stories heading (延伸阅读, 相关新闻) with the text right above it, a few of
    its headlines under it and the text resuming under them, is a box set into the article,
    not the article's end: the box is chrome. Saved HTML tells the box by its container
    (_box_in_markup); a text dump, by the lines' shapes alone (_box_in_dump)."""
    marker = LineReason.END_MARKER
    for at in [i for i, ln in enumerate(lines) if ln.reason is marker]:
        above = next(_shown_above(lines, at), None)
        if above is None or above.kind is not _BODY:
            continue
        under = list(islice(_shown_below(lines, at), MAX_INSERTED_ITEMS + 1 + MIN_RESUMED_SENTENCES))
        items = _box_in_markup(above, under, tree) if tree.containers else _box_in_dump(lines[at], above, under)
        if items is not None:
            for box in [lines[at], *under[:items]]:
                lines[box.index] = box.as_chrome(LineReason.INSERTED_LIST)


def _box_in_markup(above: Line, under: list[Line], tree: TreeReading) -> int | None:
    """Saved HTML: the box's headlines (short lines or links: a headline with a space in it
    reads as prose) under its heading, when the text resumes right under them in the
    container it left, and not as a link. (A list of related stories' own teasers is another
    container, or its teasers are links.)"""
    items = _leading(under, lambda x: x.kind in _BOX_ITEM_KINDS or x.index in tree.link_lines)
    if items > MAX_INSERTED_ITEMS or items >= len(under):
        return None
    resumes = under[items]
    if resumes.kind is not _BODY or resumes.index in tree.link_lines \
            or tree.containers.get(above.index) != tree.containers.get(resumes.index):
        return None
    return items


def _box_in_dump(heading: Line, above: Line, under: list[Line]) -> int | None:
    """A text dump: the box's headlines under a related-stories heading right under a
    sentence, one to a few, when at least two paragraphs of sentences in a row follow them.
    A list of teasers alternates headlines and sentences, or breaks off after one
    (magichtml__b5b26f9fb3's 其他人也在看), and stays the end; so does a heading with
    sentences right under it, which may be teasers."""
    if not ends_terminal(above.text) or heading.text.strip(_HEADING_MARKS) not in _BOX_HEADINGS:
        return None
    items = _leading(under, _box_item)
    resumed = under[items : items + MIN_RESUMED_SENTENCES]
    if not items or items > MAX_INSERTED_ITEMS or len(resumed) < MIN_RESUMED_SENTENCES or not all(
            x.kind is _BODY and ends_terminal(x.text) for x in resumed):
        return None
    return items


def _leading(lines: list[Line], passes: Callable[[Line], bool]) -> int:
    """How many of lines, from the first, pass in a row: one more than a box lists at most."""
    count = 0
    while count < len(lines) and count <= MAX_INSERTED_ITEMS and passes(lines[count]):
        count += 1
    return count


def _shown_above(lines: list[Line], at: int) -> Iterator[Line]:
    """The lines above line `at` that are not blank, nearest first."""
    return (lines[k] for k in range(at - 1, -1, -1) if lines[k].kind is not _BLANK)


def _shown_below(lines: list[Line], at: int) -> Iterator[Line]:
    """The lines under line `at` that are not blank, nearest first."""
    return (ln for ln in islice(lines, at + 1, None) if ln.kind is not _BLANK)


_BOX_ITEM_KINDS = frozenset((_SHORT, LineKind.CHROME))
# The headings of a box of other stories; a comment or a site heading ends the article.
_BOX_HEADINGS = frozenset((*END_MARKERS.related, *END_MARKERS.recommended, *END_MARKERS.more_lists))
_HEADING_MARKS = "【】[]()（）〈〉:：>" + POINTER_MARKS  # what chrome.py allows around a heading
MIN_RESUMED_SENTENCES = 2


def _box_item(ln: Line) -> bool:
    """A headline in a box: a short line, or one that reads as prose but ends no sentence."""
    return ln.kind in _BOX_ITEM_KINDS or ln.kind is _BODY and len(ln.text) <= MAX_LINK_LINE and ends_like_headline(ln.text)


MAX_LINK_LINE = 40  # longer, a linked line is prose, whatever it links to


def _mark_link_lines(lines: list[Line], start: int, end: int, link_lines: frozenset[int]) -> None:
    """Saved HTML: a short line inside the article that is a link and little else (html.py)
    sends the reader elsewhere (►快加入青山新闻 LINE好友！, 延伸阅读's headlines): chrome."""
    for i in range(start, end + 1):
        x = lines[i]
        if i in link_lines and x.kind in TEXT_KINDS and len(x.text) <= MAX_LINK_LINE:
            lines[i] = x.as_chrome(LineReason.LINK_LINE)


MAX_RECORD_LINES = 4  # a listed page's record: its headline, a teaser, an address, its date


def _mark_dated_records(lines: list[Line], stamped: frozenset[int]) -> list[int]:
    """Records of a few lines, each headed by a short line and closed by its date, four or
    more in a row at one stride. Headed by headlines (a list of stories with teasers, search
    results: 标题 / 摘要… / 2023-05-06), they list other pages: their text lines become
    chrome. Headed by names (河边人 / 帖子… / 2023-05-06 10:20), they are a thread's posts:
    the names' lines, returned, head them. (A chronicle, whose entries open with their date,
    is neither.)"""
    closing = {i for i in stamped if lines[i].kind is not _BODY and len(lines[i].text) <= MAX_POST_HEADER}
    if len(closing) < LISTING_RUN_MIN:  # (most pages: no record to look for)
        return []
    shown = [ln for ln in lines if ln.kind is not _BLANK]
    posts: list[int] = []
    for run in _strided_runs([at for at, ln in enumerate(shown) if ln.index in closing]):
        stride = run[1] - run[0]
        if run[0] - stride + 1 < 0:  # (the first record would start above the page: no head to read)
            continue
        heads = [shown[at - stride + 1] for at in run]
        if all(_is_headline(head) for head in heads):
            for x in shown[run[0] - stride + 1 : run[-1] + 1]:
                if x.kind in TEXT_KINDS:
                    lines[x.index] = x.as_chrome(LineReason.LISTING)
        elif all(POSTER_NAME.fullmatch(head.text) for head in heads):
            posts += [head.index for head in heads]
    return posts


MIN_TEASER_RECORDS = 6  # undated, the records need more of themselves to say they are a list


def _mark_teaser_records(lines: list[Line]) -> None:
    """A page that does not repeat its <title>, or the headline in it, over its text, where six
    or more records in a row are a headline and one sentence of teaser (标题 / 摘要。 / 标题 /
    摘要。), lists other pages: their lines become chrome. An article's numbered parts (一、… /
    its paragraph) are no such records."""
    shown = [ln for ln in lines if ln.kind is not _BLANK]
    # (the line under first: most lines have no sentence under them)
    heads = [at for at, ln in enumerate(shown[:-1]) if shown[at + 1].kind is _BODY and ends_terminal(shown[at + 1].text)
             and _is_headline(ln) and not ENUMERATED.match(ln.text)]
    run: list[int] = []
    for at in [*heads, -1]:  # (-1 closes the last run)
        if run and at == run[-1] + 2:
            run.append(at)
            continue
        if len(run) >= MIN_TEASER_RECORDS and not _shows_its_headline(shown, run[0]):
            for x in shown[run[0] : run[-1] + 2]:
                lines[x.index] = x.as_chrome(LineReason.LISTING)
        run = [at]


def _shows_its_headline(shown: list[Line], before: int) -> bool:
    """Whether a line above `before` is the headline the <title> line holds (青山网_标题 over
    标题: _title_anchor finds only a title that starts with it)."""
    title = shown[0].text
    return any(ln.wide >= MIN_HEADLINE_WIDE and ln.text in title for ln in shown[1:before])


def _strided_runs(positions: list[int]) -> list[list[int]]:
    """Runs of LISTING_RUN_MIN or more positions one stride apart (2 to MAX_RECORD_LINES)."""
    runs: list[list[int]] = []
    run: list[int] = []
    for at in positions:
        if len(run) == 1 and 2 <= at - run[0] <= MAX_RECORD_LINES or len(run) >= 2 and at - run[-1] == run[1] - run[0]:
            run.append(at)
            continue
        if len(run) >= LISTING_RUN_MIN:
            runs.append(run)
        run = [at]
    if len(run) >= LISTING_RUN_MIN:
        runs.append(run)
    return runs


def _stamped_lines(lines: list[Line]) -> frozenset[int]:
    """The lines, not stop lines, that end in a time or a date (_STAMPED_END), read once for
    the listing rules."""
    # (a line ending a sentence never ends in a stamp: most prose is passed over unsearched)
    # (nor a line shorter than the shortest stamp, 5-6 1:20 or 2023-5-6: most of a menu's)
    return frozenset(i for i, ln in enumerate(lines) if ln.kind is not _BLANK and ln.kind is not LineKind.STOP
                     and len(ln.text) >= MIN_STAMP and ln.text[-1] not in "。！？" and _STAMPED_END.search(ln.text[-STAMP_TAIL_CHARS:]))


def _mark_listings(lines: list[Line], stamped: frozenset[int]) -> None:
    """Runs of lines that each end in a time are listings; their text lines become chrome.
    A meta line ending in a time (作者：某 时间：…) continues a run but keeps its kind: it may
    carry the page's own fields."""
    runs: list[list[int]] = [[]]
    for i in sorted(i for i in stamped if len(lines[i].text) > 12):
        # (a run goes on while only blank lines lie between: the stamped lines alone are walked)
        if runs[-1] and any(ln.kind is not _BLANK for ln in lines[runs[-1][-1] + 1 : i]):
            runs.append([])
        runs[-1].append(i)
    for run in runs:
        if len(run) >= LISTING_RUN_MIN:
            for j in run:
                x = lines[j]
                if x.kind in TEXT_KINDS:
                    lines[j] = x.as_chrome(LineReason.LISTING)


def _before_responses(lines: list[Line], start: int, end: int | None, anchor: int | None) -> tuple[int | None, int | None]:
    """Below a comment section's header (已有3条评论) are comments, below 更多回答 other
    answers: where the block found is there (a long comment under a short post), the article
    is the best block above it."""
    header = next((ln.index for ln in lines if ln.reason is LineReason.RESPONSES), None)
    if header is None or start < header:
        return start, end
    first, last = _best_block(lines, anchor + 1 if anchor is not None and anchor < header else 0, stop_at=header)
    return (first, last) if first is not None else (start, end)


_READ_MORE = re.compile(alternation(READ_MORE))
MAX_READ_MORE_LINE = 40   # a link's line with its counters (阅读全文(23) | 评论(1) | 收藏), never prose
EXCERPTS_MIN = 2          # excerpts each closed by its link: one is an article with a list of links after it


def _opens_an_excerpt(classified: list[Line], start: int) -> bool:
    """Whether the text found is an excerpt on an index of excerpts (a blog's front page, a
    collection of answers): two or more body lines are each followed by a read-more link
    (READ_MORE) before any other body line, and the text found opens with one of them. (An
    article's text opens with a paragraph that more text follows, whatever excerpts come
    after it.)"""
    lines = [ln for ln in classified if ln.kind is not _BLANK]
    links = {at for at, ln in enumerate(lines)
             if ln.kind is not _BODY and len(ln.text) <= MAX_READ_MORE_LINE and _READ_MORE.search(ln.text)}
    if len(links) < EXCERPTS_MIN:
        return False
    # body lines and links in page order: a body line is closed when a link comes next
    events = [(at, ln.kind is _BODY) for at, ln in enumerate(lines) if ln.kind is _BODY or at in links]
    closed = [lines[at].index for (at, body), (_, body_next) in zip(events, events[1:]) if body and not body_next]
    return len(closed) >= EXCERPTS_MIN and start in closed


def start_after_card(layout: ArticleLayout, writer: str) -> None:
    """A Q&A answer page's article block can hold the question, then the answer's writer's
    card (甜某，心理咨询师 / 收起 / 某某等人赞同), then the answer: the article starts at the
    answer's first body line. The card is a short line opening with the writer's name."""
    article = layout.article()
    for at, ln in enumerate(article):
        if ln.kind is not _BODY and ln.text.startswith(writer):
            answer = next((a for a in article[at + 1 :] if a.kind is _BODY), None)
            if answer is not None:
                layout.start = answer.index
            return


@lru_cache(maxsize=1 << 16)  # asked of every short line, and a site's chrome lines repeat on all its pages
def _names_a_post(t: str) -> bool:
    return POST_FLOOR.search(t) is not None or (_POSTED.search(t) is not None and DATE.search(t) is not None)


def _stamped_headers(lines: list[Line]) -> list[tuple[int, str]]:
    """Each post header by its shape (_NAME_AND_TIME): the index of its first line and the
    poster's name."""
    found: list[tuple[int, str]] = []
    above: Line | None = None
    for ln in lines:
        if ln.kind is _BLANK:
            continue
        t = ln.text
        if ln.kind is not _BODY and len(t) <= MAX_POST_HEADER and ":" in t:
            if m := _NAME_AND_TIME.match(t):
                found.append((ln.index, m.group("name")))
            elif _TIME_ALONE.match(t) and above is not None and above.kind is not _BODY and POSTER_NAME.fullmatch(above.text):
                found.append((above.index, above.text))
        above = ln
    return found


# A field of a poster's card: a word and its value (等级：论坛游民, 帖子：123, 注册：2006-1-1).
_CARD_FIELD = re.compile(r"([^\s:：\d]{1,6})\s*[:：]\s*(\S.{0,24})")
_COUNT = re.compile(r"\d+")
_MEMBER_DAY = re.compile(alternation(PROFILE_DATE_KEYS))
MIN_CARD_FIELDS = 2


def _carded_posters(lines: list[Line], floored: bool) -> list[tuple[int, str]]:
    """Threads that head each post with its poster's card: the name over two or more
    fields, one of them a count (帖子：123). Cards opening with the same two fields, on
    two posts or more, are a thread's post headers: the line of each poster's name. The
    page must show it is a thread, by its floors (floored) or by a member's day on a card
    (注册：2006-1-1): a list of people with their figures (年龄：45) is not one."""
    shown = [ln for ln in lines if ln.kind is not _BLANK]
    cards: list[tuple[int, str, tuple[str, str]]] = []
    member_days = False
    at = 0
    while at < len(shown):
        fields: list[re.Match[str]] = []
        while (at + len(fields) < len(shown) and ("：" in (t := shown[at + len(fields)].text) or ":" in t)
               and (m := _CARD_FIELD.fullmatch(t))):
            fields.append(m)
        name = shown[at - 1] if at else None
        if (len(fields) >= MIN_CARD_FIELDS and name is not None and name.kind is _SHORT and POSTER_NAME.fullmatch(name.text)
                and any(_COUNT.fullmatch(m.group(2)) for m in fields)):
            cards.append((name.index, name.text, (fields[0].group(1), fields[1].group(1))))
            member_days = member_days or any(_MEMBER_DAY.match(m.group(0)) for m in fields)
        at += len(fields) or 1
    if not floored and not member_days:
        return []
    opened = Counter(first_two for *_, first_two in cards)
    return [(at, name) for at, name, first_two in cards if opened[first_two] >= MIN_STAMPED_HEADERS]


def _opening_post(lines: list[Line], start: int | None, end: int | None, headers: list[int]) -> tuple[int | None, int | None]:
    """A forum thread or a commented post is a run of posts, each under a header (楼主 …
    发表于 …, 2楼 …, or by shape: _stamped_headers): the article is the opening post, even
    when a reply is longer, and it ends at the next post's header, even when no button line
    (回复 引用) comes between. headers: the post headers' first lines, in order."""
    if start is None or end is None or not headers:
        return start, end
    opening = headers[0] if headers[0] < start else None
    # The next post's header: after some text of the opening post (a header may take several
    # lines, 发表于 … over 1#, each a header's).
    boundary = next((h for h in headers if h > start) if opening is None else
                    (h for h in headers if h > opening and any(ln.kind is _BODY for ln in lines[opening + 1 : h])), None)
    if boundary is None:
        return start, end
    if opening is not None and start > boundary:  # the block found is a reply
        first_start, first_end = _best_block(lines, opening + 1, stop_at=boundary)
        if first_start is not None:
            return first_start, first_end
        return start, end
    if end > boundary:
        before_next_post = [ln.index for ln in lines[start:boundary] if ln.kind is LineKind.BODY]
        return (start, before_next_post[-1]) if before_next_post else (start, end)
    return start, end


MAX_POSTER_BADGE = 4  # a poster's level or rank under the name (12, 吧主): a few characters


def _poster_above(lines: list[Line], start: int | None, floors: list[int]) -> tuple[int, str] | None:
    """Threads that put each post's floor (1楼 2021-05-06 11:02) under its text and the
    poster's name over it, with a level or a rank between (12, 吧主): the name over the
    opening post, where the reply after the first floor line below the post's text is laid
    out the same way (a name, then as many lines, then its text)."""
    if start is None:
        return None
    after_first = next((at for at in floors if at > start), None)
    first_reply = None if after_first is None else next((ln.index for ln in lines[after_first + 1 :] if ln.kind is _BODY), None)
    if first_reply is None:
        return None
    replies = {between for _, between in _names_over(lines, first_reply)}
    return next(((at, lines[at].text) for at, between in _names_over(lines, start) if between in replies), None)


MAX_CARD_REACH = 12  # lines between a post's text and its poster's name over a card of figures (Discuz: 10)
CARD_POSTS = 3  # the opening post and two replies, laid out alike


def _poster_over_cards(lines: list[Line], start: int | None, floors: list[int]) -> tuple[int, str] | None:
    """Threads that put a card between each poster's name and the post (茶山老农 / 7 主题 /
    40 帖子 / 新手上路 / 楼主 / 发表于 …): the name over the opening post at the distance where
    it and the next two posts each have a name over them, a different one each. (A rank or
    a group, 新手上路, repeats from post to post; a poster's name does not, unless one
    poster wrote two of them, and then no name is taken.)"""
    if start is None:
        return None
    texts = [start]
    for floor in (at for at in floors if at > start):
        if len(texts) == CARD_POSTS:
            break
        if (text := next((ln.index for ln in lines[floor + 1 :] if ln.kind is _BODY), None)) is not None and text > texts[-1]:
            texts.append(text)
    if len(texts) < CARD_POSTS:
        return None
    over = [_names_within_reach(lines, text) for text in texts]
    # (farthest first: the name tops its card; a rank or a group under it may differ too)
    for distance, first in sorted(over[0].items(), reverse=True):
        names = {first[1], *(named[distance][1] for named in over[1:] if distance in named)}
        if len(names) == CARD_POSTS:  # every post has a name there, a different one each
            return first
    return None


def _names_within_reach(lines: list[Line], text_start: int) -> dict[int, tuple[int, str]]:
    """The name-shaped short lines over a post's text, up to the text above it, by how many
    lines lie between."""
    found: dict[int, tuple[int, str]] = {}
    for distance, ln in enumerate(islice(_shown_above(lines, text_start), MAX_CARD_REACH + 1)):
        if ln.kind is _BODY:
            break
        if POSTER_NAME.fullmatch(ln.text):  # (a button's word, 回复, repeats: never a different one each)
            found[distance] = (ln.index, ln.text)
    return found


def _names_over(lines: list[Line], text_start: int) -> list[tuple[int, int]]:
    """The lines that may be the name over a post's text, each with how many lines lie
    between (none, or one: a badge). (A floor's word, 沙发, is chrome, never SHORT.)"""
    above = islice(_shown_above(lines, text_start), 2)
    found = []
    for between, ln in enumerate(above):
        if ln.kind is _SHORT and POSTER_NAME.fullmatch(ln.text):
            found.append((ln.index, between))
        if len(ln.text) > MAX_POSTER_BADGE:
            break
    return found


HEADLINE_RUN_MIN = 3  # unlabeled related-story lists after the body are at least this long
MAX_HEADLINE = 40
MIN_HEADLINE_WIDE = 8


def _is_headline(ln: Line) -> bool:
    return (ln.kind is LineKind.BODY or ln.kind is LineKind.SHORT) and len(ln.text) <= MAX_HEADLINE \
        and ln.wide >= MIN_HEADLINE_WIDE and "。" not in ln.text and not ends_terminal(ln.text)


def _without_trailing_headlines(lines: list[Line], start: int | None, end: int | None) -> int | None:
    """Headlines of other stories often follow the body with no 相关新闻 line above them, and
    the longer ones, with a comma, read as prose. A run of three or more headline-like lines
    (short, no sentence end) closing an article whose paragraphs end their sentences is that
    list, not the article's last paragraphs."""
    if start is None or end is None:
        return end
    content = [ln for ln in lines[start : end + 1] if ln.kind is not LineKind.BLANK]
    run = 0
    while run < len(content) and _is_headline(content[-1 - run]):
        run += 1
    if run < HEADLINE_RUN_MIN:
        return end
    rest = [ln for ln in content[: len(content) - run] if ln.kind is LineKind.BODY]
    if sum(ends_terminal(ln.text) for ln in rest) < 2:
        return end
    return rest[-1].index


def _with_trailing_captions(lines: list[Line], end: int) -> int:
    """An image's caption or photo credit right after the last paragraph is the article's
    (新华社发（…摄）): segmenting labels it caption."""
    for ln in lines[end + 1 : end + 6]:
        if ln.kind is LineKind.BLANK:
            continue
        if ln.kind is not LineKind.SHORT or len(ln.text) > MAX_CAPTION or not is_caption_text(ln.text):
            break
        end = ln.index
    return end


# The first item's number in the forms documents number their parts: 一、 / （一） / 1、 / 1. / 第一章.
# _FIRST_ITEM's groups hold what stands around the number, to spell the second item's.
_FIRST_ITEM = re.compile(r"^(第?)(一|1)(、|．|\.(?!\d)|章|节|条|部分)|^([（(])(一|1)([)）])")
_SECOND = {"一": "二", "1": "2"}


def _with_clauses_above(lines: list[Line], start: int) -> int:
    """Lines that each end a sentence or a clause, right above the text, are its own (a
    poem's lines, a dialogue, steps: 远上青山石径斜， / “三百多年喽。” / 1. 茶叶洗净，晾干。):
    short ones the maximum-sum search leaves out, a lead-in over them (做法如下：) and the
    prose above. A menu's or a toolbar's words end no clause. Never the page's title or a
    line over it (a headline may ask or exclaim; the <title> line holds it, or it holds no
    other mark)."""
    title = next((ln.text for ln in lines if ln.kind is not _BLANK), "")
    top = start
    for ln in _shown_above(lines, start):
        if ln.kind is not _SHORT and ln.kind is not _BODY or ln.text in title or _HEADLINE_CRY.fullmatch(ln.text) \
                or not (_ends_clause(ln.text) or top != start and _leads_in(ln.text)):
            break
        top = ln.index
    return top


def _with_clauses_below(lines: list[Line], end: int) -> int:
    """The same right under the text: a poem's or a dialogue's last lines, steps and the
    lead-in over them. A related story's headline crying out (青山县图书馆夜间开放啦！) ends
    no clause of it."""
    bottom = end
    shown = list(_shown_below(lines, end))
    for at, ln in enumerate(shown):
        if ln.kind is not _SHORT and ln.kind is not _BODY or _HEADLINE_CRY.fullmatch(ln.text) or not (
                _ends_clause(ln.text) or _leads_in(ln.text) and at + 1 < len(shown) and _ends_clause(shown[at + 1].text)):
            break
        bottom = ln.index
    return bottom


def _leads_in(text: str) -> bool:
    """A lead-in ends in a colon (做法如下：): the clause lines under it are what it leads to."""
    return text.rstrip()[-1:] in "：:"


def _ends_clause(text: str) -> bool:
    """A label ends in a colon too (主题：): a line ending in one is a clause only where a
    comma inside says it is a lead-in (女士们、先生们：)."""
    stripped = text.rstrip().rstrip(CLOSERS)
    if not stripped or stripped[-1] not in _CLAUSE_ENDS:
        return False
    return stripped[-1] not in "：:" or any(mark in stripped for mark in "，、,")


_CLAUSE_ENDS = frozenset(TERMINAL | set("，,、"))
# A headline that asks or exclaims, and holds no other mark (青山镇茶叶丰收啦！): a question
# in a dialogue or an interview holds one (问：…？, “…？”).
_HEADLINE_CRY = re.compile(r"[^，,、：:；;。“”「」\"]+[？！?!]+")


def _with_first_item(lines: list[Line], start: int, end: int) -> int:
    """A structured document's first part heading (一、培养目标) sits right above its first
    paragraph, short as any line the maximum-sum search leaves out; it is the article's where
    the article holds the second part's heading (二、…) in the same form."""
    above = next(_shown_above(lines, start), None)
    if above is None or above.kind is not _SHORT or not (m := _FIRST_ITEM.match(above.text)):
        return start
    if m.group(2):
        second = f"{m.group(1)}{_SECOND[m.group(2)]}{m.group(3)}"
    else:
        second = f"{m.group(4)}{_SECOND[m.group(5)]}{m.group(6)}"
    held = any(ln.text.startswith(second) for ln in lines[start : end + 1] if ln.kind is _BODY or ln.kind is _SHORT)
    return above.index if held else start


def _with_table(lines: list[Line], end: int, table_lines: frozenset[int]) -> tuple[int, tuple[int, ...]]:
    """A data table right under the last paragraph (an admission plan, a schedule; HTML only:
    html.py finds the tables), with at most one line naming it between (附：招生专业及考试科目),
    is the article's: its cells are short lines the maximum-sum search leaves out."""
    taken: list[Line] = []
    for ln in lines[end + 1 :]:
        if ln.kind is _BLANK:
            continue
        if ln.index in table_lines:
            if ln.kind is LineKind.STOP:
                break
            taken.append(ln)
        elif taken or ln.kind is not _SHORT:
            break
        else:
            taken.append(ln)  # the table's name
    if not any(ln.index in table_lines for ln in taken):  # a name with no table under it
        return end, ()
    kept = tuple(ln.index for ln in taken)
    _as_short(lines, kept)
    return taken[-1].index, kept


# 二〇二二年一月二十七日 / 2022年1月27日: the day a document was signed, as it prints it
# (chrome.py judges the line a timestamp on its own: beneath a signer it is the document's).
_SIGNED_ON = re.compile(r"(?:19|20)\d{2}年\d{1,2}月\d{1,2}日|[〇零○一二三四五六七八九]{4}年[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日")
MAX_SIGNATURE_LINES = 3  # before the date: a closing formula (特此通告。) and one or two signers
MAX_SIGNER = 30
_DIGIT = re.compile(r"\d")
# Before the signature, an annex: its labelled lines (附件：…, 联系人：…, 电话：…), the items
# of a list of attachments (2. 安全隐患排查台账) and a numbered part's heading (三、联系方式).
_ANNEX_LINE = re.compile(rf"^(?:{alternation(ANNEX_LABELS)}\s*\d*\s*[:：]|\d{{1,2}}\s*[.．、]|[一二三四五六七八九十]{{1,3}}、)")
MAX_ANNEX_LINES = 8


def _with_signature(lines: list[Line], end: int) -> tuple[int, tuple[int, ...]]:
    """An official document closes with a formula (特此通告。), who issues it and the day it
    was signed, each on a line of its own under the last paragraph: the maximum-sum search
    leaves such short lines out, yet the document is not whole without them. They are taken
    only as that shape: short lines, sentences before names, no figures, ending in a line
    that is a date alone, with at least one line above it, and not repeated after it. An
    annex may stand between the text and the signature (_ANNEX_LINE): taken with it."""
    run: list[Line] = []
    annex = 0
    for ln in lines[end + 1 :]:
        if ln.kind is _BLANK:
            continue
        text = ln.text.replace(" ", "").replace("\u3000", "")
        if annex < MAX_ANNEX_LINES and _ANNEX_LINE.match(text):
            annex += 1  # within the document only where the signature comes under it
            continue
        if run and (ln.kind is _SHORT or ln.reason is LineReason.TIMESTAMP) and _SIGNED_ON.fullmatch(text):
            if _dated_again(lines, ln.index):
                break
            signed = (*(x.index for x in run), ln.index)
            _as_short(lines, signed)
            return ln.index, signed
        closing = ends_terminal(ln.text)
        if len(run) == MAX_SIGNATURE_LINES or ln.kind is not _SHORT or len(ln.text) > MAX_SIGNER or _DIGIT.search(ln.text) \
                or (closing and run and not ends_terminal(run[-1].text)):
            break
        run.append(ln)
    return end, ()


def _as_short(lines: list[Line], indices: tuple[int, ...]) -> None:
    """Lines the article takes by its form, whatever chrome.py judged them alone (a date a
    timestamp, a cell a counter): short text, no reason against it."""
    for i in indices:
        x = lines[i]
        lines[i] = Line(x.index, x.text, _SHORT, LineReason.NONE, x.wide, x.amid_prose)


def _dated_again(lines: list[Line], at: int) -> bool:
    """Whether the two lines after a date are another short line and a date: a list of dated
    headlines (other stories) repeats the shape a signature has once."""
    after = [ln for ln in lines[at + 1 : at + 8] if ln.kind is not _BLANK][:2]
    return len(after) == 2 and after[0].kind is _SHORT and DATE.match(after[1].text.strip()) is not None


def _read_in_context(lines: list[Line]) -> None:
    """Lines judged on their own are judged again by their neighbours: a 'teaser' (a line
    ending in an ellipsis) with prose on both sides is a sentence that trails off, and a
    short line with prose on both sides is marked as amid prose (see _score). Related-link
    lists are runs of such lines, so their neighbours are not prose and they stay as they are."""
    content = [ln for ln in lines if ln.kind is not _BLANK]
    body = [ln.kind is _BODY for ln in content] + [False, False]  # padded: i + 1, i + 2 never overrun
    teaser = LineReason.TEASER
    for i, ln in enumerate(content):
        if ln.kind is _SHORT or ln.reason is teaser:
            if (body[i - 1] and i >= 1 or body[i - 2] and i >= 2) and (body[i + 1] or body[i + 2]):
                kind = (LineKind.BODY if ln.wide >= BODY_MIN_WIDE else LineKind.SHORT) if ln.reason is LineReason.TEASER else ln.kind
                lines[ln.index] = replace(ln, kind=kind, reason=LineReason.NONE, amid_prose=True)


def _best_block(lines: list[Line], begin: int, first_segment_only: bool = False,
                stop_at: int | None = None) -> tuple[int | None, int | None]:
    """Maximum-sum run of non-blank lines within segments bounded by STOP lines."""
    best: tuple[float, int | None, int | None] = (0.0, None, None)
    run_sum, run_start = 0.0, None
    seen_body = False
    blank, stop, body, latin_share = LineKind.BLANK, LineKind.STOP, LineKind.BODY, WEIGHTS.latin_share
    for k in range(begin, len(lines) if stop_at is None else stop_at):  # not lines[begin:]: no copy of a long page
        ln = lines[k]
        kind = ln.kind
        if kind is blank:
            continue
        if kind is stop:
            if first_segment_only and seen_body:
                break
            run_sum, run_start = 0.0, None
            continue
        if kind is body:
            seen_body = True
            score = ln.wide + latin_share * (len(ln.text) - ln.wide)  # _score's first case, inline: most lines
        else:
            score = _score(ln)
        if run_start is None or run_sum <= 0:
            run_sum, run_start = 0.0, ln.index
        run_sum += score
        if run_sum > best[0]:
            best = (run_sum, run_start, ln.index)
    _, start, end = best
    if start is None or end is None:
        return None, None
    kept = [ln for ln in lines[start : end + 1] if ln.kind is LineKind.BODY]
    if not kept or sum(ln.wide for ln in kept) < MIN_ARTICLE_WIDE:
        return None, None
    return kept[0].index, kept[-1].index


_TITLE_SEPARATORS = re.compile(r"^\s*(?:[_\-|｜—–·:：]+|--)\s*")


def _title_anchor(lines: list[Line]) -> int | None:
    """Index of the first later line that the page's <title> line (line 0) starts with."""
    first = next((ln for ln in lines if ln.kind is not _BLANK), None)
    # (a headline may ask or exclaim; a sentence is no page title)
    if first is None or first.kind not in TEXT_KINDS or ends_terminal(first.text) and not ends_like_headline(first.text):
        return None
    head = first.text
    prefixes = [ln for ln in lines[first.index + 1 :] if head.startswith(ln.text)]  # blank lines too: filtered below
    for ln in prefixes:
        t = ln.text
        if len(t) < 2 or ln.kind in (LineKind.BLANK, LineKind.STOP):
            continue
        # An encyclopedia entry's name may be two or three characters (青山县 - 维基百科): a
        # separator after it must say so; a whole-line repeat needs four.
        if (head == t and len(t) >= 4) or _TITLE_SEPARATORS.match(head[len(t) :]):
            return ln.index
    # A <title> line naming the site first (青山网_标题): the headline ends it, after a
    # separator, and is a headline's length (a site's or a column's name, 青山网 or 社会新闻,
    # may end a <title> line and stand anywhere on the page).
    endings = {head[m.end() :] for m in _SEPARATOR_IN_TITLE.finditer(head)}
    return next((ln.index for ln in lines[first.index + 1 :] if ln.text in endings and ln.wide >= MIN_HEADLINE_WIDE), None)


_SEPARATOR_IN_TITLE = re.compile(r"(?<=\S)\s*(?:[_\-|｜—–·:：]+|--)\s*")


def densest_run(scores: Sequence[float]) -> tuple[int, int] | None:
    """The (first, last) positions of the maximum-sum run of scores, or None when no run
    sums above zero."""
    best, run, run_start = 0.0, 0.0, 0
    best_span: tuple[int, int] | None = None
    for i, score in enumerate(scores):
        if run <= 0:
            run, run_start = 0.0, i
        run += score
        if run > best:
            best, best_span = run, (run_start, i)
    return best_span
