"""Texts and steps the import desk's tests share: a deliberately hard issue (the parser
reads a second story as a subhead, a sidebar as a story of its own, a page's photo credit
as a kicker) and the requests an editor's browser sends."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.models import ImportDraft

# Line numbers the tests correct (1-based, as the review page shows them).
SPLIT_AT = 12  # 社区义诊进小区: read as a subhead, is a story of its own
MERGE_AT = 27  # 居民说变化: read as a story, is the sidebar of the one before
CREDIT_AT = 33  # （本版图片由城东街道提供）: read as a kicker, is the page's credit
TITLE_AT = 35  # 城东社区开展义诊: the story under it

HARD = """城东周报 2024年5月17日 星期五 第512期

第01版：要闻
责任编辑：王晓东　美术编辑：李敏

城东街道召开安全生产工作会议

本报讯（记者 周红）5月16日，城东街道召开安全生产工作会议，部署下阶段重点工作。

会议要求，各社区要压实责任，守牢安全底线。

社区义诊进小区

5月15日上午，城东社区联合区人民医院开展义诊活动，为居民测血压、讲解健康知识。

居民王阿姨说，在家门口就能看病，真方便。

第02版：民生
责任编辑：陈静

老旧小区改造惠民生

本报讯（通讯员 许丽）今年以来，我区老旧小区改造工作有序推进，已完成12个小区的改造。

道路平整了，绿化增加了，居民的生活环境明显改善。

居民说变化

□本报记者 王强

“现在小区干净整洁，住着舒心。”居民李大爷说。

（本版图片由城东街道提供）

城东社区开展义诊

5月15日上午，城东社区联合区人民医院开展义诊活动。
"""

# What the hard text is once an editor has corrected it.
CORRECTED_TITLES = [
    "城东街道召开安全生产工作会议",
    "社区义诊进小区",
    "老旧小区改造惠民生",
    "城东社区开展义诊",
]

# A text with text the parser cannot place (line 3), and a photo whose picture is awaited.
UNPLACED = """经开周报 2024年6月14日 星期五 第3700期

一段没有标题的文字，

聚焦主责主业 经开区召开二季度经济运行分析会

本报讯（记者 刘懿 通讯员 沈　可）6月13日，常州经开区召开二季度经济运行分析会。

龙舟竞渡展风采

6月10日,遥观镇举办龙舟邀请赛,12支队伍同场竞技。

记者 顾晓 摄
"""


def add_url():
    return reverse("admin:articles_importdraft_add")


def review_url(draft):
    return reverse("admin:articles_importdraft_review", args=[draft.pk])


def confirm_url(draft):
    return reverse("admin:articles_importdraft_confirm", args=[draft.pk])


def result_url(draft):
    return reverse("admin:articles_importdraft_result", args=[draft.pk])


def txt(name, text, encoding="utf-8"):
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/plain")


def upload(client, *files, **fields):
    """POST the upload form: ``files`` (uploaded files) and ``fields`` (text, name, date)."""
    data = {"files": list(files), **fields}
    return client.post(add_url(), data)


def uploaded(client, text=HARD, name="512.txt"):
    """Upload ``text`` as a file and return its draft."""
    response = upload(client, txt(name, text))
    assert response.status_code == 302, response.content.decode()[:2000]
    return ImportDraft.objects.latest()


def correct(client, draft, action, **data):
    """POST one correction from the review page as it was shown (the draft's version)."""
    draft.refresh_from_db()
    data = {"version": draft.version, "action": action, **data}
    return client.post(review_url(draft), data)


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def review(client, draft):
    response = client.get(review_url(draft))
    assert response.status_code == 200
    return response


def confirm(client, draft, **data):
    """POST the confirm form exactly as the review page shows it (version, issue state)."""
    page = review(client, draft)
    form = {
        "version": page.context["draft"].version,
        "state": page.context["state"],
        **data,
    }
    return client.post(confirm_url(draft), form)
