import codecs

import pytest

from transforms.decode import Decoded, Undecodable, decode
from transforms.reasons import RejectReason

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


KOREAN = ("오늘 서울 시청 앞에서 시민들이 모여 새해 계획을 이야기했다. 많은 사람들이 가족과 함께 건강하게 지내고 싶다고 "
          "말했다. 시는 이번 행사를 매년 열 계획이라고 밝혔다. 행사에 참가한 한 시민은 아이들과 함께 즐거운 시간을 보냈다고 "
          "전했다.\n") * 3
JAPANESE = ("今日は東京の図書館で子どもたちのための読書会が開かれました。多くの家族が参加し、先生が絵本を読み聞かせました。"
            "図書館は来月も同じような催しを予定しています。\n") * 3
CHINESE = "县图书馆近日完成了老馆改造工程，新增阅览座位三百余个，并开设了面向中小学生的夜间自习区。\n" * 4


@pytest.mark.parametrize("text, codec", [(KOREAN, "euc-kr"), (JAPANESE, "euc-jp"), (JAPANESE, "shift_jis")])
def test_korean_and_japanese_pages_are_read_as_themselves_not_as_chinese_mojibake(text, codec):
    result = decode(text.encode(codec))
    assert isinstance(result, Decoded) and result.text == text and result.method in ("hangul", "kana")


@pytest.mark.parametrize("text, codec", [(KOREAN, "euc-kr"), (JAPANESE, "euc-jp")])
@pytest.mark.parametrize("declared", ["gb2312", "gbk", "big5"])
def test_a_declared_chinese_charset_never_turns_korean_or_japanese_into_mojibake(text, codec, declared):
    result = decode(text.encode(codec), declared=declared)
    assert isinstance(result, Decoded) and result.text == text and result.method in ("hangul", "kana")


@pytest.mark.parametrize("codec", ["gb2312", "gbk", "big5"])
def test_chinese_legacy_pages_are_not_taken_for_korean_or_japanese(codec):
    text = CHINESE if codec != "big5" else __import__("opencc").OpenCC("s2t").convert(CHINESE)
    result = decode(text.encode(codec))
    assert isinstance(result, Decoded) and result.text == text and result.method not in ("hangul", "kana")


@pytest.mark.parametrize("codec", ["utf-32-le", "utf-32-be"])
def test_utf32_without_a_bom_is_read_without_nuls(codec):
    result = decode(CHINESE.encode(codec))
    assert isinstance(result, Decoded) and result.text == CHINESE and "\x00" not in result.text


def test_a_utf8_page_with_a_stray_byte_is_kept_with_the_byte_counted():
    raw = CHINESE.encode() * 3
    at = len(CHINESE[:30].encode())
    raw = raw[:at] + b"\xff" + raw[at:]
    result = decode(raw)
    assert isinstance(result, Decoded) and result.encoding == "utf-8" and result.bad_bytes == 1
    assert result.text.count("\ufffd") == 1


@pytest.mark.parametrize("raw, reason", [
    (bytes(4096), "nul_bytes"),
    (b"PK\x03\x04" + b"article.txt" + "县图书馆".encode() * 50, "archive"),
])
def test_nul_files_and_archives_say_what_they_are(raw, reason):
    result = decode(raw)
    assert isinstance(result, Undecodable) and result.reason == reason


SHORT_BIG5_PAGE = ("<html><head>{meta}<title>綽噩</title></head><body><p>" + "x" * 300 + "</p></body></html>")


def test_a_declared_charset_settles_readings_that_tie():
    from transforms.html import declared_charset

    bare = SHORT_BIG5_PAGE.format(meta="").encode("big5")
    assert decode(bare).encoding not in ("big5", "cp950")  # markup and two hanzi read well as GB too
    raw = SHORT_BIG5_PAGE.format(meta='<meta charset="big5">').encode("big5")
    got = decode(raw, declared_charset(raw))
    assert (got.encoding, got.method) == ("big5", "declared") and "綽噩" in got.text


def test_a_lying_declaration_never_beats_a_clearly_better_reading():
    from tests import pages

    article = f"<html><head><meta charset=big5></head><body><p>{pages.PARA_1}{pages.PARA_2}</p></body></html>"
    got = decode(article.encode("gbk"), "big5")
    assert got.encoding in ("gb2312", "gbk") and pages.PARA_1 in got.text


def test_the_http_content_type_charset_is_read():
    from flows.ingest import http_charset

    assert http_charset((("Server", "x"), ("Content-Type", 'text/html; Charset="GBK"'))) == "gbk"
    assert http_charset((("Content-Type", "text/html"),)) is None


def test_a_png_with_a_large_text_chunk_is_binary():
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    xmp = b"XML:com.adobe.xmp\x00\x00\x00\x00\x00" + b"<x:xmpmeta><rdf:Description about=''/></x:xmpmeta>\n" * 400
    png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)) + chunk(b"iTXt", xmp)
           + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))
    assert len(xmp) > 8192  # the first 8 KB look like text
    result = decode(png)
    assert isinstance(result, Undecodable) and result.reason == RejectReason.BINARY


def test_a_text_file_that_starts_like_a_signature_is_text():
    result = decode("BM 公司今年的年度报告显示，营业收入稳步增长，研发投入继续加大。\n".encode() * 5)
    assert isinstance(result, Decoded)
