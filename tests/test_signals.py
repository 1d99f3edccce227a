"""Quality signals (transforms/signals.py) and the filters over them (transforms/quality.py):
each signal against a plain recount of what it says, and each preset limit on pages made
to pass or fail it."""
import re
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest

from bench.bad_pages import _card_number, _id_number
from tests import pages
from transforms.quality import PRESETS, BadLimit, judge, quality_filter
import transforms.signals as signals_module
from transforms import _ngrams
from transforms.signals import QualitySignals, count_pii, language_of, mask_pii, measure
import random


def recount_repetition(text: str) -> tuple[dict[int, float], dict[int, float]]:
    """Gopher's repetition measures by counting n-grams in plain Python (the reference)."""
    top, duplicated = {}, {}
    for n in (2, 3, 4):
        grams = Counter(text[i : i + n] for i in range(len(text) - n + 1))
        most = max(grams.values(), default=0)
        top[n] = round(min(1.0, most * n / len(text)), 4) if most > 1 else 0.0
    for n in range(5, 11):
        grams = Counter(text[i : i + n] for i in range(len(text) - n + 1))
        covered = set()
        for i in range(len(text) - n + 1):
            if grams[text[i : i + n]] > 1:
                covered.update(range(i, i + n))
        duplicated[n] = round(len(covered) / len(text), 4) if text else 0.0
    return top, duplicated


@pytest.mark.parametrize("text", [
    pages.PARA_1 + pages.PARA_2 + pages.PARA_3,
    "好好学习天天向上" * 30,
    "abcabcabdabcabcabd",
    pages.PARA_1 * 2 + "。" + pages.PARA_2,
    "".join(chr(0x4E00 + (i * 7919) % 20000) for i in range(6000)) + "重复的句子重复的句子",  # over 4,096 distinct characters
    "青山",
])
def test_repetition_signals_match_a_plain_count_of_ngrams(text):
    signals = measure([text])
    top, duplicated = recount_repetition(text)
    assert {n: getattr(signals, f"repet_top_{n}gram") for n in (2, 3, 4)} == pytest.approx(top, abs=1e-4)
    assert {n: getattr(signals, f"repet_dup_{n}gram") for n in range(5, 11)} == pytest.approx(duplicated, abs=1e-4)


def test_character_shares_sentence_ends_and_paragraph_lengths():
    paragraphs = ["青山县ABC，123。", "★☆好！"]
    s = measure(paragraphs)
    # 15 characters: 4 Han, 3 Latin, 3 digits, 2 symbols, 3 marks of prose punctuation
    dense = "".join(paragraphs)
    assert s.cjk_share == round(4 / len(dense), 4)
    assert s.latin_share == round(3 / len(dense), 4)
    assert s.digit_share == round(3 / len(dense), 4)
    assert s.symbol_share == round(2 / len(dense), 4)  # ★☆: the prose punctuation is not a symbol
    assert s.sentence_ends_per_paragraph == 1.0  # 。 and ！ over two paragraphs
    assert (s.mean_paragraph_chars, s.max_paragraph_chars) == (7.5, 11)
    assert measure([pages.PARA_1, pages.PARA_2, pages.PARA_1]).repet_dup_paragraph_chars == \
        round(2 * len(pages.PARA_1) / (2 * len(pages.PARA_1) + len(pages.PARA_2)), 4)


@pytest.mark.parametrize("text, lang", [
    (pages.PARA_1, "zh"),
    ("中日平和友好条約の締結を記念する集会が東京で開かれ、多くの人が参加した。", "ja"),
    ("서울은 큰 도시입니다. 오늘 아침부터 비가 내렸습니다.", "ko"),
    ("The new library near the station opened its doors to readers on Monday.", "en"),
    ("Le renard brun rapide saute par-dessus le chien paresseux.", "other"),
    ("2023-05-06 12:00", "und"),
    (pages.PARA_1 + " Beijing Daily, the People's Daily and Xinhua", "zh"),  # Latin names in Chinese prose
])
def test_language_from_the_share_of_each_script(text, lang):
    assert measure([text]).lang == lang == language_of(text)


def test_spam_phrases_are_counted_per_kind_per_thousand_characters():
    text = "真人娱乐注册送彩金，百家乐提款秒到，六合彩特码" + pages.PARA_1
    s = measure([text])
    # 真人娱乐 注册送 彩金 百家乐 提款秒到: 5 gambling phrases; 六合彩 特码: 2 lottery
    assert s.spam_gambling == round(5000 / len(text.replace(" ", "")), 3)
    assert s.spam_lottery == round(2000 / len(text.replace(" ", "")), 3)
    assert s.spam_score == s.spam_gambling and s.spam_adult == s.spam_seo == 0
    assert measure([pages.PARA_1, pages.PARA_2]).spam_score == 0


def test_personal_data_is_found_by_its_checks_and_masked_by_kind():
    rng = random.Random(3)
    valid_id, card = _id_number(rng), _card_number(rng)
    broken_id = valid_id[:-1] + ("0" if valid_id[-1] != "0" else "1")
    text = (f"联系人手机13812345678，座机010-62345678，身份证{valid_id}，银行卡{card}，邮箱wang.li@example.com。"
            f"订单号{broken_id[:-1]}，发布时间2023-05-06 09:15，阅读12345678次。")
    assert count_pii(text) == {"phone": 2, "id": 1, "email": 1, "card": 1}
    masked, found = mask_pii(text)
    assert found == 5
    assert masked.startswith("联系人手机[PHONE]，座机[PHONE]，身份证[ID]，银行卡[CARD]，邮箱[EMAIL]。")
    assert "2023-05-06 09:15" in masked and "12345678次" in masked  # dates and counters are not personal data
    assert count_pii(f"身份证{broken_id}") == {"phone": 0, "id": 0, "email": 0, "card": 0}  # checksum fails
    assert count_pii("卡号4111 1111 1111 1111")["card"] == 1  # groups of four, Luhn-valid


def test_measure_counts_personal_data_wherever_count_pii_finds_it():
    """measure() skips the personal-data scan on text with no '@' and no ten digits joined
    by spaces, hyphens or plus signs: each kind, however it is written, still counts."""
    rng = random.Random(5)
    for piece in ("13812345678", "138 1234 5678", "+86 138-1234-5678", "010-62345678", _id_number(rng),
                  _card_number(rng), "4111 1111 1111 1111", "wang.li@example.com"):
        text = f"{pages.PARA_1}联系方式：{piece}。\n{pages.PARA_2}"
        found = count_pii(text)
        assert sum(found.values()) == 1, piece
        s = measure(text.split("\n"))
        assert (s.pii_phone, s.pii_id, s.pii_email, s.pii_card) == tuple(found[k] for k in ("phone", "id", "email", "card")), piece
    assert sum(count_pii(pages.PARA_1 + "2023-05-06 09:15").values()) == 0


@pytest.mark.parametrize("phrases", [
    tuple(signals_module._SPAM_PHRASES),
    ("开奖", "开奖结果", "奖结", "结果公布", "果", "快三", "快速排名", "排名"),  # phrases inside and across others
])
def test_phrases_are_found_as_a_longest_first_alternation_finds_them(phrases):
    """The compiled scan against the regex it replaced, on phrases run together, cut short
    and overlapping, at the very start and end."""
    ordered = tuple(sorted(phrases))
    table = signals_module._compiled_table(ordered)
    alternation = re.compile("|".join(map(re.escape, sorted(phrases, key=len, reverse=True))))
    rng = random.Random(11)
    for _ in range(300):
        parts = [rng.choice(phrases)[: rng.randint(1, 4)] if rng.random() < 0.3 else rng.choice(phrases)
                 for _ in range(rng.randint(1, 12))]
        text = "".join(p + rng.choice(("", "", "的", "，", "快", "开")) for p in parts)
        hits = _ngrams.profile(text, table, ordered)[4]
        assert [ordered[h] for h in hits] == alternation.findall(text), text


def test_signals_are_the_same_on_threads_and_after_a_huge_text():
    """The compiled pass keeps its buffers per thread and frees them after a text past a
    million characters: neither may change what it measures."""
    texts = [pages.PARA_1 * k + pages.PARA_2 for k in range(1, 9)] + ["好好学习天天向上" * 50]
    alone = [measure([t]) for t in texts]
    with ThreadPoolExecutor(4) as pool:
        assert list(pool.map(lambda t: measure([t]), texts * 8)) == alone * 8
    huge = "".join(chr(0x4E00 + (i * 7919) % 20000) for i in range(1_200_000))  # 60 times a 20,000-character cycle
    big = measure([huge])
    assert (big.repet_dup_10gram, big.repet_top_2gram) == (1.0, round(60 * 2 / len(huge), 4))
    assert [measure([t]) for t in texts] == alone


def signals(**changed) -> QualitySignals:
    base = measure([pages.PARA_1, pages.PARA_2, pages.PARA_3])
    return QualitySignals(**{**base.__dict__, **changed})


def test_the_standard_preset_names_the_first_limit_a_document_is_past():
    standard = PRESETS["standard"]
    assert judge(signals(), 300, standard) is None
    assert judge(signals(), 300, PRESETS["none"]) is None
    assert judge(signals(spam_score=12.5), 300, standard) == ("quality:spam_score", "spam_score 12.5 > 4")
    assert judge(signals(lang="ja"), 300, standard) == ("quality:lang", "lang ja not in zh")
    assert judge(signals(cjk_share=0.1), 300, standard) == ("quality:cjk_share", "cjk_share 0.1 < 0.3")
    assert judge(signals(repet_top_4gram=0.41), 300, standard)[0] == "quality:repet_top_4gram"  # type: ignore[index]
    assert judge(signals(pii_phone=4), 100, standard) is None  # under five pieces: a contact line
    assert judge(signals(pii_phone=6), 300, standard) == ("quality:pii_per_1000_chars", "pii_per_1000_chars 20 > 8")


def test_limits_over_a_preset_and_their_errors():
    loose = quality_filter("standard", ["spam_score=20", "lang=zh,ja", "cjk_share=off"])
    assert judge(signals(spam_score=12.5, lang="ja", cjk_share=0.1), 300, loose) is None
    assert judge(signals(spam_score=21), 300, loose) == ("quality:spam_score", "spam_score 21 > 20")
    assert judge(signals(repet_dup_10gram=0.95), 300, quality_filter("none", ["repet_dup_10gram=0.9"])) is not None
    with pytest.raises(BadLimit, match="no filter preset"):
        quality_filter("nonsense")
    for limit, says in (("spam", "SIGNAL=VALUE"), ("spamminess=3", "no quality signal"), ("spam_score=lots", "a number")):
        with pytest.raises(BadLimit, match=says):
            quality_filter("standard", [limit])
