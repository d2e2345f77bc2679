"""``{% url %}`` with its answers remembered (``articles.links``): reader templates load it
(``{% load links %}``) in place of Django's tag, with the same syntax, for the dozen links
every page repeats (icons, feeds, navigation). Namespaced reversal by ``current_app`` is not
supported: reader URLs have one instance each."""

from django import template
from django.template import defaulttags
from django.urls import NoReverseMatch
from django.utils.html import conditional_escape

from .. import links

register = template.Library()


class URLNode(defaulttags.URLNode):
    def render(self, context):
        args = [arg.resolve(context) for arg in self.args]
        kwargs = {name: value.resolve(context) for name, value in self.kwargs.items()}
        try:
            url = links.reverse(self.view_name.resolve(context), args=args, kwargs=kwargs)
        except NoReverseMatch:
            if self.asvar is None:
                raise
            url = ""
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


@register.tag
def url(parser, token):
    node = defaulttags.url(parser, token)
    return URLNode(node.view_name, node.args, node.kwargs, node.asvar)
