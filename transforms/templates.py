"""A site's template lines, learned from many of its pages (cc_net removes such lines by hash).

A crawl holds many pages of each site, and the site prints its menus, slogans and footers on
every one of them. A line found on most of a site's distinct pages is that site's chrome,
however much it reads like prose; an article's own lines are on one page (or a few, when a
story is saved twice). Pages that are byte-for-byte the same count once.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

# A line is a template line when it is on this share of a site's distinct pages, and on at
# least this many of them: a headline in a few pages' related lists, or a story saved three
# times, is not; a menu on every page is.
TEMPLATE_MIN_SHARE = 0.5
TEMPLATE_MIN_PAGES = 4


def site_templates(pages: Iterable[tuple[str, str, list[str]]]) -> dict[str, frozenset[str]]:
    """pages: (site, page identity, the page's lines). For each site with template lines,
    those lines (stripped)."""
    seen: dict[str, set[str]] = defaultdict(set)
    counts: dict[str, Counter] = defaultdict(Counter)
    for site, identity, lines in pages:
        if identity in seen[site]:
            continue
        seen[site].add(identity)
        counts[site].update({s for line in lines if (s := line.strip())})
    templates = {}
    for site, count in counts.items():
        need = max(TEMPLATE_MIN_PAGES, TEMPLATE_MIN_SHARE * len(seen[site]))
        if common := frozenset(line for line, n in count.items() if n >= need):
            templates[site] = common
    return templates
