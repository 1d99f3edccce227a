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


# An essay saved as GBK where markup replaced half of a two-byte character (the byte before a
# quote): a few such bytes must not cost the page.
ESSAY = "考古学家在洞窟壁画中发现了早期人类对写实的追求，这些作品说明艺术的起源远比我们想象的复杂。\n" * 40
ESSAY_TRADITIONAL = "考古學家在洞窟壁畫中發現了早期人類對寫實的追求，這些作品說明藝術的起源遠比我們想像的複雜。\n" * 40


@pytest.mark.parametrize("codec", ["gbk", "big5"])
def test_a_legacy_page_with_a_few_stray_bytes_is_read_with_them_counted(codec):
    raw = (ESSAY if codec == "gbk" else ESSAY_TRADITIONAL).encode(codec)
    text = (ESSAY if codec == "gbk" else ESSAY_TRADITIONAL)
    starts = [len(text[:i].encode(codec)) for i, ch in enumerate(text) if not ch.isascii()][::300][1:6]
    broken = bytearray(raw)
    for at in reversed(starts):  # each character's second byte becomes ' "': its lead byte stands alone
        broken[at + 1 : at + 2] = b' "'
    broken = bytes(broken)
    with pytest.raises(UnicodeDecodeError):
        broken.decode("gb18030" if codec == "gbk" else "big5hkscs")
    decoded = decode(broken)
    assert isinstance(decoded, Decoded), decoded
    assert decoded.method == "legacy-repaired" and decoded.bad_bytes == 5
    assert decoded.text.count("\ufffd") == 5 and ("洞窟壁画" if codec == "gbk" else "洞窟壁畫") in decoded.text
    assert decoded.encoding in (("gb18030",) if codec == "gbk" else ("big5hkscs",))


def test_too_many_stray_bytes_are_still_refused():
    raw = bytearray(ESSAY.encode("gbk"))
    raw[1::300] = b"\xff" * len(raw[1::300])  # one bad byte in 300 (1% of the characters): noise, not a flaw
    assert isinstance(decode(bytes(raw)), Undecodable)


def test_a_big5_page_with_utf8_lines_reads_each_line_in_its_own_encoding():
    big5 = "這是一個繁體中文的段落，描述了台灣的新聞事件與社會現象。\n".encode("big5") * 20
    utf8 = "网站模板里的一行简体中文，以UTF-8保存。\n".encode("utf-8") * 2
    decoded = decode(big5 + utf8 + big5)
    assert isinstance(decoded, Decoded) and decoded.method == "mixed-lines", decoded
    assert decoded.encoding.startswith("big5") and decoded.bad_bytes == 0
    assert decoded.text.splitlines()[20] == "网站模板里的一行简体中文，以UTF-8保存。"
    assert decoded.text.splitlines()[0] == "這是一個繁體中文的段落，描述了台灣的新聞事件與社會現象。"


@pytest.mark.parametrize("codec", ["gbk", "big5"])
def test_a_page_on_one_line_in_two_encodings_reads_each_element_in_its_own(codec):
    # minified markup: no line breaks to split the encodings apart, only the tags
    text = "這是一個繁體中文的段落，描述了台灣的新聞事件與社會現象。" if codec == "big5" else ESSAY.splitlines()[0]
    template = "网站模板里的一行简体中文，以UTF-8保存"
    page = (f'<div class="nav">{template}</div><div class="c"><p>'.encode("utf-8") + text.encode(codec) * 3
            + f"</p></div><div>{template}</div>".encode("utf-8"))
    assert b"\n" not in page
    decoded = decode(page)
    assert isinstance(decoded, Decoded) and decoded.method == "mixed-lines", decoded
    assert decoded.text.count(template) == 2 and text * 3 in decoded.text and decoded.bad_bytes == 0


def test_gbk_lines_that_happen_to_be_valid_utf8_stay_gbk():
    # GBK pairs with a lead C2-DF and a trail 80-BF are UTF-8 two-byte sequences; a line of
    # them reads as Latin and rare characters in UTF-8, so the page stays one GBK reading.
    chars = [ch for ch in "的一是不了人在有我他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现"
             if (b := ch.encode("gbk")) and 0xC2 <= b[0] <= 0xDF and 0x80 <= b[1] <= 0xBF]
    assert len(chars) >= 3
    line = "".join(chars * 2).encode("gbk")
    line.decode("utf-8")  # valid UTF-8 indeed
    page = ESSAY.encode("gbk") + line + b"\n" + ESSAY.encode("gbk")
    decoded = decode(page)
    assert isinstance(decoded, Decoded) and decoded.method != "mixed-lines"
    assert "".join(chars * 2) in decoded.text


# A list of titles a template cut to a byte count (PHP's substr on GBK or UTF-8 text), each
# ending in half a character before "...": 12 cut characters in about 700, far over the
# share of stray bytes a page may hold, and every other character still reads in step.
@pytest.mark.parametrize("codec", ["gbk", "big5", "utf-8"])
def test_a_page_of_titles_cut_mid_character_is_read_with_the_cuts_counted(codec):
    text = ESSAY if codec != "big5" else ESSAY_TRADITIONAL
    lines = [line.encode(codec) for line in text.splitlines()[:15]]
    width = 3 if codec == "utf-8" else 2
    titles = [line[: width * (6 + i % 5) + 1] + b"..." for i, line in enumerate(lines[:12])]
    raw = b"\n".join(titles + lines[12:]) + b"\n"
    decoded = decode(raw)
    assert isinstance(decoded, Decoded), decoded
    assert decoded.bad_bytes == 12 and decoded.text.count("\ufffd...") == 12
    assert decoded.text.splitlines()[12] == text.splitlines()[12]  # a whole line after the cut ones, intact
    assert decoded.text.splitlines()[0].startswith(text[:6])


@pytest.mark.parametrize("text, codec, cut_at", [
    ("東京都は今年の夏の電力需要について、節電への協力を呼びかけています。専門家によると、気温が高い日が続く見込みです。\n",
     "euc-jp", 9),   # the fifth character cut to its first byte
    ("서울시는 올해 여름 전력 수요에 대해 시민들에게 절전에 협조해 달라고 당부했습니다. 전문가들은 더운 날이 계속될 것으로 봅니다.\n",
     "euc-kr", 10),  # the first byte of 올, after "서울시는 "
])
def test_a_japanese_or_korean_page_with_a_cut_character_is_not_read_as_chinese(text, codec, cut_at):
    lines = (text * 20).encode(codec).split(b"\n")
    lines[3] = lines[3][:cut_at] + b"..."
    decoded = decode(b"\n".join(lines))
    assert isinstance(decoded, Decoded) and decoded.encoding == codec, decoded
    assert decoded.bad_bytes == 1 and text[:4] in decoded.text


def test_single_byte_text_of_another_script_is_never_read_as_hanzi():
    # Thai in TIS-620: its bytes pair up as GB2312 hanzi, each line's odd last byte looks like
    # a cut character, and every pair is a valid character; only which hanzi they make (rare
    # ones as often as frequent ones) tells it is no Chinese page.
    thai = "รัฐบาลประกาศมาตรการใหม่เพื่อสนับสนุนธุรกิจขนาดเล็กในปีนี้\n" * 20
    decoded = decode(thai.encode("tis-620"))
    assert isinstance(decoded, Undecodable) or not decoded.encoding.startswith(("gb", "big5")), decoded
