"""The search's word list (检索词表): words editors add so that search knows them whole
(``articles.search.words``); the rebuild of the index applies them."""

from django import forms
from django.contrib import admin

from ...models import SearchWord
from ...search import words


class SearchWordForm(forms.ModelForm):
    word = forms.CharField(
        label="词条",
        max_length=100,
        help_text=SearchWord._meta.get_field("word").help_text,
    )

    class Meta:
        model = SearchWord
        fields = ["word", "note"]

    def clean_word(self):
        word, error = words.normalise(self.cleaned_data["word"])
        if error:
            raise forms.ValidationError(error)
        return word


@admin.register(SearchWord)
class SearchWordAdmin(admin.ModelAdmin):
    """Local names, people, phrases: searched as typed at once (a long query is split at
    them, snippets mark them whole); after ``rebuild_search_index`` the index holds them
    whole too (``indexed``)."""

    form = SearchWordForm
    list_display = ["word", "note", "indexed", "from_file", "added_by", "added_at"]
    list_filter = ["indexed", "from_file"]
    list_select_related = ["added_by"]
    search_fields = ["word", "note"]
    list_per_page = 100

    def get_readonly_fields(self, request, obj=None):
        # A word is not renamed (the index may hold it whole): delete it and add another.
        done = ["indexed", "from_file", "added_by", "added_at"]
        return ["word", *done] if obj else []

    def save_model(self, request, obj, form, change):
        if not change:
            obj.added_by = request.user
        super().save_model(request, obj, form, change)
