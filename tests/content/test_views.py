"""Study pages: the guide's text, its table of contents, errata and notes."""

from __future__ import annotations

import pytest


@pytest.mark.django_db
def test_study_page_shows_guide_text_toc_and_practice_buttons(guide, learner_client):
    html = learner_client.get("/study/3.1/").content.decode()
    assert "No Code 平台" in html and 'href="#part-3-1-1"' in html
    assert 'value="3.1.1"' in html  # "practise this part"
    assert "<script" not in html.split("<main", 1)[1]  # guide text is rendered, not executed


@pytest.mark.django_db
def test_learners_see_the_guides_errata_and_which_notes_are_official(guide, client):
    page = client.get("/study/3.3/").content.decode()
    assert "確任」應為「確認」" in page and "標題重複" in page
    assert "Editorial notes" in page or "編輯說明" in page  # file-level notes are loaded
    platform = client.get("/study/1.6/").content.decode()
    assert 'class="source-note"' in platform and "1.6" in platform
