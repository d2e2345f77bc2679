"""Small builders shared by the suite (no factory library needed)."""

import datetime
import io
import itertools

import pytest
from django.utils import timezone

from articles.models import Article, Byline, Image, Issue, Page, Reporter, Section

_counter = itertools.count(1)


def make_section(name="要闻", slug=None, position=0):
    section, _ = Section.objects.get_or_create(
        slug=slug or f"section-{next(_counter)}", defaults={"name": name, "position": position}
    )
    return section


def make_issue(date=datetime.date(2024, 6, 11), number=None, **fields):
    return Issue.objects.create(date=date, number=number, **fields)


def make_page(issue, number=1, section=None, name=""):
    return Page.objects.create(issue=issue, number=number, section=section, name=name)


def make_reporter(name):
    return Reporter.objects.get_or_create(name=name)[0]


def make_article(
    title="标题",
    status=Article.Status.PUBLISHED,
    publish_at=None,
    bylines=(),
    images=0,
    **fields,
):
    """An article, published an hour ago unless told otherwise; ``bylines`` are
    ``(name, role)`` pairs or plain names."""
    if publish_at is None and status == Article.Status.PUBLISHED:
        publish_at = timezone.now() - datetime.timedelta(hours=1)
    fields.setdefault("body", "第一段。\n\n第二段。")
    article = Article.objects.create(title=title, status=status, publish_at=publish_at, **fields)
    for position, byline in enumerate(bylines):
        name, role = (byline, Byline.Role.REPORTER) if isinstance(byline, str) else byline
        Byline.objects.create(
            article=article, reporter=make_reporter(name), role=role, position=position
        )
    for position in range(images):
        Image.objects.create(article=article, caption=f"图片说明{position}", position=position)
    return article


@pytest.fixture
def editor_user(django_user_model):
    return django_user_model.objects.create_user(
        "editor", password="editor-pass", is_staff=True, is_superuser=True
    )


SEED = "fixtures/source/000_2699379a271d4552.txt"


def make_seed_issue():
    """The seed issue (June 2024, seven articles), laid out on four pages and tagged the way
    an editor would after importing it. Loaded through ``import_issue`` where the importer
    exists, otherwise built from the seed's text with the helpers above."""
    from django.core.management import call_command, get_commands

    if "import_issue" in get_commands():
        call_command("import_issue", SEED, verbosity=0, stdout=io.StringIO())
        issue = Issue.objects.latest()
    else:
        issue = _build_seed_issue()
    sections = [
        make_section(name, slug=slug, position=position)
        for position, (name, slug) in enumerate(
            [("要闻", "yaowen"), ("民生", "minsheng"), ("图片新闻", "photos"), ("生态", "shengtai")]
        )
    ]
    pages = [make_page(issue, number, section) for number, section in enumerate(sections, 1)]
    layout = [  # (page, tags) of each article in print order
        (0, ["党纪学习教育"]),
        (0, ["新质生产力", "优特钢"]),
        (1, ["一老一小", "智慧居家"]),
        (2, ["端午"]),
        (2, ["高考"]),
        (3, ["生态环境", "宋剑湖"]),
        (3, ["生态环境", "世界环境日"]),
    ]
    for article, (page, tags) in zip(issue.articles.order_by("position"), layout, strict=True):
        article.page = pages[page]
        article.section = None  # taken from the page on save
        article.save()
        article.tags.add(*tags)
    return issue


def _build_seed_issue():
    """The seed's seven articles as the importer reads them: ledes with bylines, and two
    photo stories whose text is the caption of a photo still awaited."""
    publish_at = timezone.make_aware(datetime.datetime(2024, 6, 9, 6, 0))
    issue = make_issue(datetime.date(2024, 6, 9), date_inferred=True)
    stories = [  # (kicker, title, subtitle, bylines, paragraphs)
        (
            "",
            ("区级领导干部党纪学习教育专题读书班(第二阶段)暨党工委理论学习中心组学习会举行"),
            "",
            ["刘懿", "戴雪燕"],
            [
                (
                    "按照中央、省委、市委部署和常州经开区党工委工作安排，6月4日至5日，"
                    "常州经开区区级领导干部党纪学习教育专题读书班（第二阶段）暨党工委理论"
                    "学习中心组2024年第6次学习会举行。"
                ),
                (
                    "委员钱航就新修订的《中国共产党纪律处分条例》作专题讲解。与会同志观看"
                    "了《严于律己的杰出楷模——周恩来》专题片，深刻感悟周恩来同志一生心底"
                    "无私、天下为公的高尚人格和崇高风范。"
                ),
                "4日下午，区级领导同志到常州市党风廉政教育基地开展警示教育。",
            ],
        ),
        (
            "助推绿色优特钢产业焕新",
            "全区“锻造新质生产力”专题座谈会召开",
            "",
            ["刘懿"],
            [
                (
                    "6月6日，常州经开区召开“锻造新质生产力”首场座谈会，进一步学习贯彻"
                    "习近平总书记关于发展新质生产力的重要论述，倾听重点企业代表心声和建议"
                    "，推动解决实际问题。"
                ),
                (
                    "发展新质生产力，是推动高质量发展的内在要求和重要着力点。会上，聚焦绿"
                    "色优特钢产业转型升级，多家企业代表先后发言。"
                ),
            ],
        ),
        (
            "常州经开区“智慧居家”行动持续推进",
            "智能设备护好“一老一小”",
            "",
            ["何美欣", "谈莉雯"],
            [
                (
                    "“匡爷爷，麻烦下门，我们之前跟您联系过，来给您送智能手环。”为有效防"
                    "范、稳妥化解“一老一小”特殊困难群体居家安全风险，近日，常州经开区“"
                    "智慧居家”行动持续推进。"
                ),
                (
                    "5月28日下午2点，常州电信工作人员带着智能手环、智能烟感报警器等智"
                    "能安居设备，按照前期走访摸排名单，逐个小区、逐户人家上门安装。"
                ),
            ],
        ),
        (
            "",
            "欢度端午心连心",
            "",
            [("李焱", "text_and_photo"), ("赵艳", "text_and_photo")],
            [
                (
                    "6月6日下午，横林镇红石榴家园工作站邀请来自维吾尔族、苗族、水族等少"
                    "数民族的8名儿童开展“民族融合一家亲，欢度端午心连心”的活动，各族小"
                    "朋友一起包粽子，逛端午小集市，品端午习俗。"
                ),
            ],
        ),
        (
            "",
            "高考再见，未来你好！",
            "",
            [("李焱", "text_and_photo"), ("刘嘉琪", "text_and_photo")],
            [
                (
                    "6月9日下午6点15分，随着生物科目考试结束铃声的响起，江苏省202"
                    "4年普通高考招生全国统一考试顺利结束。在常州经开区戚墅堰高级中学考点"
                    "，考生们步伐轻快、面带笑容走出考点。"
                ),
            ],
        ),
        (
            "多元解法为受损环境“疗伤”",
            "全市首家三法衔接生态保护区落地宋剑湖",
            "",
            ["刘懿", "万佳乐", "杨艳娜"],
            [
                (
                    "初夏步入宋剑湖生态湿地公园，只见水波决决、芦苇森森、鹭鸟翔集。作为常"
                    "州四大湖泊之一，最近宋剑湖有了一张“特别名片”——常州市首家三法衔接"
                    "生态保护区，6月5日该基地揭牌。"
                ),
                (
                    "宋剑湖现有水域、湿地面积7.5平方千米，早年因围湖造田遭到破坏，后经"
                    "过湿地修复、水源净化等方式，生态环境得到修复。"
                ),
            ],
        ),
        (
            "遥观镇：",
            "擦亮环境底色 创建生态新城",
            "",
            ["何美欣", "梅嘉慧"],
            [
                (
                    "今年6月5日是第53个世界环境日，近年来，常州经开区遥观镇聚焦水环境"
                    "提升、村容村貌出新、垃圾无害化处理、人居环境整治等命题，不断推进生态"
                    "环境治理保护工作。"
                ),
                (
                    "“真棒，你今天光盘啦。”6月6日中午，走进常州经开区遥观镇中心小学食"
                    "堂，老师们正在对各班、各人午餐剩余食物进行称重登记。"
                ),
            ],
        ),
    ]
    for position, (kicker, title, subtitle, bylines, body) in enumerate(stories):
        photo = isinstance(bylines[0], tuple)
        article = make_article(
            title,
            kicker=kicker,
            subtitle=subtitle,
            dateline="" if photo else "本报讯",
            kind=Article.Kind.PHOTO if photo else Article.Kind.NEWS,
            body="\n\n".join(body),
            publish_at=publish_at,
            issue=issue,
            position=position,
            bylines=bylines,
        )
        if photo:
            credit = " ".join(name for name, _ in bylines) + " 图文报道"
            Image.objects.create(article=article, caption=body[0], credit=credit)
    return issue


# The editors' desk --------------------------------------------------------------------


def make_user(username, group=None, **fields):
    """A staff account, in the newsroom group ``group`` (记者 or 编辑) if given."""
    from django.contrib.auth.models import Group, User

    user = User.objects.create_user(username, password="pass", is_staff=True, **fields)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor(db):
    """A member of 编辑: everything on articles, including publishing. Not a superuser."""
    return make_user("desk-editor", "编辑", first_name="编辑甲")


@pytest.fixture
def reporter(db):
    """A member of 记者 whose account is the reporter 刘懿 (so their bylines are theirs)."""
    user = make_user("liuyi", "记者", first_name="刘懿")
    person = make_reporter("刘懿")
    person.user = user
    person.save()
    return user


def form_data(response):
    """The POST data of the admin change form in ``response``, as a browser would send it
    unchanged: the main form, its hidden version, and every inline formset (or, for a form
    shown again after a POST, what it now holds)."""
    from django import forms as django_forms

    if response.context["adminform"].form.is_bound:  # shown again after a POST
        return response.context["adminform"].form.data.dict()
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        forms += [formset.management_form, *formset.forms]
    for form in forms:
        for name, field in form.fields.items():
            if field.disabled:
                continue
            key, value = form.add_prefix(name), form[name].value()
            if hasattr(field, "fields"):  # split date and time
                moment = value and timezone.localtime(value)
                data[f"{key}_0"] = f"{moment:%Y-%m-%d}" if moment else ""
                data[f"{key}_1"] = f"{moment:%H:%M:%S}" if moment else ""
            elif isinstance(value, bool):
                if value:
                    data[key] = "on"
            elif name == "tags":
                data[key] = ", ".join(getattr(tag, "name", str(tag)) for tag in value or [])
            elif isinstance(field, django_forms.FileField):
                continue  # a file input is sent empty unless a test uploads one
            elif value is not None:
                data[key] = getattr(value, "pk", value)
    return data
