"""Why each line of a page was kept or dropped: the cleaning steps' own decisions, read back
from an Analysis, for `qingxi explain`. Nothing here decides anything new."""
from __future__ import annotations

from dataclasses import dataclass

from transforms.chrome import LineKind
from transforms.document import Analysis
from transforms.page import without_repeats

@dataclass(frozen=True)
class LineVerdict:
    index: int    # 1-based line number in the text the rules read
    text: str
    verdict: str  # kept heading/body/caption, title, field, dropped
    detail: str   # paragraph number, field names, or the rule that dropped it


def explain_lines(analysis: Analysis) -> list[LineVerdict]:
    layout = analysis.layout
    if layout is None:
        return []
    meta = analysis.meta
    title = meta.title if meta else None
    fields_at: dict[int, list[str]] = {}
    for name, index in (meta.field_lines.items() if meta else ()):
        fields_at.setdefault(index, []).append(name)
    kept_at, repeat_of = _paragraph_lines(analysis)
    out = []
    for ln in layout.lines:
        if ln.kind is LineKind.BLANK:
            continue
        if (meta and ln.index == meta.title_line) or (title and ln.text == title):
            verdict, detail = "title", "the title field"
        elif ln.index in kept_at:
            number, kind = kept_at[ln.index]
            if number in repeat_of:
                verdict, detail = "dropped", f"repeat_in_document (paragraph {repeat_of[number]} again)"
            else:
                verdict, detail = f"kept {kind}", f"paragraph {number}"
        elif ln.index in fields_at:
            verdict, detail = "field", ", ".join(fields_at[ln.index])
        elif ln.kind in (LineKind.CHROME, LineKind.STOP, LineKind.META):
            verdict, detail = "dropped", f"{ln.kind.value}: {ln.reason.value or ln.kind.value}"
        elif not layout.found or layout.start is None or layout.end is None:
            verdict, detail = "dropped", "no article on the page"
        elif ln.index < layout.start:
            verdict, detail = "dropped", "before the article block"
        elif ln.index > layout.end:
            verdict, detail = "dropped", "after the article block"
        else:
            verdict, detail = "dropped", "inside the article block, not a paragraph"
        out.append(LineVerdict(ln.index + 1, ln.text, verdict, detail))
    return out


def _paragraph_lines(analysis: Analysis) -> tuple[dict[int, tuple[int, str]], dict[int, int]]:
    """line index -> (1-based paragraph number, kind); paragraph number -> the one it repeats."""
    kept_at: dict[int, tuple[int, str]] = {}
    for number, p in enumerate(analysis.paragraphs, 1):
        for index in p.lines:
            kept_at[index] = (number, p.kind)
    kept, repeats = without_repeats(analysis.paragraphs)  # the run's own in-page repeat rule
    number_of = {id(p): n for n, p in enumerate(analysis.paragraphs, 1)}
    first = {h.para_hash: number_of[id(h.paragraph)] for h in kept}
    return kept_at, {number_of[id(h.paragraph)]: first[h.para_hash] for h in repeats}

