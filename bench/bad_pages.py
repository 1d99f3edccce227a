"""A generated set of pages a Chinese corpus leaves out, laid out as articles (a title, a
date line, paragraphs) so that extraction keeps them and only the quality signals can tell:
gambling, lottery and adult spam, keyword-stuffed SEO pages, machine-repeated text,
Japanese, Korean and English pages, and pages dense with personal data. Every text is
made here from small word lists (written for this project) and a seeded generator, so the
set is the same on every machine.

usage: python bench/bad_pages.py OUT_DIR [--per-kind 40]  (writes OUT_DIR/KIND/NNN.txt)
"""
from __future__ import annotations

import argparse
import random
from collections.abc import Callable
from pathlib import Path

PLACES = ("北京", "上海", "广州", "深圳", "杭州", "成都", "武汉", "西安", "南京", "重庆", "天津", "苏州")
GAMBLING = ("真人娱乐", "百家乐", "体育投注", "老虎机", "电子游艺", "娱乐城", "棋牌游戏", "网上赌博", "捕鱼游戏")
GAMBLING_SELL = ("注册送{n}元彩金", "首存{n}送{m}", "每日返水{p}%", "提款秒到账", "开户送{n}元", "下注即送豪礼",
                 "最高返水{p}%无上限", "洗码无需流水")
LOTTERY = ("时时彩", "六合彩", "北京赛车", "快三", "双色球", "大乐透", "福彩3D", "排列三")
LOTTERY_SELL = ("精准计划", "杀号技巧", "必中一肖", "稳赚不赔", "倍投方案", "计划群免费进", "今晚特码", "包中跟单",
                "码报资料", "开奖结果直播")
ADULT = ("同城约会", "裸聊视频", "激情视频", "上门服务", "夫妻交友", "午夜影院", "福利视频", "私密视频", "特殊服务")
ADULT_SELL = ("在线观看", "无码高清", "同城约炮", "一夜情免费", "宅男福利", "成人视频每日更新", "性感美女在线")
SEO_GOODS = ("搬家公司", "装修公司", "月嫂服务", "开锁换锁", "空调维修", "婚纱摄影", "驾校报名", "家政保洁", "代理记账")
SEO_SELL = ("哪家好", "电话", "价格", "收费标准", "排名", "推荐", "多少钱", "口碑", "官网")
FILLER = ("欢迎来电咨询", "价格优惠", "厂家直销", "加微信了解详情", "联系QQ咨询", "优惠多多", "专业团队", "诚信经营")
SPUN = ("本公司始终坚持质量第一的原则", "为广大客户提供优质的服务", "我们拥有多年的行业经验", "产品畅销全国各地",
        "欢迎新老客户前来洽谈合作", "选择我们就是选择放心")
JAPANESE = ("今日は朝から雨が降っていました。", "駅の近くに新しい図書館ができました。", "週末は家族と一緒に公園へ行きました。",
            "この町の祭りは毎年八月に行われます。", "新しい駅の工事は来年の春に終わる予定です。",
            "図書館では子ども向けの読み聞かせ会が開かれています。", "市役所は住民の意見を聞くために説明会を開きました。",
            "地元の農家が作った野菜は朝市でよく売れています。")
KOREAN = ("오늘 아침부터 비가 내리기 시작했습니다.", "역 근처에 새로운 도서관이 문을 열었습니다.",
          "주말에는 가족과 함께 공원에 다녀왔습니다.", "이 마을의 축제는 매년 팔월에 열립니다.",
          "시청은 주민 의견을 듣기 위해 설명회를 열었습니다.", "지역 농가가 재배한 채소가 아침 시장에서 잘 팔리고 있습니다.",
          "새 역의 공사는 내년 봄에 끝날 예정입니다.", "도서관에서는 어린이를 위한 책 읽기 모임이 열리고 있습니다.")
ENGLISH = ("The new library near the station opened its doors to readers on Monday morning.",
           "City officials said the construction of the second bridge would be finished by next spring.",
           "Local farmers sold most of their vegetables at the weekend market in the old town.",
           "The festival, which is held every August, drew more visitors this year than ever before.",
           "Residents were invited to a public meeting to discuss the plan for the riverside park.",
           "The school board approved a budget that adds two new teachers and a reading program.",
           "Heavy rain in the afternoon delayed several trains on the line to the airport.",
           "A spokesperson for the hospital said the new wing would serve patients from three districts.")
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂"


def _id_number(rng: random.Random) -> str:
    body = f"{rng.choice(('110105', '310104', '440106', '330106', '510107'))}{rng.randint(1950, 2005)}" \
           f"{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(0, 999):03d}"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, weights)) % 11]


def _card_number(rng: random.Random) -> str:
    digits = [int(d) for d in f"622202{rng.randint(0, 10**9 - 1):09d}"]
    total = sum(d if i % 2 else (d * 2 - 9 if d * 2 > 9 else d * 2) for i, d in enumerate(reversed(digits)))
    return "".join(map(str, digits)) + str((10 - total % 10) % 10)


def _phone(rng: random.Random) -> str:
    return f"1{rng.choice('3589')}{rng.randint(0, 9)}{rng.randint(0, 99_999_999):08d}"


def _fill(rng: random.Random, text: str) -> str:
    return text.format(n=rng.choice((38, 58, 88, 188, 888)), m=rng.choice((18, 28, 58)), p=rng.choice((1.2, 1.5, 2, 3)))


def gambling(rng: random.Random) -> tuple[str, list[str]]:
    game = rng.choice(GAMBLING)
    paras = [f"{rng.choice(PLACES)}{game}官方平台，{_fill(rng, rng.choice(GAMBLING_SELL))}，{rng.choice(GAMBLING)}、"
             f"{rng.choice(GAMBLING)}应有尽有，{_fill(rng, rng.choice(GAMBLING_SELL))}。" for _ in range(rng.randint(4, 8))]
    return f"{game}平台推荐，{_fill(rng, rng.choice(GAMBLING_SELL))}", paras


def lottery(rng: random.Random) -> tuple[str, list[str]]:
    game = rng.choice(LOTTERY)
    paras = [f"{game}第{rng.randint(1, 120):03d}期{rng.choice(LOTTERY_SELL)}：{' '.join(str(rng.randint(1, 49)) for _ in range(6))}，"
             f"{rng.choice(LOTTERY_SELL)}，{rng.choice(LOTTERY_SELL)}，加入{rng.choice(LOTTERY)}计划群。" for _ in range(rng.randint(4, 8))]
    return f"{game}{rng.choice(LOTTERY_SELL)}，今日开奖号码", paras


def adult(rng: random.Random) -> tuple[str, list[str]]:
    place = rng.choice(PLACES)
    paras = [f"{place}{rng.choice(ADULT)}，{rng.choice(ADULT_SELL)}，{rng.choice(ADULT)}，{rng.choice(ADULT_SELL)}，"
             f"{rng.choice(ADULT)}随时可约。" for _ in range(rng.randint(4, 8))]
    return f"{place}{rng.choice(ADULT)}{rng.choice(ADULT_SELL)}", paras


def seo(rng: random.Random) -> tuple[str, list[str]]:
    keyword = rng.choice(PLACES) + rng.choice(SEO_GOODS)
    paras = ["，".join(f"{keyword}{rng.choice(SEO_SELL)}" for _ in range(rng.randint(5, 9))) + f"，{rng.choice(FILLER)}。"
             for _ in range(rng.randint(4, 8))]
    return f"{keyword}{rng.choice(SEO_SELL)}_{keyword}{rng.choice(SEO_SELL)}", paras


def repeated(rng: random.Random) -> tuple[str, list[str]]:
    block = "，".join(rng.sample(SPUN, 4)) + "。"
    paras = [block if rng.random() < 0.7 else block.replace("我们", "本厂") for _ in range(rng.randint(6, 14))]
    return f"{rng.choice(PLACES)}{rng.choice(SEO_GOODS)}简介", paras


def japanese(rng: random.Random) -> tuple[str, list[str]]:
    return "町の新しい図書館", ["".join(rng.sample(JAPANESE, 3)) for _ in range(rng.randint(3, 6))]


def korean(rng: random.Random) -> tuple[str, list[str]]:
    return "새 도서관 개관 소식", [" ".join(rng.sample(KOREAN, 3)) for _ in range(rng.randint(3, 6))]


def english(rng: random.Random) -> tuple[str, list[str]]:
    return "New library opens near the station", [" ".join(rng.sample(ENGLISH, 3)) for _ in range(rng.randint(3, 6))]


def personal_data(rng: random.Random) -> tuple[str, list[str]]:
    paras = []
    for _ in range(rng.randint(6, 12)):
        name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(("", rng.choice(GIVEN)))
        paras.append(f"{name}，身份证号{_id_number(rng)}，手机{_phone(rng)}，银行卡{_card_number(rng)}，"
                     f"邮箱{rng.choice(('wang', 'li', 'zhang', 'chen'))}{rng.randint(10, 9999)}@{rng.choice(('qq.com', '163.com', 'sina.com'))}。")
    return f"{rng.choice(PLACES)}客户资料汇总", paras


KINDS: dict[str, Callable[[random.Random], tuple[str, list[str]]]] = {
    "gambling": gambling, "lottery": lottery, "adult": adult, "seo": seo, "repeated": repeated,
    "japanese": japanese, "korean": korean, "english": english, "personal_data": personal_data,
}


def generate(out: Path, per_kind: int = 40, seed: int = 7) -> dict[str, int]:
    """Write per_kind pages of each kind under out/KIND/; returns the count per kind."""
    rng = random.Random(seed)
    for kind, make in KINDS.items():
        folder = out / kind
        folder.mkdir(parents=True, exist_ok=True)
        for i in range(per_kind):
            title, paras = make(rng)
            date = f"2023-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}"
            (folder / f"{i:03d}.txt").write_text("\n\n".join([title, date, *paras]) + "\n", encoding="utf-8")
    return dict.fromkeys(KINDS, per_kind)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--per-kind", type=int, default=40)
    args = parser.parse_args()
    counts = generate(args.out, args.per_kind)
    print(f"{sum(counts.values())} pages in {len(counts)} kinds under {args.out}")


if __name__ == "__main__":
    main()
