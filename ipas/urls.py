from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from accounts.views import signup
from content import views as content_views
from ipas.health import bare, healthz

urlpatterns = [
    path("", content_views.home, name="home"),
    path("study/<str:key>/", content_views.study_section, name="study_section"),
    path("study/part/<str:key>/", content_views.study_part, name="study_part"),
    path("", include("quizzes.urls")),
    path("classes/", include("classes.urls")),
    path("accounts/signup/", signup, name="signup"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True),
         name="login"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("bench/bare", bare, name="bare"),
]

handler500 = "ipas.middleware.server_error"  # a lost database is a 503 even outside views
