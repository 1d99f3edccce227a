from transforms.normalize import normalize


def test_pinyin_glosses_are_stripped_but_latin_brackets_survive():
    n = normalize("關(guān)鍵少數帶頭學，引領（lǐng）全局。附件(a)與(PDF)不變。")
    assert n.lines == ["关键少数带头学，引领全局。附件(a)与(PDF)不变。"]
    assert n.original_lines == ["關鍵少數帶頭學，引領全局。附件(a)與(PDF)不變。"]
    assert n.glosses_removed == 2


def test_spaces_and_line_ends_are_unified():
    n = normalize("第一行\u3000\u3000有全角空格\r\n第二行\u00a0\u00a0不间断\r第三行\t制表\u200b")
    assert n.lines == ["第一行 有全角空格", "第二行 不间断", "第三行 制表"]


def test_script_detection_and_aligned_lines():
    trad = normalize("縣圖書館完成改造。\n館長介紹讀者意見。")
    simp = normalize("县图书馆完成改造。\n馆长介绍读者意见。")
    assert trad.script == "traditional" and simp.script == "simplified"
    assert trad.lines == simp.lines
    assert len(trad.lines) == len(trad.original_lines)


def test_japanese_and_korean_text_keep_their_characters():
    from transforms.normalize import normalize

    japanese = normalize("今日は東京都の図書館で読書会が開かれました。來月も同じ催しを予定しています。")
    assert japanese.script == "japanese" and japanese.lines == japanese.original_lines
    assert "東京都" in japanese.lines[0] and "來月" in japanese.lines[0]  # not 东京都, 来月
    assert normalize("오늘 서울 시청 앞에서 시민들이 모였다.").script == "korean"


def test_chinese_quoting_a_little_kana_is_still_converted():
    from transforms.normalize import normalize

    text = normalize("臺灣的「味の素」廣告在東京都引起討論，許多網友紛紛轉發這則新聞。")
    assert text.script == "traditional" and "东京都" in text.lines[0] and "台湾" in text.lines[0]


def test_private_use_characters_become_spaces():
    # a GBK page's user-defined byte between a name and a label, an icon font's glyph
    lines = normalize("[ 林晓 ]\ue5c2来源：青山日报\n\uf09a 分享到朋友圈").lines
    assert lines == ["[ 林晓 ] 来源：青山日报", "分享到朋友圈"]
