"""export_bank: JSON records for tools, YAML that round-trips into the loader."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from quizzes.loader import load_paths
from quizzes.models import Question


def run(fmt: str) -> str:
    out = io.StringIO()
    call_command("export_bank", "--format", fmt, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_json_export_lists_every_question_with_the_documented_fields(guide):
    records = json.loads(run("json"))
    assert len(records) == Question.objects.count()
    first = next(r for r in records if r["key"] == "g-3.1-01")
    assert set(first) == {"key", "subject", "theme", "content", "section", "number", "origin",
                          "source", "topics", "stem", "choices", "answer", "explanation",
                          "pool"}
    assert all(set(c) == {"label", "text", "rationale"} and c["rationale"]
               for c in first["choices"])
    assert first["answer"] == "B" and first["number"] == 1 and first["origin"] == "guide"
    assert [c["label"] for c in first["choices"]] == ["A", "B", "C", "D"]
    assert first["subject"] == "生成式 AI 應用與規劃"
    subject_one = [r for r in records if r["subject"] == "人工智慧基礎概論"]
    assert len(subject_one) >= 270 and all(r["section"].startswith("1.") for r in subject_one)
    assert all(all(c["rationale"] for c in r["choices"]) for r in records)
    # the new subject-2 topics are listed with their tags
    tagged = {t for r in records if r["section"].startswith("4.") for t in r["topics"]}
    assert {"mcp", "token-cost", "taiwan-ai-basic-act", "compression"} <= tagged
    authored = [r for r in records if r["origin"] == "authored"]
    assert authored and all(r["number"] is None for r in authored)


@pytest.mark.django_db
def test_yaml_export_round_trips_into_the_loader(guide, tmp_path):
    path = tmp_path / "bank.yaml"
    path.write_text(run("yaml"), encoding="utf-8")
    report = load_paths([path])
    assert report.changed == 0  # same bank in, nothing to change

    Question.objects.filter(key="g-3.3-04").update(stem="被改掉的題幹")
    report = load_paths([path])  # the export restores it
    assert Question.objects.get(key="g-3.3-04").stem != "被改掉的題幹"
    assert report.counts[("question", "updated")] == 1
