from django.urls import path

from classes import views

app_name = "classes"
urlpatterns = [
    path("", views.home, name="home"),
    path("join/", views.join, name="join_form"),
    path("join/<joincode:code>/", views.join, name="join"),  # strict: core.converters
    path("new/", views.class_create, name="create"),
    path("<int:pk>/", views.class_detail, name="detail"),
    path("<int:pk>/code/", views.regenerate_code, name="regenerate_code"),
    path("<int:pk>/assignments/new/", views.assignment_create, name="assignment_create"),
    path("<int:pk>/items/", views.class_items, name="class_items"),
    path("<int:pk>/questions/", views.private_questions, name="private_questions"),
    path("<int:pk>/questions/<int:qpk>/", views.private_questions, name="private_question"),
    path("<int:pk>/items.csv", views.class_items_csv, name="class_items_csv"),
    path("assignments/<int:pk>/start/", views.start, name="start"),
    path("assignments/<int:pk>/edit/", views.assignment_edit, name="assignment_edit"),
    path("assignments/<int:pk>/report/", views.report, name="report"),
    path("assignments/<int:pk>/results.csv", views.results_csv, name="results_csv"),
    path("assignments/<int:pk>/items.csv", views.items_csv, name="items_csv"),
]
