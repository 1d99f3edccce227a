"""Unify whitespace and line ends, strip injected pinyin glosses, convert to Simplified.

The output keeps two aligned line lists, Simplified and original script, so every later
stage can cut and join both the same way and `text_original` never drifts from `text`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import opencc

from transforms.decode import HANGUL, KANA, MIN_HANGUL_SHARE, MIN_KANA_SHARE

# Glosses some sites inject after a character: 關(guān)鍵, 引领（lǐng）. A tone mark is
# required so that ordinary bracketed Latin text ("(a)", "(PDF)") survives.
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
PINYIN_GLOSS = re.compile(
    rf"(?<=[\u3400-\u9fff])[(（]\s*(?=[a-zü{_TONED}\s]*[{_TONED}])[a-zü{_TONED}]+(?:\s+[a-zü{_TONED}]+)*\s*[)）]"
)
_TONE_MARK = re.compile(f"[{_TONED}]")
# NBSP, ideographic space, en/em spaces and friends all become a plain space; so does a
# private-use character, which shows as no letter of any script: a GBK page's user-defined
# bytes (a spacer between a name and a label, a paragraph mark) or an icon font's glyph.
ODD_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\f\v\ue000-\uf8ff]")
INVISIBLES = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
MULTI_SPACE = re.compile(r" {2,}")
# A wiki's edit link glued to each heading (历史[编辑]): stripped like a gloss, so the heading
# reads as itself and a 参考文献 heading still ends the article.
EDIT_LINK = re.compile(r"[ \t]*\[(?:编辑|編輯|编辑源代码|編輯原始碼|edit)\][ \t]*$", re.M | re.I)
# A site's browser advice glued before the first paragraph (為達最佳瀏覽效果，建議使用 Chrome…的瀏覽器。).
BROWSER_NOTICE = re.compile(r"^(?:为达最佳浏览效果|為達最佳瀏覽效果|为了获得最佳浏览体验|為了獲得最佳瀏覽體驗|建议使用|建議使用|您的浏览器|您的瀏覽器)"
                            r"[^。！\n]{0,80}?(?:浏览器|瀏覽器|browser)[^。！\n]{0,12}[。！!]?[ \t]*", re.M | re.I)


@dataclass(frozen=True)
class Normalized:
    lines: list[str]           # Simplified
    original_lines: list[str]  # the page's own script, same cleaning
    script: str                # simplified | traditional | mixed | japanese | korean
    glosses_removed: int


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    try:
        return opencc.OpenCC("t2s")
    except Exception:  # some builds want the config file name
        return opencc.OpenCC("t2s.json")


def to_simplified(text: str) -> str:
    return _t2s().convert(text)


def normalize(text: str) -> Normalized:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = INVISIBLES.sub("", text)
    text = ODD_SPACES.sub(" ", text)
    text, glosses = PINYIN_GLOSS.subn("", text) if _TONE_MARK.search(text) else (text, 0)  # a gloss needs a tone mark
    if "[" in text:
        text = EDIT_LINK.sub("", text)
    if "览" in text or "覽" in text or "rowser" in text:
        text = BROWSER_NOTICE.sub("", text)
    if "  " in text:  # one pass: the pattern never spans lines
        text = MULTI_SPACE.sub(" ", text)
    original_lines = [line.strip() for line in text.split("\n")]
    original = "\n".join(original_lines)
    if (foreign := _foreign_script(original)) is not None:  # 東京都 is Japanese, not Traditional Chinese
        return Normalized(list(original_lines), original_lines, foreign, glosses)
    simplified = to_simplified(original)
    lines = simplified.split("\n")
    if len(lines) != len(original_lines):  # OpenCC keeps newlines; guard anyway
        lines = [to_simplified(line) for line in original_lines]
    return Normalized(lines, original_lines, _script(original, simplified), glosses)


_HANZI = re.compile(r"[\u3400-\u9fff]")
_KANA_OR_HANGUL = re.compile(f"{KANA.pattern}|{HANGUL.pattern}")
FOREIGN_SAMPLE_CHARS = 20_000


def _foreign_script(text: str) -> str | None:
    """"japanese" or "korean" when the text is (kana or hangul as decode.py tells them from
    Chinese), else None: such text keeps its characters, OpenCC is for Chinese."""
    if _KANA_OR_HANGUL.search(text) is None:  # nearly every page: one scan
        return None
    sample = text[:FOREIGN_SAMPLE_CHARS]
    hanzi = len(_HANZI.findall(sample))
    kana = len(KANA.findall(sample))
    hangul = len(HANGUL.findall(sample))
    if kana and kana >= MIN_KANA_SHARE * (kana + hanzi):
        return "japanese"
    if hangul and hangul >= MIN_HANGUL_SHARE * (hangul + hanzi):
        return "korean"
    return None


def _script(original: str, simplified: str) -> str:
    if original == simplified:
        return "simplified"
    hanzi = len(_HANZI.findall(original))
    if len(original) == len(simplified):
        a = np.frombuffer(original.encode("utf-32-le"), dtype=np.uint32)
        b = np.frombuffer(simplified.encode("utf-32-le"), dtype=np.uint32)
        changed = int(np.count_nonzero(a != b))
    else:
        changed = sum(1 for x, y in zip(original, simplified) if x != y)
    share = changed / max(1, hanzi)
    if share > 0.05:
        return "traditional"
    return "mixed" if share > 0.01 else "simplified"
