"""A synthetic corpus of Chinese news articles for the search benchmark, of any size.

Text is made of words drawn from a vocabulary of 40,000 with a Zipf frequency (a few common
news words in almost every article, most words in few): common news words first, then the
words of the seed issue's phrases (``synthetic``), local place names and made-up words of
the seed's characters;
sentences of 6 to 18 words, paragraphs of 2 to 5 sentences, 3 to 7 paragraphs (about 700
characters an article), a headline from ``synthetic.headline`` and one or two bylines from
``synthetic.name``. Deterministic for a given seed.
"""

import datetime
import itertools
import random

from synthetic import PHRASES, headline, name

PLACES = [
    "宋剑湖",
    "遥观镇",
    "横林镇",
    "潞城街道",
    "戚墅堰",
    "丁堰街道",
    "经开区",
    "常州",
    "江苏",
    "大运河",
    "通济河",
    "勤新村",
    "万象府",
    "路城花苑",
    "东方新城",
    "武进",
    "新北区",
    "天宁区",
    "钟楼区",
    "金坛",
    "溧阳",
]
COMMON = [
    "发展",
    "建设",
    "工作",
    "推进",
    "群众",
    "企业",
    "项目",
    "服务",
    "生态",
    "环境",
    "经济",
    "社会",
    "文化",
    "安全",
    "创新",
    "党员",
    "干部",
    "学习",
    "教育",
    "社区",
    "居民",
    "乡村",
    "振兴",
    "产业",
    "科技",
    "人才",
    "治理",
    "保护",
    "绿色",
    "质量",
    "今年",
    "近日",
    "记者",
    "了解",
    "表示",
    "介绍",
    "全面",
    "持续",
    "深入",
    "进一步",
    "提升",
    "加强",
    "完善",
    "落实",
    "开展",
    "2024年",
    "2023年",
    "5G",
    "100",
    "30%",
    "6月",
    "第一",
    "高考",
    "端午",
    "钢铁",
    "垃圾",
    "分类",
    "养老",
    "医疗",
    "交通",
]
PUNCTUATION = "，，，、"


def vocabulary(size=40_000):
    """Common news words first (the head of the Zipf curve), then the seed's words, place
    names and made-up two- and three-character words in a shuffled tail of ``size``."""
    rng = random.Random(0)
    tail = set(PLACES)
    for phrase in PHRASES:
        for n in (2, 3, 4):
            tail.update(phrase[i : i + n] for i in range(0, len(phrase) - n + 1, n))
    chars = sorted({c for phrase in PHRASES for c in phrase})
    while len(tail) < size:
        tail.add("".join(rng.choice(chars) for _ in range(rng.choice((2, 2, 3)))))
    tail = sorted(tail - set(COMMON))
    rng.shuffle(tail)
    return list(COMMON) + tail


WORDS = vocabulary()
CUMULATIVE = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(WORDS))))


def sentence(rng):
    words = rng.choices(WORDS, cum_weights=CUMULATIVE, k=rng.randint(6, 18))
    out = []
    for i, word in enumerate(words):
        out.append(word)
        if i and i < len(words) - 1 and rng.random() < 0.15:
            out.append(rng.choice(PUNCTUATION))
    return "".join(out) + "。"


def paragraph(rng):
    return "".join(sentence(rng) for _ in range(rng.randint(2, 5)))


def article(rng):
    """(kicker, title, paragraphs, byline names) of one article."""
    head = headline(rng)
    kicker, _, title = head.rpartition(" ")
    paragraphs = [paragraph(rng) for _ in range(rng.randint(3, 7))]
    names = list(dict.fromkeys(name(rng) for _ in range(rng.randint(1, 2))))
    return kicker, title, paragraphs, names


def articles(count, seed=2024, start=datetime.date(2000, 1, 3), per_issue=40):
    """``count`` articles as (issue date, position, kicker, title, paragraphs, names),
    ``per_issue`` an issue, an issue every day from ``start``."""
    rng = random.Random(seed)
    for i in range(count):
        date = start + datetime.timedelta(days=i // per_issue)
        yield (date, i % per_issue, *article(rng))
