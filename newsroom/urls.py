from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

admin.site.site_header = f"{settings.NEWSROOM_PUBLICATION} 采编系统"
admin.site.site_title = "采编系统"
admin.site.index_title = "采编工作台"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("articles.reader.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
