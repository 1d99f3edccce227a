import codecs

import pytest

from transforms.decode import Decoded, Undecodable, decode

SIMPLIFIED = "青山县图书馆近日完成了老馆改造工程，新增阅览座位三百余个。\r\n馆长介绍：意见已全部采纳。\r\n" * 4
TRADITIONAL = "縣圖書館近日完成了老館改造工程，新增閱覽座位三百餘個。\r\n館長介紹：讀者意見已全部採納。\r\n" * 4


@pytest.mark.parametrize(
    "text, codec, expected",
    [
        (SIMPLIFIED, "utf-8", "utf-8"),
        (SIMPLIFIED, "gb2312", "gb2312"),
        (SIMPLIFIED + "堃", "gbk", "gbk"),          # 堃 is outside GB2312
        (SIMPLIFIED + "\U00020000", "gb18030", "gb18030"),  # astral: GB18030 only
        (TRADITIONAL, "big5", "big5"),
        (TRADITIONAL + "碁銹", "cp950", "cp950"),     # cp950 extensions beyond plain Big5
        (SIMPLIFIED, "utf-16-le", "utf-16-le"),
        (SIMPLIFIED, "utf-16-be", "utf-16-be"),
    ],
)
def test_encoding_matrix_roundtrips_exactly(text, codec, expected):
    result = decode(text.encode(codec))
    assert isinstance(result, Decoded)
    assert result.encoding == expected
    assert result.text == text
    assert 0.0 < result.confidence <= 1.0


@pytest.mark.parametrize("bom, codec", [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")])
def test_bom_wins_and_is_removed(bom, codec):
    result = decode(bom + SIMPLIFIED.encode(codec))
    assert isinstance(result, Decoded) and result.method == "bom"
    assert result.text == SIMPLIFIED


def test_big5_is_not_read_as_gbk_mojibake():
    # Big5 bytes are often also valid GBK; the wrong reading must lose on plausibility.
    result = decode(TRADITIONAL.encode("big5"))
    assert result.encoding in ("big5", "cp950") and result.text == TRADITIONAL


@pytest.mark.parametrize("codec", ["utf-8", "gbk", "big5"])
def test_cut_off_last_character_is_dropped_and_flagged(codec):
    text = TRADITIONAL if codec == "big5" else SIMPLIFIED
    raw = text.rstrip("\r\n").encode(codec)[:-1]
    result = decode(raw)
    assert isinstance(result, Decoded) and result.truncated
    assert text.startswith(result.text)
    assert len(result.text) == len(text.rstrip("\r\n")) - 1


@pytest.mark.parametrize(
    "raw, reason",
    [
        (b"", "empty"),
        (b"  \n\r\n ", "empty"),
        (b"\x89PNG\r\n\x1a\n" + bytes(200), "binary"),
        (bytes(range(256)) * 8, "binary"),
    ],
)
def test_bad_input_gets_a_reason(raw, reason):
    result = decode(raw)
    assert isinstance(result, Undecodable) and result.reason == reason and result.message


def test_random_bytes_are_never_decoded():
    rng = __import__("random").Random(7)
    for _ in range(20):
        raw = bytes(rng.randrange(256) for _ in range(3000))
        assert isinstance(decode(raw), Undecodable)


def test_ascii_is_utf8_with_lower_confidence():
    result = decode(b"plain ascii page\n")
    assert result.encoding == "utf-8" and result.confidence < 1.0


def test_latin1_noise_is_rejected_rather_than_guessed():
    raw = "Ærøskøbing - café über naïve façade ".encode("latin-1") * 20
    result = decode(raw)
    # Either a clean non-CJK reading or a refusal, never Chinese mojibake.
    assert isinstance(result, Undecodable) or not any("\u4e00" <= c <= "\u9fff" for c in result.text)
