from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, register_converter

from accounts.forms import LoginForm
from content import views as content_views
from core.converters import JoinCodeConverter, KeyConverter, SubjectConverter
from ipas import pwa
from ipas.health import healthz
from quizzes import views as quiz_views

register_converter(KeyConverter, "key")
register_converter(SubjectConverter, "subject")
register_converter(JoinCodeConverter, "joincode")

urlpatterns = [
    path("", include("quizzes.urls")),  # first: it holds the answer save, the hot path
    path("", quiz_views.home, name="home"),
    path("<subject:subject>/", quiz_views.home, name="home"),
    path("study/<key:key>/", content_views.study_section, name="study_section"),
    path("classes/", include("classes.urls")),
    path("review/", include("review.urls")),  # 錯題本, bookmarks, notes, reports, search
    path("exchange/", include("exchange.urls")),  # GIFT / Moodle XML / Aiken in and out
    path("accounts/", include("accounts.urls")),  # sign-up, password-reset request
    path("accounts/login/", auth_views.LoginView.as_view(
        redirect_authenticated_user=True, authentication_form=LoginForm), name="login"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    # the installable app (issue 18): at the root, so the worker's scope is the whole site
    path("manifest.webmanifest", pwa.manifest, name="pwa_manifest"),
    path("sw.js", pwa.service_worker, name="service_worker"),
    path("offline/", pwa.offline, name="offline"),
    path("favicon.ico", pwa.favicon),
]

handler500 = "ipas.middleware.server_error"  # a lost database is a 503 even outside views
# the site's own localised pages, never the exception's text (ipas.errors)
handler400 = "ipas.errors.bad_request"
handler403 = "ipas.errors.permission_denied"
handler404 = "ipas.errors.page_not_found"
