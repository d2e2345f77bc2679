"""Synthetic print issues for benchmarks: realistic text built from the seed's sentences.

Each issue has a masthead, two pages, ledes with bylines, a photo story, a brief signed in
brackets, paragraphs broken at column ends and one article jumping to page 2.
"""

import datetime
import random
import re
from pathlib import Path

SEED = Path(__file__).resolve().parent.parent / "fixtures/source/000_2699379a271d4552.txt"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建文辉力永红玲峰雪燕晨阳欣怡佳"


def _balanced(text):
    return all(text.count(a) == text.count(b) for a, b in ("“”", "《》", "()", "（）"))


def _pieces():
    text = SEED.read_text(encoding="utf-8")
    sentences = [
        s
        for s in re.findall(r"[^。！？\n]+[。！？]", text)
        if len(s) > 12 and _balanced(s) and "本报讯" not in s and s[0] not in "”’"
    ]
    phrases = [
        p
        for p in re.findall(r"[\u4e00-\u9fff]{6,14}", text)
        if "本报讯" not in p and p[0] not in "的地得了着"
    ]
    return sentences, phrases


SENTENCES, PHRASES = _pieces()


def name(rng):
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def paragraph(rng):
    return "".join(rng.choice(SENTENCES) for _ in range(rng.randint(2, 5)))


def headline(rng):
    title = rng.choice(PHRASES) + rng.choice(PHRASES)[:6]
    if rng.random() < 0.3:
        return rng.choice(PHRASES)[:9] + " " + title  # with a kicker
    return title


def issue_text(number, date, rng):
    """One issue's text; it holds ``ARTICLES_PER_ISSUE`` articles."""
    out = [f"常州经开区报 {date:%Y年%-m月%-d日} 第{number}期", "第01版：要闻"]
    jump_head = headline(rng)
    out += [jump_head, f"本报讯（记者 {name(rng)} 通讯员 {name(rng)}）{paragraph(rng)}"]
    broken = paragraph(rng)
    while "," not in broken[len(broken) // 2 : -1]:
        broken = paragraph(rng)
    cut = broken.find(",", len(broken) // 2) + 1
    out += [broken[:cut], broken[cut:]]  # a paragraph broken at a column's end
    out.append(rng.choice(PHRASES) + "，" + rng.choice(PHRASES) + "（下转第2版）")
    for _ in range(3):
        out += [headline(rng), f"本报讯({name(rng)} {name(rng)}){paragraph(rng)}"]
        out += [paragraph(rng) for _ in range(rng.randint(2, 6))]
    out += [headline(rng), paragraph(rng), f"{name(rng)} {name(rng)} 图文报道"]
    out += ["第02版：综合", "（上接第1版）" + paragraph(rng)]
    for _ in range(2):
        out += [headline(rng), f"本报讯(记者 {name(rng)}){paragraph(rng)}", paragraph(rng)]
    out += [headline(rng), paragraph(rng) + f"（{name(rng)}）"]
    return "\n\n".join(out) + "\n"


ARTICLES_PER_ISSUE = 8


FIRST_DATE = datetime.date(2000, 1, 3)


def write_issues(directory, count, seed=2024, start=FIRST_DATE, first_number=1000):
    """``count`` issues, every third day from ``start``, numbered from ``first_number``."""
    rng = random.Random(seed)
    for i in range(count):
        date = start + datetime.timedelta(days=3 * i)
        (Path(directory) / f"{i:05d}.txt").write_text(
            issue_text(first_number + i, date, rng), encoding="utf-8"
        )
