"""How far right and wrong legacy readings stand apart on real pages: the margins behind
decode.py's repaired-legacy gates (MIN_REPAIRED_PLAUSIBILITY, MAX_STRAY_SHARE).

For every file the decoder reads as GB or Big5 (strictly or repaired), both families' widest
codecs read it leniently, and this prints, for the right family and the other one, the
lowest and highest non-ASCII plausibility and share of stray (not cut) replacements.

usage: python bench/decode_margins.py [DIR ...]   (default: ../shared/dev/html ../shared/dev/dump)
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from transforms.decode import (BIG5_FAMILY, LEGACY_WIDEST, Decoded, _CUT_CHARACTER, _non_ascii,  # noqa: E402
                               _replaced, _wide_plausibility, decode)


def main(dirs: list[Path]) -> None:
    figures: dict[str, list[tuple[float, float]]] = {"right": [], "other": []}
    for path in sorted(p for d in dirs for p in d.rglob("*") if p.is_file()):
        raw = path.read_bytes()
        decoded = decode(raw)
        if not isinstance(decoded, Decoded) or decoded.encoding.startswith("utf") or "+" in decoded.encoding:
            continue
        if decoded.encoding not in ("gb2312", "gbk", "gb18030", *BIG5_FAMILY):
            continue  # Japanese, Korean
        own = "big5hkscs" if decoded.encoding in BIG5_FAMILY else "gb18030"
        for codec in LEGACY_WIDEST:
            text = raw.decode(codec, "replace")
            bad = _replaced(text, raw, codec)
            stray = bad - min(bad, len(_CUT_CHARACTER.findall(text)))
            good = max(1, _non_ascii(text) - text.count("\ufffd"))
            figures["right" if codec == own else "other"].append((_wide_plausibility(text), stray / good))
    for kind, rows in figures.items():
        if not rows:
            print(f"{kind}: no legacy pages")
            continue
        plausibility = sorted(r[0] for r in rows)
        stray_share = sorted(r[1] for r in rows)
        print(f"{kind:5} readings {len(rows):4}  non-ASCII plausibility {plausibility[0]:.3f}..{plausibility[-1]:.3f}"
              f"  stray share {stray_share[0]:.4f}..{stray_share[-1]:.4f}")


if __name__ == "__main__":
    args = [Path(a) for a in sys.argv[1:]] or [ROOT.parent / "shared/dev/html", ROOT.parent / "shared/dev/dump"]
    main(args)
