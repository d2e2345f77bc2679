"""Template helpers for the reader pages: bylines the way the paper prints them, absolute
URLs and the schema.org description of an article."""

import json
from itertools import groupby
from operator import attrgetter

from django import template
from django.conf import settings
from django.urls import NoReverseMatch
from django.utils import timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

from articles.models import Byline, SiteIdentity

from ..links import reverse

register = template.Library()

# Writers are named in the lede, 本报讯（记者 刘懿 通讯员 戴雪燕）; photographers close the
# story, 李焱 摄 or 李焱 赵艳 图文报道.
LEDE_ROLES = {Byline.Role.REPORTER, Byline.Role.CORRESPONDENT, Byline.Role.INTERN}
CREDIT_SUFFIXES = {Byline.Role.PHOTOGRAPHER: "摄", Byline.Role.TEXT_AND_PHOTO: "图文报道"}

_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter
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


@register.filter
def has_lede(article):
    """Does the lede name anything: a dateline (本报讯) or a writer?"""
    return bool(article.dateline or byline_groups(article.bylines.all(), "lede"))


@register.filter
def lede_text(article):
    """The lede as printed, in plain text: 本报讯（记者 刘懿 戴雪燕） (a feed's text)."""
    groups = byline_groups(article.bylines.all(), "lede")
    names = " ".join(
        f"{group['label']} " + " ".join(reporter.name for reporter in group["reporters"])
        for group in groups
    )
    return f"{article.dateline}（{names}）" if names else article.dateline


@register.filter
def roles_of(article, reporter):
    """The roles ``reporter`` has on ``article``: 记者、摄影 (from the prefetched bylines)."""
    return "、".join(
        byline.get_role_display()
        for byline in article.bylines.all()
        if byline.reporter_id == reporter.pk
    )


@register.simple_tag(takes_context=True)
def absolute_url(context, location):
    return context["request"].build_absolute_uri(location)


@register.simple_tag
def publication_name():
    """The paper's name without a request context (for 500.html)."""
    return settings.NEWSROOM_PUBLICATION


def _iso(moment, zone):
    return moment.astimezone(zone).isoformat(timespec="seconds") if moment else None


@register.simple_tag(takes_context=True)
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
    text = json.dumps(data, ensure_ascii=False, indent=None).translate(_JSON_ESCAPES)
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


@register.simple_tag(takes_context=True)
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


@register.simple_tag(takes_context=True)
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


@register.filter
def credit_line(article):
    """The photographers' credit as plain text, 李焱 赵艳 图文报道, to tell whether a photo's
    own credit would only repeat it."""
    return " ".join(
        " ".join(reporter.name for reporter in group["reporters"]) + " " + group["label"]
        for group in byline_groups(article.bylines.all(), "credit")
    )


@register.filter
def own_credit(image, article):
    """The photo's credit where the article's closing credit does not already say it
    (compared word by word: 李焱　赵艳　图文报道 with full-width spaces is the same)."""
    if not image.credit or image.credit.split() == credit_line(article).split():
        return ""
    return image.credit


@register.filter
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
