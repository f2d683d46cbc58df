"""The loader: the guide's 29 questions, idempotent reloads, and rejected fixtures."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command

from content.bundle import FixtureError
from content.loader import FIXTURES_DIR, default_paths
from content.models import Content, Part, Section, Subject, Theme
from quizzes.loader import load_paths
from quizzes.models import Choice, Question, QuestionVersion

GUIDE_KEY = {
    "3.1": "B C B C C D C B D B",
    "3.2": "D C B B B B B B D",
    "3.3": "B A C A B B C C B C",
}


def table_counts() -> dict[str, int]:
    return {m.__name__: m.objects.count()
            for m in (Subject, Theme, Content, Section, Part, Question, Choice, QuestionVersion)}


def guide_answers(section: str) -> str:
    qs = Question.objects.filter(origin="guide", section__key=section).order_by("number")
    return " ".join(q.choices.get(is_correct=True).label for q in qs)


@pytest.mark.django_db
def test_all_guide_questions_load_with_the_guides_answer_key(guide):
    assert Question.objects.filter(origin="guide").count() == 29
    for section, key in GUIDE_KEY.items():
        assert guide_answers(section) == key, section
    counts = {s: Question.objects.filter(origin="guide", section__key=s).count()
              for s in GUIDE_KEY}
    assert counts == {"3.1": 10, "3.2": 9, "3.3": 10}


@pytest.mark.django_db
def test_guide_questions_are_complete(guide):
    for q in Question.objects.filter(origin="guide").prefetch_related("choices"):
        assert q.stem and q.explanation and q.content_id and q.number
        assert [c.label for c in q.choices.all()] == ["A", "B", "C", "D"]
        assert sum(c.is_correct for c in q.choices.all()) == 1
        assert q.current_version.answer == q.choices.get(is_correct=True).label


@pytest.mark.django_db
def test_exam_table_has_both_subjects(guide):
    s1, s2 = Subject.objects.order_by("order")
    assert s1.name == "人工智慧基礎概論" and s2.name == "生成式 AI 應用與規劃"
    assert Theme.objects.filter(subject=s1).count() == 4
    assert Content.objects.filter(theme__subject=s1).count() == 9
    assert Content.objects.filter(theme__subject=s2).count() == 7
    assert Section.objects.get(key="3.1").theme.name == "No code / Low code 概念"


@pytest.mark.django_db
def test_study_text_is_split_into_the_guides_subsections(guide):
    parts = Part.objects.filter(section__key="3.1").order_by("number")
    assert [p.number for p in parts] == list(range(1, parts.count() + 1))
    assert parts[0].title == "No Code 平台"
    assert all(p.contents.exists() for p in Part.objects.all())


@pytest.mark.django_db
def test_reload_is_idempotent(guide):
    before = table_counts()
    report = load_paths()
    assert report.changed == 0
    assert table_counts() == before


@pytest.mark.django_db
def test_changed_fixture_updates_in_place(guide, tmp_path):
    q = Question.objects.get(key="g-3.1-01")
    pk, version = q.pk, q.current_version.number
    copy = tmp_path / "3.1.yaml"
    data = yaml.safe_load((FIXTURES_DIR / "sections" / "3.1.yaml").read_text())
    data["questions"][0]["explanation"] += "（補充）"
    copy.write_text(yaml.safe_dump(data, allow_unicode=True))
    load_paths([copy])
    q.refresh_from_db()
    assert q.pk == pk and q.explanation.endswith("（補充）")
    assert q.current_version.number == version + 1  # old version kept for past attempts
    assert QuestionVersion.objects.filter(question=q).count() == version + 1


def _broken(tmp_path: Path, mutate) -> Path:
    data = yaml.safe_load((FIXTURES_DIR / "sections" / "3.2.yaml").read_text())
    mutate(data)
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    return path


def _set(q: dict, **kw) -> None:
    q.update(kw)


BAD_FIXTURES = {
    "missing answer": (lambda d: d["questions"][2].pop("answer"), "answer"),
    "answer not among options": (lambda d: _set(d["questions"][2], answer="E"), "answer"),
    "duplicate key": (lambda d: _set(d["questions"][3], key=d["questions"][2]["key"]),
                      "duplicate key"),
    "unknown content": (lambda d: _set(d["questions"][4], content="s2-no-such-thing"),
                        "unknown content"),
    "three choices": (lambda d: d["questions"][1]["choices"].pop(), "choices"),
    "content of another subject": (lambda d: _set(d["questions"][4], content="s1-ml-models"),
                                   "another subject"),
    "empty file": (lambda d: d.clear(), "nothing to load"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", sorted(BAD_FIXTURES))
def test_bad_fixture_is_rejected_and_nothing_written(guide, tmp_path, case):
    mutate, needle = BAD_FIXTURES[case]
    bad = _broken(tmp_path, mutate)
    # an otherwise valid, changed file in the same load must not be written either
    data = yaml.safe_load((FIXTURES_DIR / "authored" / "risk.yaml").read_text())
    data["questions"][0]["stem"] = "改過的題幹"
    good = tmp_path / "good.yaml"
    good.write_text(yaml.safe_dump(data, allow_unicode=True))
    before = table_counts()
    stem = Question.objects.get(key="g-3.2-01").stem
    risk_stem = Question.objects.get(key=data["questions"][0]["key"]).stem
    with pytest.raises(CommandError) as err:
        call_command("load_guide", str(good), str(bad))
    text = str(err.value)
    assert "bad.yaml" in text and needle in text, text
    assert table_counts() == before
    assert Question.objects.get(key="g-3.2-01").stem == stem
    assert Question.objects.get(key=data["questions"][0]["key"]).stem == risk_stem


@pytest.mark.django_db
def test_error_names_file_item_and_reason(guide, tmp_path):
    bad = _broken(tmp_path, lambda d: _set(d["questions"][2], answer="E"))
    with pytest.raises(FixtureError) as err:
        load_paths([bad])
    assert err.value.file.endswith("bad.yaml")
    assert "questions.2" in err.value.where and "g-3.2-03" in err.value.where
    assert err.value.reason


@pytest.mark.django_db
def test_invalid_yaml_is_reported_with_line(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("questions:\n  - key: [unclosed\n")
    with pytest.raises(FixtureError) as err:
        load_paths([path])
    assert "broken.yaml" in str(err.value) and "line" in err.value.where


def test_every_fixture_file_is_in_the_default_set():
    names = {p.relative_to(FIXTURES_DIR).as_posix() for p in default_paths()}
    assert {"exam.yaml", "sections/3.1.yaml", "sections/3.2.yaml", "sections/3.3.yaml"} <= names


@pytest.mark.django_db
def test_load_guide_command_twice_reports_nothing_changed(guide, capsys):
    call_command("load_guide")
    assert "nothing changed" in capsys.readouterr().out


def test_fixtures_dir_is_not_modified_by_tests(tmp_path):
    # guards the helpers above: they write copies under tmp_path only
    shutil.copytree(FIXTURES_DIR, tmp_path / "copy")
    assert (tmp_path / "copy" / "exam.yaml").exists()


def test_a_choice_without_a_rationale_is_refused_by_the_schema():
    from content.schema import QuestionSpec

    spec = {"key": "x", "origin": "authored", "section": "3.1", "content": "s2-risk",
            "stem": "題幹", "answer": "A", "explanation": "解析",
            "choices": [{"label": x, "text": x * 3, "rationale": "說明" if x != "C" else ""}
                        for x in "ABCD"]}
    with pytest.raises(ValueError, match="every choice needs a rationale"):
        QuestionSpec.model_validate(spec)
