"""Sign-up and the password-reset request; Django's own auth URLs follow these in ipas.urls.
Names are global (``signup``, ``password_reset``), as Django's auth URLs are."""

from django.urls import path

from accounts import views

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("signup/done/", views.signup_done, name="signup_done"),
    path("signup/confirm/<str:token>/", views.signup_confirm, name="signup_confirm"),
    path("password_reset/", views.PasswordResetView.as_view(), name="password_reset"),
]
