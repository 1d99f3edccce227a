"""Generate a raw/ folder that looks like a real crawl, with known duplicate relations.

Articles are built from a bank of shared topic phrases (so distinct articles on the same
topic overlap the way Party-building pieces do), random place names and figures (so they
are still distinct). Per site: its own chrome template. Mix: mostly UTF-8 and the GB
family, some Big5 and UTF-16; 10% Traditional; 15% reprints (other site's chrome, often
shortened, sometimes Traditional); a few exact and re-encoded copies. truth.json maps each
file to the base article it derives from.
"""
from __future__ import annotations

import json
import random
from pathlib import Path

import opencc

PHRASES = [
    "坚持以人民为中心的发展思想", "推动高质量发展取得新成效", "深入学习贯彻党的二十大精神", "加强基层组织建设",
    "持续优化营商环境", "统筹发展和安全", "全面推进乡村振兴", "着力解决群众急难愁盼问题", "完善公共服务体系",
    "推进治理体系和治理能力现代化", "压紧压实工作责任", "建立健全长效机制", "加大政策支持力度",
    "提升干部队伍专业化能力", "强化科技创新引领作用", "加快发展新质生产力", "筑牢安全生产防线",
    "推动绿色低碳转型", "做好稳就业保民生工作", "深化重点领域改革", "把各项部署落到实处", "营造良好社会氛围",
    "发挥示范带动作用", "形成工作合力", "切实增强群众获得感", "扎实推进共同富裕", "巩固拓展脱贫攻坚成果",
    "提高应急处置能力", "加强生态环境保护", "推动文化繁荣发展", "强化监督执纪问责", "推进数字政府建设",
]
CONNECT = ["，", "，", "；", "，同时", "，并", "，进一步"]
PLACE_CHARS = "青山河溪平安宁远泰和兴隆东西南北清水桥湾岭峰川源阳林城乡镇村坪塘寨岗湖海江州"
SITES = {
    "people-like": ("{site}\n{site}>>地方频道\n\n{title}\n\n{date} | 来源:{site}-地方频道\n小字号\n\n", "\n\n(责编:{editor})\n\n分享让更多人看到\n\n返回顶部\n"),
    "gov-like": ("404 Not Found\n\nnginx\n    当前位置: 首页>> 工作动态\n\n\n{title}\n\n{date}    来源:《{site}》\n\n", "\n\n  【放大字体】 【缩小字体】 【我要打印】\n\n  相关新闻\n{teaser}\n"),
    "portal-like": ("首页 > 时政要闻 > 正文\n\n{title}\n\n{date} 阅读:{reads} 来源:{site} 编辑:{editor} 收藏本文\n\n", "\n\n责任编辑：{editor}\n\nCopyright © 2024 {site} 版权所有 ICP备00000000号\n"),
    "title-line": ("{title}_{site}\n\n首页\n\n新闻\n\n图片\n\n{title}\n\n发布时间：{date}\n\n来源：{site}\n\n", "\n\n相关阅读\n\n{teaser}\n\n网站地图 | 联系我们\n"),
    "magazine": ("\n\n基层探索\n\n{title}\n\n■ {author}\n\n", "\n"),
}


def _place(rng: random.Random) -> str:
    return "".join(rng.choice(PLACE_CHARS) for _ in range(rng.choice((2, 3)))) + rng.choice("县市区镇")


def article(rng: random.Random, target_chars: int) -> tuple[str, list[str]]:
    paragraphs, size = [], 0
    while size < target_chars:
        sentences = []
        for _ in range(rng.randint(2, 5)):
            a, b = rng.sample(PHRASES, 2)
            sentences.append(f"{_place(rng)}{a}{rng.choice(CONNECT)}{rng.randint(2, 98)}个项目{b}，累计投入{rng.randint(10, 9999)}万元。")
        paragraphs.append("".join(sentences))
        size += len(paragraphs[-1])
    title = f"{_place(rng)}{rng.choice(PHRASES)}"
    return title, paragraphs


def page(rng: random.Random, site: str, title: str, paragraphs: list[str]) -> str:
    head, foot = SITES[site.split("/")[0]]
    fields = dict(site=site.split("/")[0].replace("-like", "网"), title=title, editor="王明", author="李华",
                  date=f"2024-0{rng.randint(1, 9)}-1{rng.randint(0, 9)} 0{rng.randint(0, 9)}:3{rng.randint(0, 9)}",
                  reads=rng.randint(10, 9999), teaser=f"{_place(rng)}召开工作推进会")
    return head.format(**fields) + "\n\n".join(paragraphs) + foot.format(**fields)


def encode(rng: random.Random, text: str, traditional: bool) -> tuple[bytes, str]:
    if traditional:
        codec = rng.choice(["big5hkscs", "utf-8", "cp950"])
    else:
        codec = rng.choices(["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16"], weights=[50, 8, 22, 12, 8])[0]
    if rng.random() < 0.3:
        text = text.replace("\n", "\r\n")
    try:
        return text.encode(codec), codec
    except UnicodeEncodeError:
        return text.encode("utf-8"), "utf-8"


def generate(out: Path, n_docs: int, seed: int = 7, min_chars: int = 400, max_chars: int = 3500) -> dict:
    """Write n_docs files under out/; return and save the truth (file -> base article, kind)."""
    rng = random.Random(seed)
    s2t = opencc.OpenCC("s2t")
    sites = list(SITES)
    bases: list[tuple[str, list[str], str]] = []
    truth: dict[str, dict] = {}
    out.mkdir(parents=True, exist_ok=True)
    for i in range(n_docs):
        roll = rng.random()
        if bases and roll < 0.15:  # reprint on another site, often shortened, sometimes Traditional
            base_no = rng.randrange(len(bases))
            title, paragraphs, home = bases[base_no]
            keep = paragraphs if rng.random() < 0.4 else paragraphs[: max(2, int(len(paragraphs) * rng.uniform(0.7, 0.95)))]
            site = rng.choice([s for s in sites if s != home])
            text, kind, trad = page(rng, site, title, keep), "reprint", rng.random() < 0.35
        elif bases and roll < 0.20:  # exact or re-encoded copy
            base_no = rng.randrange(len(bases))
            title, paragraphs, home = bases[base_no]
            text, kind, trad, site = page(random.Random(base_no), home, title, paragraphs), "copy", False, home
        else:
            title, paragraphs = article(rng, rng.randint(min_chars, max_chars))
            site = rng.choice(sites)
            base_no = len(bases)
            bases.append((title, paragraphs, site))
            text = page(random.Random(base_no), site, title, paragraphs)
            kind, trad = "original", rng.random() < 0.10
        if trad:
            text = s2t.convert(text)
        data, codec = encode(rng, text, trad)
        rel = f"{site}/{i // 1000:03d}/{i:07d}.txt"
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_bytes(data)
        truth[rel] = {"base": base_no, "kind": kind, "encoding": codec, "traditional": trad}
    (out.parent / f"{out.name}-truth.json").write_text(json.dumps(truth))
    return truth
