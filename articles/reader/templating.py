"""The reader's templates (Jinja2, ``templates/jinja2/``) and what they can call: bylines
the way the paper prints them, links, absolute URLs, photos and the schema.org description
of an article.

The reader's pages are rendered by Jinja2, the desk's (the admin) by Django's templates:
an article page spent half its time in Django's template engine, and Jinja2 compiles a
template to Python once. ``environment`` is the engine's ``OPTIONS["environment"]``.
"""

import json
from itertools import groupby
from operator import attrgetter

from django.conf import settings
from django.template import defaultfilters
from django.templatetags.static import static
from django.urls import NoReverseMatch
from django.utils import timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime
from jinja2 import ChainableUndefined, Environment, pass_context

from articles.models import Byline, SiteIdentity

from ..links import reverse

# Writers are named in the lede, 本报讯（记者 刘懿 通讯员 戴雪燕）; photographers close the
# story, 李焱 摄 or 李焱 赵艳 图文报道.
LEDE_ROLES = {Byline.Role.REPORTER, Byline.Role.CORRESPONDENT, Byline.Role.INTERN}
CREDIT_SUFFIXES = {Byline.Role.PHOTOGRAPHER: "摄", Byline.Role.TEXT_AND_PHOTO: "图文报道"}


def byline_groups(bylines, part):
    """Consecutive bylines sharing a role, in byline order: ``part="lede"`` gives the writers,
    ``part="credit"`` the photographers. Each group is ``{"label", "reporters"}``."""
    in_lede = part == "lede"
    chosen = [byline for byline in bylines if (byline.role in LEDE_ROLES) == in_lede]
    groups = []
    for role, bylines_in_role in groupby(chosen, attrgetter("role")):
        group = list(bylines_in_role)
        groups.append(
            {
                "label": group[0].get_role_display() if in_lede else CREDIT_SUFFIXES[role],
                "reporters": [byline.reporter for byline in group],
            }
        )
    return groups


def has_lede(article):
    """Does the lede name anything: a dateline (本报讯) or a writer?"""
    return bool(article.dateline or byline_groups(article.bylines.all(), "lede"))


def lede_text(article):
    """The lede as printed, in plain text: 本报讯（记者 刘懿 戴雪燕） (a feed's text)."""
    groups = byline_groups(article.bylines.all(), "lede")
    names = " ".join(
        f"{group['label']} " + " ".join(reporter.name for reporter in group["reporters"])
        for group in groups
    )
    return f"{article.dateline}（{names}）" if names else article.dateline


def roles_of(article, reporter):
    """The roles ``reporter`` has on ``article``: 记者、摄影 (from the prefetched bylines)."""
    return "、".join(
        byline.get_role_display()
        for byline in article.bylines.all()
        if byline.reporter_id == reporter.pk
    )


@pass_context
def absolute_url(context, location):
    return context["request"].build_absolute_uri(location)


def publication_name():
    """The paper's name without a request context (for 500.html)."""
    return settings.NEWSROOM_PUBLICATION


def _iso(moment, zone):
    return moment.astimezone(zone).isoformat(timespec="seconds") if moment else None


@pass_context
def news_article_json_ld(context, article):
    """``<script type="application/ld+json">`` describing ``article`` as a schema.org
    NewsArticle, with its print placement (printEdition, printPage, printSection)."""
    absolute = context["request"].build_absolute_uri
    zone = timezone.get_current_timezone()
    url = absolute(article.get_absolute_url())
    reporters = {byline.reporter.pk: byline.reporter for byline in article.bylines.all()}
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "@id": url,
        "url": url,
        "mainEntityOfPage": url,
        "headline": article.title,
        "alternativeHeadline": " ".join(filter(None, [article.kicker, article.subtitle])),
        "description": article.description,
        "inLanguage": "zh-CN",
        "datePublished": _iso(article.publish_at, zone),
        "dateModified": _iso(article.updated_at, zone),
        "dateline": article.dateline,
        "author": [
            {"@type": "Person", "name": reporter.name, "url": absolute(reporter.get_absolute_url())}
            for reporter in reporters.values()
        ],
        "publisher": organization(absolute, context.get("site_identity")),
        "articleSection": article.section.name if article.section_id else "",
        "keywords": [tag.name for tag in article.tags.all()],
        # Its photos; without one, the paper's share image (search engines want an image).
        "image": [
            {
                "@type": "ImageObject",
                "url": absolute(image.display_url),
                "width": image.display_width,
                "height": image.display_height,
            }
            for image in article.images.all()
            if image.display_url
        ]
        or [absolute(reverse("articles:share_image"))],
        "isAccessibleForFree": True,
    }
    if article.issue_id:
        data["printEdition"] = str(article.issue)
    if article.page_id:
        data["printPage"] = str(article.page.number)
        data["printSection"] = article.page.display_name
    data = {key: value for key, value in data.items() if value not in (None, "", [])}
    return _json_ld(data)


def _json_ld(data):
    # <, > and & escaped, so that no text can close the script (str.replace: translate()
    # walks a Chinese text a character at a time, 50 µs an article).
    text = json.dumps(data, ensure_ascii=False, indent=None)
    text = text.replace("<", "\\u003C").replace(">", "\\u003E").replace("&", "\\u0026")
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


def organization(absolute, identity=None):
    """The paper as a schema.org NewsMediaOrganization, with its logo; ``identity`` is the
    page's ``site_identity`` (context_processors.site), else asked for."""
    identity = identity or SiteIdentity.current()
    home = absolute(reverse("articles:home"))
    data = {
        "@type": "NewsMediaOrganization",
        "@id": home + "#organization",
        "name": identity.display_name,
        "url": home,
        "logo": {
            "@type": "ImageObject",
            "url": absolute(reverse("articles:icon", kwargs={"name": "icon-512"})),
            "width": 512,
            "height": 512,
        },
    }
    if identity.description:
        data["description"] = identity.description
    return data


def search_url():
    """The site search's address, once the site has one (a URL named ``search``)."""
    for name in ("articles:search", "search"):
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return None


@pass_context
def site_json_ld(context):
    """The home page's structured data: the paper (NewsMediaOrganization) and its site
    (WebSite, with a SearchAction where the site has a search page)."""
    absolute = context["request"].build_absolute_uri
    publisher = organization(absolute, context.get("site_identity"))
    home = publisher["url"]
    website = {
        "@type": "WebSite",
        "@id": home + "#website",
        "name": publisher["name"],
        "url": home,
        "inLanguage": "zh-CN",
        "publisher": {"@id": publisher["@id"]},
    }
    if (search := search_url()) is not None:
        website["potentialAction"] = {
            "@type": "SearchAction",
            "target": {
                "@type": "EntryPoint",
                "urlTemplate": absolute(search) + "?q={search_term_string}",
            },
            "query-input": "required name=search_term_string",
        }
    return _json_ld({"@context": "https://schema.org", "@graph": [publisher, website]})


@pass_context
def breadcrumb_json_ld(context, item):
    """A BreadcrumbList for an article (首页 › its section › it) or a page of an issue
    (首页 › 往期回顾 › the issue › the page)."""
    absolute = context["request"].build_absolute_uri
    crumbs = [("首页", reverse("articles:home"))]
    if hasattr(item, "headline"):  # an article
        if item.section_id:
            crumbs.append((item.section.name, item.section.get_absolute_url()))
        crumbs.append((item.title, item.get_absolute_url()))
    else:  # a page
        crumbs += [
            ("往期回顾", reverse("articles:archive")),
            (str(item.issue), item.issue.get_absolute_url()),
            (item.label, item.get_absolute_url()),
        ]
    return _json_ld(
        {
            "@context": "https://schema.org",
            "@type": "BreadcrumbList",
            "itemListElement": [
                {"@type": "ListItem", "position": n, "name": name, "item": absolute(url)}
                for n, (name, url) in enumerate(crumbs, start=1)
            ],
        }
    )


def credit_line(article):
    """The photographers' credit as plain text, 李焱 赵艳 图文报道, to tell whether a photo's
    own credit would only repeat it."""
    return " ".join(
        " ".join(reporter.name for reporter in group["reporters"]) + " " + group["label"]
        for group in byline_groups(article.bylines.all(), "credit")
    )


def own_credit(image, article):
    """The photo's credit where the article's closing credit does not already say it
    (compared word by word: 李焱　赵艳　图文报道 with full-width spaces is the same)."""
    if not image.credit or image.credit.split() == credit_line(article).split():
        return ""
    return image.credit


def marked(block):
    """A body block's (or the title's) text, with the word list's matches marked when a
    preview carries them (``segments``: ``[(text, term or None)]``)."""
    if "segments" not in block:
        return block["text"]
    return mark_safe(
        "".join(
            format_html(
                '<mark class="check-mark check-{}" title="{}">{}</mark>',
                term.kind,
                f"{term.get_kind_display()}"
                + (f"，建议改为“{term.suggestion}”" if term.suggestion else ""),
                text,
            )
            if term
            else conditional_escape(text)
            for text, term in block["segments"]
        )
    )


def url(viewname, *args, **kwargs):
    """``{{ url("articles:tag", tag.slug) }}``: Django's ``{% url %}``, remembered
    (``articles.links``)."""
    return reverse(viewname, args=args, kwargs=kwargs or None)


def picture(image, ratio=None):
    """The photo's ``Picture`` in the shape ``ratio`` ("3:2", "16:9"; empty: as cropped),
    or ``None`` while it has no copies (``reader/includes/_picture.html`` renders it)."""
    return image.picture(ratio or None) if image else None


def date(value, format=None):
    """Django's ``date`` filter, in the current time zone as Django's templates show it."""
    if value in (None, ""):
        return ""
    value = template_localtime(value)
    if format == "c" and hasattr(value, "isoformat"):
        return value.isoformat()  # what Django's "c" gives, without its formatter
    return defaultfilters.date(value, format)


def environment(**options):
    # A missing variable or attribute is empty and false, as in Django's templates: the
    # includes are given only what differs from their defaults.
    options["undefined"] = ChainableUndefined
    env = Environment(**options)
    env.globals.update(
        url=url,
        static=static,
        absolute_url=absolute_url,
        publication_name=publication_name,
        news_article_json_ld=news_article_json_ld,
        breadcrumb_json_ld=breadcrumb_json_ld,
        site_json_ld=site_json_ld,
    )
    env.filters.update(
        date=date,
        linebreaksbr=defaultfilters.linebreaksbr,
        truncatechars=defaultfilters.truncatechars,
        byline_groups=byline_groups,
        has_lede=has_lede,
        lede_text=lede_text,
        roles_of=roles_of,
        credit_line=credit_line,
        own_credit=own_credit,
        marked=marked,
        picture=picture,
    )
    return env
