"""The body editor of the change form: blocks (paragraphs, subheads, the article's photos)
through the text box the form parses, the count, and how the reader's pages place a photo
block. The preview and the autosave: ``test_body_preview.py``."""

import pytest
from django.urls import reverse

from articles.models import Article, Image, Revision, body

from ..conftest import add_photo, form_data, make_article, make_seed_issue

pytestmark = pytest.mark.django_db


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def with_photos(article, *captions):
    """Photos on ``article`` with the copies readers get, in order (each its own picture:
    copies are named by their content)."""
    return [
        add_photo(article, position, caption=caption, size=(60 + position, 40))
        for position, caption in enumerate(captions)
    ]


def test_subheads_and_photos_reorder_and_save_exactly_in_one_revision(client, editor):
    article = make_article("系列报道", status=Article.Status.DRAFT, body="第一段。\n\n第二段。")
    lake, market = with_photos(article, "宋剑湖畔", "早市")
    client.force_login(editor)
    data = form_data(client.get(change_url(article)))
    # As the editor's script writes the box (or a person without it types it).
    data["body"] = f"## 湖畔新貌\n\n第二段。\n\n[图 {market.pk}]\n\n第一段。\n\n[图 {lake.pk}]"
    assert client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.body == [
        body.block("subhead", "湖畔新貌"),
        body.block("paragraph", "第二段。"),
        body.photo(market.pk),
        body.block("paragraph", "第一段。"),
        body.photo(lake.pk),
    ]
    assert article.version == 2 and article.revisions.filter(version=2).count() == 1
    assert article.revisions.latest().comment == "修改：正文"

    # Shown again as it was saved; moved again, saved again, exactly.
    data = form_data(client.get(change_url(article)))
    assert data["body"].split("\n\n")[2] == f"[图 {market.pk}]"
    data["body"] = f"[图 {lake.pk}]\n\n## 湖畔新貌\n\n第一段。\n\n第二段。\n\n[图 {market.pk}]"
    assert client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert [block["type"] for block in article.body] == [
        "photo",
        "subhead",
        "paragraph",
        "paragraph",
        "photo",
    ]
    assert article.body[0]["image"] == lake.pk and article.version == 3


def test_the_widget_works_without_its_script(client, editor):
    """The field is a plain text box of the blocks' text form; the photos to place are
    listed with their lines; the count is the server's; the preview is a form button."""
    article = make_article("稿件", body="## 小标题\n\n本报讯 6月9日，区里召开会议。")
    (photo,) = with_photos(article, "会场")
    client.force_login(editor)
    response = client.get(change_url(article))
    text = response.text
    assert '<textarea name="body"' in text
    assert "## 小标题\n\n本报讯 6月9日，区里召开会议。</textarea>" in text
    assert f"<code>[图 {photo.pk}]</code> 会场" in text
    # 小标题 (3) + the paragraph's 13 Chinese characters; 18 characters in all (the
    # paragraph's digits and punctuation), 2 + ceil((15 + 2) / 13) lines.
    assert '汉字 <strong class="measure-han">14</strong>' in text
    assert '全部字符（不计空白） <strong class="measure-chars">18</strong>' in text
    assert '约 <strong class="measure-lines">4</strong> 行' in text
    assert "每行 13 字、每栏 120 行估算" in text
    preview = reverse("admin:articles_article_preview", args=[article.pk])
    assert f'formaction="{preview}" formtarget="_blank" formnovalidate' in text
    assert "newsroom-admin/body-editor.js" in text and 'id="body-editor-config"' in text


def test_the_count_in_print(client):
    blocks = body.from_text("## 一二三\n\n" + "字" * 24 + "\n\n[图 3]\n\nabc def")
    assert body.measure(blocks) == {"han": 27, "chars": 33, "lines": 2 + 2 + 1, "columns": 0.0}
    assert body.measure([body.block("paragraph", "字" * 1558)])["columns"] == 1.0  # 120 lines


@pytest.mark.parametrize(
    "line, says",
    [
        ("[图 {other}]", "不是本稿件的图片"),
        ("[图 9223372036854775807]", "不是本稿件的图片"),
    ],
)
def test_a_photo_of_another_article_is_refused(client, editor, line, says):
    article = make_article("稿件", status=Article.Status.DRAFT)
    (other,) = with_photos(make_article("别的稿件"), "别处")
    client.force_login(editor)
    data = form_data(client.get(change_url(article)))
    data["body"] = "第一段。\n\n" + line.format(other=other.pk)
    response = client.post(change_url(article), data)
    assert response.status_code == 200
    assert says in response.context["adminform"].form.errors["body"][0]
    article.refresh_from_db()
    assert article.body == body.from_text("第一段。\n\n第二段。") and article.version == 1
    assert not Revision.objects.filter(article=article, applied=True).exclude(version=1).exists()


def test_a_photo_deleted_with_the_save_leaves_the_body(client, editor):
    article = make_article("稿件", status=Article.Status.DRAFT)
    lake, market = with_photos(article, "湖", "市场")
    article.body = [body.photo(lake.pk), *body.from_text("第一段。"), body.photo(market.pk)]
    article.save()
    client.force_login(editor)
    data = form_data(client.get(change_url(article)))
    data["images-0-DELETE"] = "on"  # the lake
    assert client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.body == [*body.from_text("第一段。"), body.photo(market.pk)]
    assert article.version == 2 and list(article.images.all()) == [market]


def test_a_new_article_places_no_photo_yet(client, editor):
    client.force_login(editor)
    response = client.get(reverse("admin:articles_article_add"))
    assert "稿件保存并在下方“图片”中上传图片后，可以把图片插入正文。" in response.text
    assert 'formaction="' not in response.text.split('class="body-editor"')[1].split("</div>")[0]


def test_lines_that_only_look_like_photos_stay_text():
    text = "[图 12] 说明\n\n[图片 3]\n\n[图 99999999999999999999]\n\n[图 ²]\n\n[图 ٣]"
    assert [block["type"] for block in body.from_text(text)] == ["paragraph"] * 5
    assert body.from_text("［图 3］") == [body.block("paragraph", "［图 3］")]
    assert body.from_text("[图#7]\n[ 图 7 ]") == [
        body.photo(7),
        body.block("paragraph", "[ 图 7 ]"),
    ]
    for wrong in ("abc", "0", 2**63, "²"):
        with pytest.raises(ValueError):
            body.normalise([{"type": "photo", "image": wrong}])
    with pytest.raises(ValueError):
        body.from_text("[图 9999999999999999999]")  # no such id: the form says so


def test_the_reader_page_places_photo_blocks_and_shows_a_photo_once(client):
    article = make_article("湖畔", body="第一段。\n\n第二段。", bylines=["刘懿"])
    lead, inline = with_photos(article, "湖面全景", "湖边步道")
    article.body = [*body.from_text("第一段。"), body.photo(inline.pk), *body.from_text("第二段。")]
    article.save()
    text = client.get(article.get_absolute_url()).text
    story = text.split('<article class="story">')[1].split("</article>")[0]
    assert story.count("<figcaption>湖面全景") == 1 and story.count("<figcaption>湖边步道") == 1
    # The unplaced photo at the top, the placed one between the paragraphs.
    assert story.index("<figcaption>湖面全景") < story.index("第一段。")
    assert story.index("第一段。") < story.index("<figcaption>湖边步道") < story.index("第二段。")
    shown = f'src="{inline.display_url}"', f'src="{lead.display_url}"'
    assert story.count(shown[0]) == 1 and story.count(shown[1]) == 1
    # JSON-LD names both photos; the shared link the first uploaded.
    head = text.split("</head>")[0]
    assert inline.display_url in head and lead.display_url in head
    # The feed describes the article by its first paragraph, never a photo block.
    article.body = [body.photo(inline.pk), *body.from_text("第一段。")]
    article.save()
    feed = client.get(reverse("articles:feed")).text
    assert "<description>第一段。</description>" in feed


def test_a_photo_block_whose_photo_is_gone_is_left_out(client):
    article = make_article("稿件")
    (photo,) = with_photos(article, "删掉的图")
    article.body = [body.photo(photo.pk), *body.from_text("正文。")]
    article.save()
    photo.delete()
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200 and "删掉的图" not in response.text


def test_the_typeset_page_shows_an_articles_photo_once(client):
    issue = make_seed_issue()
    page = issue.pages.get(number=4)
    article = page.articles.order_by("position").first()
    (photo,) = with_photos(article, "版面图片")
    Image.objects.filter(article=article).exclude(pk=photo.pk).delete()
    article.body = [body.photo(photo.pk), *article.blocks]
    article.save()
    response = client.get(page.get_absolute_url())
    assert response.status_code == 200
    assert response.text.count(f'src="{photo.display_url}"') == 1


def test_the_seed_converts_to_the_editor_and_back_without_loss(client, editor):
    """Every article of the seed: its blocks through the text box the editor writes and
    the form reads come back the same; opened and saved unchanged, nothing is recorded."""
    issue = make_seed_issue()
    articles = list(issue.articles.order_by("position"))
    assert sum(len(article.blocks) for article in articles) > 20
    for article in articles:
        assert body.normalise(body.from_text(body.to_text(article.body))) == article.body
    client.force_login(editor)
    article = articles[1]
    before = (article.version, article.revisions.count())
    data = form_data(client.get(change_url(article)))
    assert data["body"] == body.to_text(article.body)
    assert client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert (article.version, article.revisions.count()) == before
