"""Filters over the quality signals (transforms/signals.py): a preset names a limit per
signal; a document past any limit is moved out of the dataset by the run (a `removed` row
naming the rule and the figure, its paragraphs not written), never dropped silently.

The `standard` limits and where each comes from (bench/quality_filter.py prints the table:
each signal's highest value on the 113 dev dumps, none of whose articles the preset may
remove, and its lowest on each generated bad kind, bench/bad_pages.py, it is meant to catch):
- lang: only Chinese pages are kept (Japanese, Korean, English and other pages are other
  corpora's). Dev: one article is Japanese and is filtered out; every other reads as zh.
- cjk_share at least 0.3: dev's lowest 0.54; pages of personal data from 0.18.
- spam_score at most 4 phrases per 1,000 characters: dev's highest 1.15; the generated
  SEO pages' lowest 6.2, gambling, lottery and adult pages' 120.
- repet_top_4gram at most 0.2: dev's highest 0.11; keyword-stuffed pages from 0.38.
- repet_dup_10gram at most 0.9: dev's highest 0.74 (a 147-character news brief whose
  photo caption repeats its lead); machine-repeated pages that pass the degenerate-text
  reject (transforms/degenerate.py) from 0.99.
- pii_per_1000_chars at most 8 pieces of personal data per 1,000 characters, counted only
  on pages with at least 5: dev's highest 0; generated pages of personal data from 50.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from transforms.signals import SIGNAL_NAMES, QualitySignals, measure

PII_SIGNALS = ("pii_phone", "pii_id", "pii_email", "pii_card")
# Derived figures a limit may name besides the signals themselves.
PII_TOTAL = "pii_per_1000_chars"
PII_MIN_COUNT = 5  # fewer pieces of personal data are a contact line, whatever the page's length


@dataclass(frozen=True)
class Limit:
    signal: str
    most: float | None = None   # the document fails above this
    least: float | None = None  # ...or below this


@dataclass(frozen=True)
class Preset:
    name: str
    languages: tuple[str, ...] | None  # kept languages; None: any
    limits: tuple[Limit, ...]


PRESETS = {
    "none": Preset("none", None, ()),
    "standard": Preset("standard", ("zh",), (
        Limit("spam_score", most=4.0),
        Limit(PII_TOTAL, most=8.0),
        Limit("repet_top_4gram", most=0.2),
        Limit("repet_dup_10gram", most=0.9),
        Limit("cjk_share", least=0.3),
    )),
}
LIMITABLE = (*(n for n in SIGNAL_NAMES if n != "lang"), PII_TOTAL)


class BadLimit(ValueError):
    """A --quality-limit the filter cannot use (its message is the one line a user sees)."""


def quality_filter(preset: str, overrides: list[str] | tuple[str, ...] = ()) -> Preset:
    """The preset with the user's limits on top: "signal=value" sets the signal's limit in
    its preset direction (at most, or at least for cjk_share and sentence_ends_per_paragraph),
    "signal=off" removes it, "lang=zh,en" sets the languages kept ("lang=off": any)."""
    if preset not in PRESETS:
        raise BadLimit(f"no filter preset {preset!r} (one of {', '.join(PRESETS)})")
    chosen = PRESETS[preset]
    for text in overrides:
        name, sep, value = text.partition("=")
        name, value = name.strip(), value.strip()
        if not sep or not value:
            raise BadLimit(f"a quality limit is SIGNAL=VALUE, not {text!r}")
        if name == "lang":
            chosen = replace(chosen, languages=None if value == "off" else tuple(v.strip() for v in value.split(",")))
            continue
        if name not in LIMITABLE:
            raise BadLimit(f"no quality signal {name!r} to limit (one of lang, {', '.join(LIMITABLE)})")
        kept = tuple(limit for limit in chosen.limits if limit.signal != name)
        if value != "off":
            try:
                figure = float(value)
            except ValueError:
                raise BadLimit(f"the limit for {name} must be a number or off, not {value!r}") from None
            at_least = name in ("cjk_share", "sentence_ends_per_paragraph")
            kept += (Limit(name, least=figure) if at_least else Limit(name, most=figure),)
        chosen = replace(chosen, limits=kept)
    return chosen


def figure(signals: QualitySignals, name: str, chars: int) -> float:
    if name == PII_TOTAL:
        found = sum(getattr(signals, s) for s in PII_SIGNALS)
        return round(1000 * found / max(1, chars), 2) if found >= PII_MIN_COUNT else 0.0
    return float(getattr(signals, name))


def judge(signals: QualitySignals, chars: int, preset: Preset) -> tuple[str, str] | None:
    """(rule, detail) of the first limit the document is past, e.g. ("quality:spam_score",
    "spam_score 12.5 > 4"), or None when it passes. chars: its text's length."""
    if preset.languages is not None and signals.lang not in preset.languages:
        return "quality:lang", f"lang {signals.lang} not in {','.join(preset.languages)}"
    for limit in preset.limits:
        value = figure(signals, limit.signal, chars)
        if limit.most is not None and value > limit.most:
            return f"quality:{limit.signal}", f"{limit.signal} {value:g} > {limit.most:g}"
        if limit.least is not None and value < limit.least:
            return f"quality:{limit.signal}", f"{limit.signal} {value:g} < {limit.least:g}"
    return None


def assess(paragraphs: list[str], preset: Preset) -> tuple[QualitySignals, tuple[str, str] | None]:
    """A document's signals and the preset's verdict on them (judge()), as a run and
    `qingxi explain` both give them."""
    signals = measure(paragraphs)
    return signals, judge(signals, sum(map(len, paragraphs)), preset)
