from django.urls import path

from quizzes import readiness_views, views

# Each subject page answers at /<subject>/… (the subject in the URL, so links work for
# anyone) and, without the prefix, for the learner's last subject.
_SUBJECT_PAGES = [
    ("practice/", views.practice_home, "practice_home", {}),
    ("practice/start/", views.start, "practice_start", {"mode": "practice"}),
    ("exams/", views.exam_home, "exam_home", {}),
    ("exams/start/", views.start, "exam_start", {"mode": "exam"}),
    ("attempts/", views.history, "history", {}),
    ("dashboard/", views.dashboard, "dashboard", {}),
]

urlpatterns = [
    # the attempt's own pages first: the answer save is the hot path, resolved in few steps
    path("attempts/<int:pk>/q/<int:pos>/answer/", views.answer, name="answer"),
    path("attempts/<int:pk>/q/<int:pos>/practice-answer/", views.answer, {"practice": True},
         name="practice_answer"),
    path("attempts/<int:pk>/", views.attempt_page, name="attempt"),
    path("attempts/<int:pk>/q/<int:pos>/flag/", views.flag, name="flag"),
    path("attempts/<int:pk>/submit/", views.submit, name="submit"),
    path("attempts/<int:pk>/clock/", views.clock, name="clock"),
    path("attempts/<int:pk>/result/", views.result, name="result"),
    path("attempts/<int:pk>/sitting-next/", readiness_views.sitting_next, name="sitting_next"),
    path("sitting/start/", readiness_views.sitting_start, name="sitting_start"),
    path("target-sitting/", readiness_views.target_sitting_page, name="target_sitting"),
    *(path(route, view, kwargs, name=name) for route, view, name, kwargs in _SUBJECT_PAGES),
    *(path("<subject:subject>/" + route, view, kwargs, name=name)
      for route, view, name, kwargs in _SUBJECT_PAGES),
]
