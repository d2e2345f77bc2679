"""站内搜索 for readers: ``/search/?q=…`` over ``Article.objects.published()``.

The query and its filters (section, reporter, date range) are a form; an empty query shows
the form alone. Results are read a page at a time by ``search.Results`` (in the order of
``search.ranked``) and each carries a snippet with the matches marked (listed words whole).
Search pages are never cached (``never_cache``): any text may be asked, and every
publication changes the answers, so a stored copy would be one more page to keep fresh for
nothing.
"""

from django import forms
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import ListView

from .. import search
from ..models import Article, Reporter, Section


class SearchForm(forms.Form):
    q = forms.CharField(
        label="搜索",
        required=False,
        max_length=search.query.MAX_QUERY,
        error_messages={"max_length": "搜索词最多 %(limit_value)d 个字。"},
    )
    section = forms.ModelChoiceField(
        label="栏目",
        queryset=Section.objects.published(),
        to_field_name="slug",
        required=False,
        empty_label="全部栏目",
        error_messages={"invalid_choice": "没有这个栏目。"},
    )
    reporter = forms.CharField(label="记者", required=False, max_length=40)
    start = forms.DateField(
        label="起始日期",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "日期格式应为 2024-06-09。"},
    )
    end = forms.DateField(
        label="截止日期",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "日期格式应为 2024-06-09。"},
    )

    def clean_reporter(self):
        name = self.cleaned_data["reporter"].strip()
        if not name:
            return None
        reporter = Reporter.objects.published().filter(name=name).first()
        if reporter is None:
            raise forms.ValidationError(f"没有署名为“{name}”的记者。")
        return reporter

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", "截止日期不能早于起始日期。")
        query = data.get("q", "")
        # The word list (one query), only for a query with something to search for.
        has_text = search.query.TERM.search(search.tokens.fold_text(query))
        data["lexicon"] = search.words.current() if has_text else search.words.EMPTY
        data["terms"] = search.parse(query, data["lexicon"])
        return data

    def filter(self, articles):
        """``articles`` narrowed by the filters (the query's terms are matched apart)."""
        data = self.cleaned_data
        if data.get("section"):
            articles = articles.filter(section=data["section"])
        if data.get("reporter"):
            articles = articles.by_reporter(data["reporter"])
        if data.get("start"):
            articles = articles.filter(publish_at__date__gte=data["start"])
        if data.get("end"):
            articles = articles.filter(publish_at__date__lte=data["end"])
        return articles


@method_decorator(never_cache, name="dispatch")
class SearchView(ListView):
    template_name = "reader/search.html"
    context_object_name = "articles"
    paginate_by = 20

    def get(self, request, *args, **kwargs):
        self.form = SearchForm(request.GET or None)
        valid = self.form.is_valid()
        self.terms = self.form.cleaned_data["terms"] if valid else []
        self.lexicon = self.form.cleaned_data["lexicon"] if valid else search.words.EMPTY
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        """The ids of the matching articles, ranked (``search.Results``: counted up to
        ``CAP``, a page read without sorting every match); a page's articles are loaded
        apart."""
        if not self.terms:
            return []
        return search.Results(self.form.filter(Article.objects.published()), self.terms)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        ids = list(context["object_list"])
        articles = search.page(Article.objects.for_listing(), ids) if ids else []
        for article in articles:
            article.snippet = search.snippet(search_texts(article), self.terms, self.lexicon)
        context["object_list"] = context["articles"] = articles
        if context["page_obj"]:
            context["page_obj"].object_list = articles
        params = self.request.GET.copy()
        params.pop("page", None)
        return {
            **context,
            "form": self.form,
            "terms": self.terms,
            "capped": getattr(self.object_list, "capped", False),
            "cap": search.results.CAP,
            "query": self.form.data.get("q", "").strip() if self.form.is_bound else "",
            "params": params.urlencode(),
        }


def search_texts(article):
    """Where a reader's snippet is taken from, in reading order (the headline is shown
    above it: a match there alone gives the opening of the text)."""
    return search.index.reading_texts(article)
