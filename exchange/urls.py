from django.urls import path

from exchange import views

app_name = "exchange"
urlpatterns = [
    path("bank/", views.bank, name="bank"),
    path("bank/export/", views.bank_export, name="bank_export"),
    path("classes/<int:pk>/", views.class_exchange, name="class"),
    path("classes/<int:pk>/export/", views.class_export, name="class_export"),
]
