"""Made-up pages imitating what crawlers save: one chrome kind per page, our own text."""

PARA_1 = "青山县图书馆近日完成了老馆改造工程，新增阅览座位三百余个，并开设了面向中小学生的夜间自习区。"
PARA_2 = "馆长介绍，改造期间共征集读者意见一千二百多条，其中关于延长开放时间和增加电子资源的建议已全部采纳。"
PARA_3 = "下一步，图书馆将联合各乡镇文化站建立图书流转机制，让偏远村庄的群众也能借到新书、好书。"
PARA_4 = "据统计，改造后首月到馆人数同比增长四成，少儿借阅量更是翻了一番，周末常常一座难求。"
TITLE = "青山县图书馆改造后重新开放"

PEOPLE_STYLE = f"""青山网
青山网>>文化频道

{TITLE}

青山日报记者 林晓
2023年05月06日09:15 | 来源:青山日报
小字号

{PARA_1}

{PARA_2}

{PARA_3}

(责编:周明、吴芳)

分享让更多人看到

返回顶部
"""

GOV_STYLE = f"""404 Not Found

404 Not Found


nginx
\u00a0\u00a0\u00a0 当前位置: 首页>> 工作动态



{TITLE}


2023-05-06 10:20:00\u00a0\u00a0来源:《青山工作》

王立新
  {PARA_1}
  一、坚持问题导向
  {PARA_2}
  {PARA_3}
  (作者系青山县文化馆馆长)

  【放大字体】   【恢复字体】  【缩小字体】 【我要打印】 【 编辑信箱】

\u00a0 相关新闻
在全县文化工作会议上的讲话
404 Not Found

nginx
"""

PORTAL_STYLE = f"""首页 > 地方新闻 > 正文

{TITLE}

2023年05月06日 11:26 阅读:1523 来源:青山县人民政府 编辑:县融媒体中心 收藏本文

{PARA_1}

强化服务功能 打造书香青山

{PARA_2}
"""

MAGAZINE_STYLE = f"""

基层探索

{TITLE}

■ 赵一鸣

{PARA_1}

以阅读服务
凝聚文化发展合力

{PARA_2}实施乡村书屋

提升工程,将流动借阅点覆盖到每一个行政村。

{PARA_1}{PARA_4[:30]}



青山县图书馆志愿者为小读者讲解借阅流程。

{PARA_4[30:]}

{PARA_3}【作者系青山县委宣传部副部长】
"""

TITLE_LINE_STYLE = f"""{TITLE}_文化_青山网

首页

新闻

图片

视频

{TITLE}

发布时间：2023-05-06 08:00

来源：青山日报

{PARA_1}

{PARA_2}

原标题：{TITLE}

责任编辑：李华

相关新闻

县文化馆举办春季书画展
5月3日，县文化馆举办春季书画展，展出作品二百余幅，吸引众多市民前来参观……【详细】

京ICP备00000000号
"""

TRADITIONAL = (
    "縣圖書館近日完成了老館改造工程，新增閱覽座位三百餘個，並開設了面向中小學生的夜間自習區。\n"
    "館長介紹，改造期間共徵集讀者意見一千二百多條，關於延長開放時間的建議已全部採納。\n"
    "(作者:林曉,系青山縣文化館館員)\n"
)

# The same note glued to the end of the last paragraph, as many layouts leave it.
TRADITIONAL_GLUED_NOTE = (
    "縣圖書館近日完成了老館改造工程，新增閱覽座位三百餘個，並開設了面向中小學生的夜間自習區。\n"
    "館長介紹，改造期間共徵集讀者意見一千二百多條，關於延長開放時間的建議已全部採納。(作者:林曉,系青山縣文化館館員)\n"
)

# Teasers of other stories right after the article, with no 相关新闻 line before them.
TEASERS_AFTER_ARTICLE = f"""{TITLE}

发布时间：2023-05-06 08:00

{PARA_1}

{PARA_2}

县文化馆举办春季书画展，展出作品二百余幅，吸引众多市民前来参观……【详细】

青山县第二届读书节开幕，全县三十所学校的师生参加了诵读比赛和图书漂流活动……

京ICP备00000000号
"""

ERROR_ONLY = "404 Not Found\n\n404 Not Found\n\n\nnginx\n"
CHROME_ONLY = "首页\n\n新闻\n\n图片\n\n视频\n\n返回顶部\n\nCopyright © 2023 青山网 版权所有\n"

RIVER_1 = "清河镇今年启动河道综合治理，组织沿岸村民清理淤泥和垃圾，累计疏浚河道十二公里。"
RIVER_2 = "镇政府在重点河段设立了河长公示牌，每月开展一次联合巡查，发现问题当天交办、限期整改。"
RIVER_3 = "治理完成后，河水透明度明显提升，不少外出务工的年轻人回乡开起了农家乐和民宿。"
OTHER_ARTICLE = f"""首页 > 乡村振兴 > 正文

清河镇河道治理见成效

2023年06月01日 09:00 来源:清河融媒 编辑:张三

{RIVER_1}

{RIVER_2}

{RIVER_3}
"""

# A travel blog written the way many bloggers write: clause breaks as spaces or nothing,
# one sentence per line, an ellipsis trailing off mid-story, lines with no break at all
# between the others, then the blog platform's related-post links.
BLOG_LINES = [
    "清晨出发时山里还下着小雨 一路上云雾缠绕在半山腰",
    "到了营地才发现枫叶已经红了大半 比上周朋友拍的照片还要好看",
    "营主一家早早烧好了热水 还特地准备了刚蒸好的玉米和红薯",
    "朋友带来的炖羊肉香气飘了整个营区...大家都忍不住围过来了...",
    "下午雨停之后我们沿着溪边步道慢慢往上走 水声一路相伴",
    "傍晚的山谷起了薄雾 远处的村子亮起一盏盏灯火",
    "第二天一早趁着游客还没进来先拍了几张全家合照",
    "孩子们在落叶堆里跑来跑去 玩得满头大汗还不肯停下",
    "中午收拾好装备依依不舍地和营主告别",
    "下次一定要赶在枫叶最红的那一周 再来这里安安静静住上两晚",
]
BLOG_STYLE = "小林的旅行日记\n\n首页\n\n相册\n\n留言\n\n秋天的枫叶营地\n\n" + "\n\n".join(BLOG_LINES) + """

相关文章

溪边露营的第一个夜晚...

山顶民宿住宿心得分享...

上一篇：春天的樱花小镇
"""

# A portal page: QR prompts above a headline that asks a question, the date split over
# lines, a "来源于：" source, an image credit "图/…", and an app promotion closing the text.
QUESTION_TITLE = "青山县图书馆为何夜夜满座？"
QUESTION_TITLE_STYLE = f"""扫一扫用手机看

用微信扫描二维码

{QUESTION_TITLE}

2023

05/06

09:15

来源于：青山日报

{PARA_1}

图/青山日报

{PARA_2}

(本文来自青山新闻，更多资讯请下载“青山新闻”APP)
"""

# A Taiwanese portal: ▲ photo caption with (图／…) credit, 记者X／Y报导 byline inside the
# article, an app promotion and a paywall notice after it.
TW_CAPTION = "▲青山县图书馆夜间自习区座无虚席。（图／读者提供）"
TW_STYLE = f"""{TITLE}

{TW_CAPTION}

记者林晓／青山报导

{PARA_1}

{PARA_2}

还想看更多新闻吗？欢迎下载青山新闻APP，现在看新闻还能抽奖：

您所浏览的新闻已过查询时效。建议您加入青山网付费会员找寻您要的新闻。
"""

# A forum thread: the opening post is the article; a longer reply, user panels, floor
# labels and the reader counter are not.
POST_1 = "老街改造方案公示已经一周了，我仔细看了图纸，觉得排水管道的设计还可以再斟酌，雨季时巷子里经常积水。"
POST_2 = "建议在改造前先请住户代表一起开个座谈会，把每户门前的台阶高度量一量，免得修完以后反而进不了门。"
REPLY_1 = ("楼主说得有道理。我家就住在老街东头，去年夏天那场大雨，水一直漫到了堂屋里，家具泡坏了好几件，"
           "后来找了社区好几次才有人来疏通。这次改造要是能把雨水和污水分开走，那真是办了件大好事，"
           "我也愿意去座谈会上说说我们这几户的情况，顺便把去年拍的照片带过去给设计单位看看。")
REPLY_2 = "另外，老街两边的几棵老槐树一定要保住，那是几代人的记忆，施工的时候希望能绕开树根，别为了省事一砍了之。"
FORUM_THREAD = f"""青山论坛 - 社会民生 - 老街改造的几点建议
论坛首页 > 社会民生 > 浏览帖子

老街改造的几点建议

楼主：老街坊  发表于 2009-5-12 21:33:05
积分 356 帖子 88 注册时间 2007-3-1

{POST_1}

{POST_2}

回复 引用 举报

2楼 河边人 发表于 2009-5-12 22:10:41
积分 1200 帖子 540 注册时间 2005-8-9

{REPLY_1}

{REPLY_2}

回复 引用 举报

3楼 小雨 发表于 2009-5-13 08:02:11

同意楼上。

您是本文第 1234 个阅览者
"""

# The same kind of thread on a board that prints no buttons between posts: only the post
# headers (name, 发表于, time) separate them.
FORUM_PLAIN = f"""老街改造的几点建议

作者：老街坊  发表于 2009-5-12 21:33

{POST_1}

{POST_2}

河边人 发表于 2009-5-12 22:10

{REPLY_1}

{REPLY_2}

小雨 发表于 2009-5-13 08:02

同意楼上。
"""

# A blog post: a menu line and a tag line between the blog's name and the post's title, a
# bare timestamp under it, then a comment, a calendar, archives and counters.
BLOG = f"""老街坊的博客
首页 博文目录 图片 关于我

老街的雨季
(2009-05-12 21:33:05)
标签：老街 改造 杂谈 分类：随笔

{POST_1}
{POST_2}
{REPLY_2}

阅读(120) 评论(3) 收藏 转载 喜欢 打印 举报
前一篇：青山夜读
后一篇：河边的槐树

评论
河边人 2009-05-12 22:10
说得好，支持。

2009年5月
日 一 二 三 四 五 六
1 2
3 4 5 6 7 8 9
10 11 12 13 14 15 16
17 18 19 20 21 22 23
24 25 26 27 28 29 30
31
文章存档
2009年05月 (12)
2009年04月 (8)
2009年03月 (15)
分类
随笔(20)
读书(7)
博客统计
访问：12345
"""

# An encyclopedia entry: a three-character name, its lead above a table of contents, wiki
# edit links on each heading, a reference list with a date, a navigation box, licence text.
WIKI_LEAD = "青山县是一个虚构的县，位于青河中游，下辖八个镇、四个乡，总面积约一千六百平方公里，常住人口约四十二万。"
WIKI = f"""青山县 - 维基百科，自由的百科全书
跳到导航
跳到搜索
青山县
维基百科，自由的百科全书
{WIKI_LEAD}
目录
1 历史
2 地理
3 经济
4 参考文献
历史[编辑]
{PARA_1}
地理[编辑]
{PARA_2}
经济[编辑]
{PARA_3}
参考文献[编辑]
^ 林晓. 青山县志. 青山出版社, 2019.
^ 王明. 青河流域考. 2015-03-01.
查
论
编
青河流域的县份
青山县 | 白水县 | 安平县 | 长宁县 | 兴隆县
分类：青河流域 | 虚构县份
本页面最后修订于2023年5月6日 (星期六) 09:15。
本站的全部文字在知识共享 署名-相同方式共享 4.0协议之条款下提供
隐私政策
关于维基百科
免责声明
"""
