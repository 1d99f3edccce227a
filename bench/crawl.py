"""A raw/ folder shaped like a real crawl, for the benchmark (not for quality claims).

What makes a crawl cost what it costs is kept: each site has one template (a navigation
menu of dozens of short links, a breadcrumb, a byline line in its own format, share and
font toolbars, a "hot list" sidebar and a long footer), seen on every page of that site, and
an article body of distinct prose. Pages hold a few hundred lines, most of them chrome the
site repeats, some (related headlines, the hot list) changing from page to page. A third of
the sites print a prose-like blurb under every article, which only a site's template (lines
on most of its pages) tells from the text.

Prose is built sentence by sentence from slot banks written for this generator (subjects,
actions, objects, figures, places, quotes), so no paragraph repeats verbatim and two
articles share about as many phrases as two real ones on one beat. Encodings follow sites, as
in a real crawl (a government site in GBK, a Taiwanese one in Big5), with a few UTF-16 and
BOM files; Taiwanese sites are Traditional (about 10% of pages); 15% of pages are reprints
of another site's article (often cut, in that site's template and script), 3% exact copies.

`generate(out, n, form)`: form "dump" (text files as a crawler's text export), "html"
(the same pages as saved HTML) or "warc" (the HTML pages as HTTP responses in gzipped WARC
files of 1,000 responses, each with its request record). truth.json maps file -> article.
"""
from __future__ import annotations

import io
import json
import random
from dataclasses import dataclass
from html import escape
from pathlib import Path

import opencc

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "明华伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛超霞平刚桂兰飞鹏辉玲雪梅琳丹婷健斌宇浩凯晨欣怡子涵思博文轩睿嘉悦诗琪宏志远海波峰"
PLACE_A = "青白黄清安永长龙凤云江河山湖海平宁泰和兴隆东西南北新阳林松桃金玉石泉溪"
PLACE_B = "山川河溪湾岭峰源阳林城坪塘寨岗湖州浦口门桥沟坝"
ORGS = ["人民政府", "发展和改革委员会", "教育局", "卫生健康委员会", "文化和旅游局", "生态环境局", "农业农村局", "市场监督管理局",
        "图书馆", "第一中学", "人民医院", "科技园", "供电公司", "农业合作社", "社区服务中心", "博物馆", "消防救援大队", "税务局"]
ACTS = ["召开专题会议研究部署", "启动实施", "组织开展", "全面完成", "正式发布", "试点推行", "联合举办", "验收通过", "集中整治",
        "持续推进", "上线运行", "签约落地", "部署推动", "深入调研", "总结推广"]
OBJECTS = ["老旧小区改造工程", "乡村道路提升项目", "中小学课后服务", "河道生态修复", "夜间文旅消费活动", "智慧医疗平台",
           "农产品冷链物流中心", "人才引进计划", "社区养老服务站", "垃圾分类示范片区", "新能源公交线路", "校园安全专项检查",
           "非遗传承人培训班", "高标准农田建设", "政务服务一网通办", "防汛应急演练", "全民健身赛事", "小微企业融资对接会"]
RESULTS = ["惠及群众{n}万余人", "新增就业岗位{n}个", "完成投资{n}亿元", "覆盖{n}个行政村", "受理事项{n}件", "同比增长{p}%",
           "服务时长累计{n}小时", "群众满意率达{p}%", "节约成本{n}万元", "培训学员{n}人次"]
CLAUSES = ["据了解，", "记者从会上获悉，", "截至{m}月底，", "今年以来，", "下一步，", "与此同时，", "据统计，", "会议指出，",
           "负责人介绍，", "", "", ""]
TAILS = ["，切实解决群众反映强烈的突出问题。", "，为全年目标任务打下坚实基础。", "，受到当地居民的普遍欢迎。",
         "，相关经验将在全{unit}推广。", "，预计{m}月份全面投入使用。", "，并建立定期回访机制。", "。", "。",
         "，其中{place}的做法尤为突出。", "，工作人员逐户上门核实情况。"]
QUOTES = ["“以前办事要跑好几趟，现在在家门口就能办好。”居民{name}说。",
          "“我们将继续倾听群众意见，把好事办实、实事办好。”{name}表示。",
          "在{name}看来，这项工作最难的是前期摸底，“每一户的情况都不一样”。",
          "“孩子放学后有了去处，我们上班也安心了。”家长{name}告诉记者。"]
CHANNELS = ["首页", "时政", "要闻", "地方", "国际", "财经", "科技", "教育", "文化", "体育", "健康", "旅游", "汽车", "房产", "评论",
            "图片", "视频", "专题", "党建", "法治", "社会", "军事", "娱乐", "读书", "公益", "三农", "环保", "人事", "政务公开", "互动"]
FOOT = ["关于我们", "联系我们", "广告服务", "网站地图", "版权声明", "隐私政策", "招聘信息", "意见反馈", "友情链接", "投稿须知"]


@dataclass(frozen=True)
class Site:
    name: str
    folder: str
    codec: str
    traditional: bool
    nav: tuple[str, ...]
    footer: tuple[str, ...]
    hot: tuple[str, ...]
    byline: str  # a format with {date} {source} {author} {editor}
    blurb: str | None  # a prose-like line the site prints under every article (only site templates catch it)


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def _place(rng: random.Random) -> str:
    return rng.choice(PLACE_A) + rng.choice(PLACE_B) + rng.choice("县市区镇")


def _fill(rng: random.Random, text: str, place: str) -> str:
    return text.format(n=rng.randint(2, 980), p=rng.randint(3, 99), m=rng.randint(1, 12), unit=rng.choice("县市区省"),
                       place=place, name=_name(rng))


def sentence(rng: random.Random, place: str) -> str:
    if rng.random() < 0.12:
        return _fill(rng, rng.choice(QUOTES), place)
    head = _fill(rng, rng.choice(CLAUSES), place)
    who = place + rng.choice(ORGS) if rng.random() < 0.7 else rng.choice(ORGS)
    body = f"{who}{rng.choice(ACTS)}{rng.choice(OBJECTS)}"
    if rng.random() < 0.6:
        body += "，" + _fill(rng, rng.choice(RESULTS), place)
    return head + body + _fill(rng, rng.choice(TAILS), place)


def headline(rng: random.Random) -> str:
    return f"{_place(rng)}{rng.choice(ACTS)[:4]}{rng.choice(OBJECTS)}"


def article(rng: random.Random) -> tuple[str, list[str]]:
    place = _place(rng)
    paragraphs = ["".join(sentence(rng, place) for _ in range(rng.randint(2, 6))) for _ in range(rng.randint(3, 14))]
    return headline(rng), paragraphs


def make_sites(rng: random.Random, count: int = 12) -> list[Site]:
    codecs = ["utf-8", "utf-8", "utf-8", "gbk", "gbk", "gb18030", "utf-8", "gb2312", "utf-8", "gbk", "big5", "utf-8"]
    bylines = ["{date}  来源：{source}  作者：{author}", "发布时间：{date} | 来源：{source}", "{source} {date}",
               "记者 {author}  {date}", "时间：{date}  阅读：{reads}次  编辑：{editor}", "{date}　{source}　【字号 大 中 小】"]
    sites = []
    for i in range(count):
        name = _place(rng)[:2] + rng.choice(["新闻网", "日报", "在线", "发布", "政府网", "时报"])
        traditional = codecs[i % len(codecs)] == "big5" or i % 12 == 11
        nav = tuple(rng.sample(CHANNELS, rng.randint(12, 30))) + tuple(
            f"{_place(rng)}{rng.choice(['频道', '动态', '要闻', '政务', '新闻'])}" for _ in range(rng.randint(20, 120)))
        footer = tuple(rng.sample(FOOT, rng.randint(5, 10))) + (
            f"Copyright © 2003-2024 {name} 版权所有", f"地址：{_place(rng)}人民路{rng.randint(1, 300)}号  邮编：{rng.randint(100000, 999999)}",
            f"备案号：京ICP备{rng.randint(10000000, 99999999)}号", f"违法和不良信息举报电话：0{rng.randint(10, 999)}-{rng.randint(1000000, 9999999)}")
        hot = tuple(headline(rng) for _ in range(40))
        blurb = (f"{name}是{_place(rng)}主办的综合性新闻网站，致力于传播本地权威资讯，欢迎广大读者投稿、提供新闻线索。"
                 if i % 3 == 0 else None)
        sites.append(Site(name, f"site{i:02d}", codecs[i % len(codecs)], traditional, nav, footer, hot, bylines[i % len(bylines)],
                          blurb))
    return sites


def render_dump(rng: random.Random, site: Site, title: str, paragraphs: list[str], related: list[str], no: int) -> str:
    fields = dict(date=f"20{rng.randint(10, 24)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}",
                  source=site.name, author=_name(rng), editor=_name(rng), reads=rng.randint(10, 99999))
    hot = [site.hot[(no + k) % len(site.hot)] for k in range(10)]
    body = paragraphs if int(site.folder[-2:]) % 2 else [x for p in paragraphs for x in (p, "")]  # some exports keep blank lines
    lines = [site.name, "", *site.nav, "", f"当前位置：首页 > {site.nav[1]} > 正文", "", title, "", site.byline.format(**fields),
             "分享到：微信 微博 QQ空间", "", *body, *([site.blurb, ""] if site.blurb else []), "",
             f"（责任编辑：{fields['editor']}）", "", "【打印本页】 【关闭窗口】", "", "相关新闻", *related, "", "热点排行",
             *(f"{k + 1} {h}" for k, h in enumerate(hot)), "", *site.footer]
    return "\n".join(lines) + "\n"


def render_html(rng: random.Random, site: Site, title: str, paragraphs: list[str], related: list[str], no: int) -> str:
    charset = {"utf-8": "utf-8", "gbk": "gbk", "gb18030": "gb18030", "gb2312": "gb2312", "big5": "big5"}.get(site.codec, "utf-8")
    date = f"20{rng.randint(10, 24)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}"
    hot = [site.hot[(no + k) % len(site.hot)] for k in range(10)]
    li = lambda items: "".join(f'<li><a href="/c/{k}.html">{escape(x)}</a></li>' for k, x in enumerate(items))  # noqa: E731
    script = "<script>var _hmt=_hmt||[];(function(){var hm=document.createElement('script');hm.src='//stat.example/x.js';})();</script>"
    return (f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>{escape(title)}_{escape(site.name)}</title>'
            f'<meta name="keywords" content="{escape(site.name)}">{script}<link rel="stylesheet" href="/s.css"></head><body>'
            f'<div class="header"><div class="logo">{escape(site.name)}</div><ul class="nav">{li(site.nav)}</ul></div>'
            f'<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/c/">{escape(site.nav[1])}</a> &gt; 正文</div>'
            f'<div class="main"><div class="article"><h1>{escape(title)}</h1><div class="info">{date} 来源：{escape(site.name)}</div>'
            f'<div class="share">分享到：<a>微信</a><a>微博</a></div><div class="content">'
            + "".join(f"<p>{escape(p)}</p>" for p in paragraphs) + (f"<p>{escape(site.blurb)}</p>" if site.blurb else "")
            + f'</div><div class="editor">（责任编辑：{_name(rng)}）</div></div>'
            f'<div class="related"><h3>相关新闻</h3><ul>{li(related)}</ul></div></div>'
            f'<div class="sidebar"><h3>热点排行</h3><ol>{li(hot)}</ol></div>'
            f'<div class="footer">{"".join(f"<p>{escape(x)}</p>" for x in site.footer)}</div>{script}</body></html>\n')


def _encode(rng: random.Random, text: str, codec: str, crlf: bool) -> bytes:
    if crlf:
        text = text.replace("\n", "\r\n")
    if rng.random() < 0.03:  # a few exports in UTF-16 or with a BOM, whatever the site's own encoding
        return text.encode(rng.choice(["utf-16", "utf-8-sig"]))
    return text.encode(codec, errors="xmlcharrefreplace" if codec != "utf-8" else "strict")


def generate(out: Path, n_pages: int, form: str = "dump", seed: int = 11) -> dict:
    rng = random.Random(seed)
    s2t = opencc.OpenCC("s2t")
    sites = make_sites(rng)
    bases: list[tuple[str, list[str]]] = []
    truth: dict[str, dict] = {}
    pages: list[tuple[str, bytes, str]] = []  # (relative path, bytes, url)
    out.mkdir(parents=True, exist_ok=True)
    for i in range(n_pages):
        site = sites[rng.randrange(len(sites))]
        roll = rng.random()
        if bases and roll < 0.15:
            base = rng.randrange(len(bases))
            title, paragraphs = bases[base]
            if rng.random() < 0.6:
                paragraphs = paragraphs[: max(2, int(len(paragraphs) * rng.uniform(0.7, 0.95)))]
            kind = "reprint"
        elif bases and roll < 0.18:
            base = rng.randrange(len(bases))
            title, paragraphs = bases[base]
            kind = "copy"
        else:
            title, paragraphs = article(rng)
            base, kind = len(bases), "original"
            bases.append((title, paragraphs))
        related = [headline(rng) for _ in range(rng.randint(4, 8))]
        text = (render_html if form != "dump" else render_dump)(rng, site, title, paragraphs, related, i)
        if site.traditional:
            text = s2t.convert(text)
        data = _encode(rng, text, site.codec, crlf=form == "dump" and i % 3 == 0)
        ext = "txt" if form == "dump" else "html"
        rel = f"{site.folder}/{i // 1000:03d}/{i:07d}.{ext}"
        truth[rel] = {"base": base, "kind": kind, "site": site.folder, "traditional": site.traditional}
        pages.append((rel, data, f"https://{site.folder}.example.cn/a/{i:07d}.html"))
    if form == "warc":
        _write_warcs(out, pages)
    else:
        for rel, data, _ in pages:
            (out / rel).parent.mkdir(parents=True, exist_ok=True)
            (out / rel).write_bytes(data)
    (out.parent / f"{out.name}-truth.json").write_text(json.dumps(truth))
    return truth


def _write_warcs(out: Path, pages: list[tuple[str, bytes, str]], per_file: int = 1000) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    for start in range(0, len(pages), per_file):
        with open(out / f"crawl-{start // per_file:05d}.warc.gz", "wb") as fh:
            writer = WARCWriter(fh, gzip=True)
            for _, data, url in pages[start:start + per_file]:
                request = StatusAndHeaders("GET / HTTP/1.1", [("Host", url.split("/")[2])], is_http_request=True)
                writer.write_record(writer.create_warc_record(url, "request", payload=io.BytesIO(b""), http_headers=request))
                headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html"), ("Content-Length", str(len(data)))], protocol="HTTP/1.1")
                writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(data), http_headers=headers))
