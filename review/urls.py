from django.urls import path

from review import tool_views, views

urlpatterns = [
    path("", views.deck_page, name="review_deck"),
    path("session/", views.session, name="review_session"),
    path("cards/<int:card_id>/answer/", views.answer, name="review_answer"),
    path("cards/<int:card_id>/suspend/", views.suspend, name="review_suspend"),
    path("guessed/<int:pk>/<int:pos>/", views.guessed, name="review_guessed"),
    path("retry/<int:pk>/", tool_views.retry_wrong, name="review_retry"),
    path("bookmarks/", tool_views.bookmarks, name="bookmarks"),
    path("q/<int:question_id>/", tool_views.question_page, name="question_tools"),
    path("q/<int:question_id>/bookmark/", tool_views.bookmark, name="bookmark"),
    path("notes/", tool_views.notes, name="notes"),
    path("notes/export.md", tool_views.notes_export, name="notes_export"),
    path("q/<int:question_id>/note/", tool_views.note, name="note"),
    path("q/<int:question_id>/report/", tool_views.report, name="report_question"),
    path("reports/", tool_views.my_reports, name="my_reports"),
    path("search/", tool_views.search, name="search"),
]
