from django.urls import path

from quizzes import views

urlpatterns = [
    path("practice/", views.practice_home, name="practice_home"),
    path("practice/start/", views.start, {"mode": "practice"}, name="practice_start"),
    path("exams/", views.exam_home, name="exam_home"),
    path("exams/start/", views.start, {"mode": "exam"}, name="exam_start"),
    path("attempts/", views.history, name="history"),
    path("attempts/<int:pk>/", views.attempt_page, name="attempt"),
    path("attempts/<int:pk>/q/<int:pos>/answer/", views.answer, name="answer"),
    path("attempts/<int:pk>/q/<int:pos>/flag/", views.flag, name="flag"),
    path("attempts/<int:pk>/submit/", views.submit, name="submit"),
    path("attempts/<int:pk>/clock/", views.clock, name="clock"),
    path("attempts/<int:pk>/result/", views.result, name="result"),
    path("dashboard/", views.dashboard, name="dashboard"),
]
