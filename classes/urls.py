from django.urls import path

from classes import toolbox_views, views

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
    # the instructor's toolbox (classes.toolbox_views)
    path("attempts/<int:pk>/", toolbox_views.learner_attempt, name="learner_attempt"),
    path("items/question/<int:pk>/", toolbox_views.item_question, name="item_question"),
    path("<int:pk>/members/<int:user_id>/remove/", toolbox_views.remove_member,
         name="remove_member"),
    path("<int:pk>/leave/", toolbox_views.leave, name="leave"),
    path("notices/email/", toolbox_views.notice_emails, name="notice_emails"),
    path("<int:pk>/co-instructors/", toolbox_views.add_co_instructor, name="co_add"),
    path("<int:pk>/co-instructors/<int:user_id>/remove/", toolbox_views.remove_co_instructor,
         name="co_remove"),
    path("<int:pk>/rename/", toolbox_views.rename_class, name="rename"),
    path("<int:pk>/archive/", toolbox_views.archive_class, name="archive"),
    path("assignments/<int:pk>/archive/", toolbox_views.archive_assignment,
         name="assignment_archive"),
    path("assignments/<int:pk>/delete/", toolbox_views.delete_assignment,
         name="assignment_delete"),
    path("assignments/<int:pk>/duplicate/", toolbox_views.duplicate_assignment,
         name="assignment_duplicate"),
    path("assignments/<int:pk>/responses.csv", toolbox_views.response_matrix_csv,
         name="responses_csv"),
    path("assignments/<int:pk>/print/", toolbox_views.printable_paper, name="print"),
    path("assignments/<int:pk>/exceptions/", toolbox_views.save_exception,
         name="exception_save"),
    path("assignments/<int:pk>/exceptions/<int:user_id>/delete/",
         toolbox_views.delete_exception, name="exception_delete"),
]
