"""Every learner and instructor page of the site, with the rows they need, for the browser
checks of issue 18 (phone width, axe-core, screenshots). ``pages()`` names each page once."""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass

from django.contrib.auth.models import User

from accounts.models import Role
from quizzes import attempts as quiz
from quizzes.models import Attempt, Mode
from tests.helpers import make_user, s2, section_exam
from tests.helpers.classes import answer_all, enrol, make_assignment, make_class, take

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@dataclass
class Site:
    learner: User
    instructor: User
    exam: Attempt  # in progress, timed
    result: Attempt  # submitted, answers revealed
    practice: Attempt  # in progress
    klass_pk: int
    join_code: str
    assignment_pk: int
    assignment_attempt: Attempt  # the learner's, submitted


def build_site() -> Site:
    """A learner (with a display name) with an exam running, a result, a practice set and a
    class; its instructor with an assignment the learner took."""
    learner = make_user("phone1")
    learner.profile.display_name = "林小華"
    learner.profile.save()
    instructor = make_user("teach1", Role.INSTRUCTOR)
    instructor.profile.display_name = "王老師"
    instructor.profile.save()
    klass = make_class(instructor, "AI 應用規劃班")
    enrol(klass, learner)
    assignment = make_assignment(klass, count=3)
    taken = take(learner, assignment, ["A", "B", ""])
    result = answer_all(learner, section_exam(learner, count=5), ["A", "B", "C", "", "D"])
    exam = quiz.start_attempt(learner, "blueprint", "", subject=s2(), count=20, minutes=30)
    practice = quiz.start_attempt(learner, "section", "3.2", mode=Mode.PRACTICE, count=5)
    return Site(learner=learner, instructor=instructor, exam=exam, result=result,
                practice=practice, klass_pk=klass.pk, join_code=klass.join_code,
                assignment_pk=assignment.pk, assignment_attempt=taken)


def pages(site: Site) -> dict[str, list[tuple[str, str]]]:
    """(name, path) of every page, by who opens it: nobody, the learner, the instructor."""
    k, a, t = site.klass_pk, site.assignment_pk, site.assignment_attempt
    return {
        "anonymous": [
            ("home", "/s2/"), ("study", "/study/3.1/"), ("study-s1", "/study/1.1/"),
            ("login", "/accounts/login/"), ("signup", "/accounts/signup/"),
            ("password-reset", "/accounts/password_reset/"), ("offline", "/offline/"),
        ],
        "learner": [
            ("home", "/s2/"), ("home-s1", "/s1/"), ("study", "/study/3.2/"),
            ("practice-home", "/s2/practice/"), ("practice", f"/attempts/{site.practice.pk}/"),
            ("exam-home", "/s2/exams/"), ("exam", f"/attempts/{site.exam.pk}/"),
            ("result", f"/attempts/{site.result.pk}/result/"), ("history", "/s2/attempts/"),
            ("dashboard", "/s2/dashboard/"), ("classes", "/classes/"),
            ("join", f"/classes/join/{site.join_code}/"), ("join-form", "/classes/join/"),
            *_existing([("review", "review_deck", []), ("review-session", "review_session", []),
                        ("bookmarks", "bookmarks", []), ("notes", "notes", []),
                        ("my-reports", "my_reports", []), ("search", "search", [])]),
        ],
        "instructor": [
            ("classes", "/classes/"), ("class-new", "/classes/new/"),
            ("class", f"/classes/{k}/"), ("assignment-new", f"/classes/{k}/assignments/new/"),
            ("assignment-edit", f"/classes/assignments/{a}/edit/"),
            ("report", f"/classes/assignments/{a}/report/"),
            ("report-items", f"/classes/assignments/{a}/report/?tab=items"),
            ("class-items", f"/classes/{k}/items/"),
            ("private-questions", f"/classes/{k}/questions/"),
            ("dashboard", "/s2/dashboard/"),
            *_existing([("learner-attempt", "classes:learner_attempt", [t.pk]),
                        ("item-question", "classes:item_question",
                         [t.items.order_by("position").first().version_id]),
                        ("print", "classes:print", [a]),
                        ("class-exchange", "exchange:class", [k])]),
        ],
    }


def _existing(named: list[tuple[str, str, list]]) -> list[tuple[str, str]]:
    """The pages among ``named`` (name, URL name, its arguments) that the site has (these
    pages were being added alongside this check; each is walked as soon as its URL exists)."""
    from django.urls import NoReverseMatch, reverse

    found = []
    for name, url_name, args in named:
        with suppress(NoReverseMatch):
            found.append((name, reverse(url_name, args=args)))
    return found


# What the page measures in the browser: how far it scrolls sideways, and which element
# sticks out furthest (named, so a failure says where to look).
WIDTH_JS = """() => {
  const doc = document.documentElement;
  let worst = null, right = 0;
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width && r.right > right) { right = r.right; worst = el; }
  }
  const cls = worst && typeof worst.className === 'string' ? worst.className.trim() : '';
  const name = worst ? worst.tagName.toLowerCase() + (worst.id ? '#' + worst.id : '')
    + (cls ? '.' + cls.replace(/\\s+/g, '.') : '') : '';
  return {scroll: doc.scrollWidth, widest: Math.round(right), element: name};
}"""


def width_of(page) -> dict:
    return page.evaluate(WIDTH_JS)


def serious_violations(page) -> list[str]:
    """axe-core's serious and critical violations of the WCAG 2.0/2.1 A and AA rules on the
    page as it stands (axe-playwright-python injects axe-core through the DevTools protocol,
    which the page's CSP does not govern)."""
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
               "resultTypes": ["violations"]}
    results = Axe().run(page, options=options)
    found = []
    for v in results.response["violations"]:
        if v["impact"] in ("serious", "critical"):
            targets = "; ".join(" ".join(n["target"]) for n in v["nodes"][:3])
            found.append(f"{v['id']} ({v['impact']}, {len(v['nodes'])}×): {targets}")
    return found


def login(page, base_url: str, user: User) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", "pw-" + user.username)
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{base_url}/")
