from django.urls import path, register_converter

from . import converters, views

register_converter(converters.IsoDateConverter, "isodate")
register_converter(converters.UnicodeSlugConverter, "uslug")

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("issues/<isodate:date>/", views.IssueDetailView.as_view(), name="issue"),
    path("issues/<isodate:date>/<int:number>/", views.PageDetailView.as_view(), name="page"),
    path("articles/<int:pk>/", views.ArticleDetailView.as_view(), name="article"),
    path("sections/<uslug:slug>/", views.SectionView.as_view(), name="section"),
    path("reporters/<uslug:slug>/", views.ReporterView.as_view(), name="reporter"),
]
