"""Page-level rules applied to a cleaned document before deduplication: which site it
belongs to, and paragraphs a page repeats (a pull quote, a summary box)."""
from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import urlsplit

from transforms.dedup.keys import para_hash
from transforms.segment import Paragraph

TOP_LEVEL_SITE = "."  # files at the top of raw/ share one site


class SiteRule(StrEnum):
    PAGE = "page"      # what the page names in its <title> line, else the top folder
    FOLDER = "folder"  # the top folder, always


def site_for(source_path: str, page_site: str | None, rule: SiteRule, url: str | None = None) -> str:
    """A page fetched from a URL (a WARC record) belongs to the URL's host, whatever the rule."""
    if url and (host := urlsplit(url).hostname):
        return host
    folder = source_path.split("/", 1)[0] if "/" in source_path else TOP_LEVEL_SITE
    if rule == SiteRule.FOLDER:
        return folder
    return page_site or folder


@dataclass(frozen=True)
class HashedParagraph:
    paragraph: Paragraph
    para_hash: str


def without_repeats(paragraphs: list[Paragraph]) -> tuple[list[HashedParagraph], list[HashedParagraph]]:
    """(kept, repeated): the same text twice in one page keeps its first occurrence."""
    kept: list[HashedParagraph] = []
    repeats: list[HashedParagraph] = []
    seen: set[str] = set()
    for p in paragraphs:
        h = para_hash(p.text)
        (repeats if h in seen else kept).append(HashedParagraph(p, h))
        seen.add(h)
    return kept, repeats
