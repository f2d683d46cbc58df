"""Strict path converters (core.converters): stray keys are a 404 before any view."""

from __future__ import annotations

import pytest


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/study/3.1%00/", "/study/3.1'/", "/s2x/practice/",
                                 "/S2/dashboard/", "/s9/"])
def test_strict_converters_refuse_stray_keys(guide, learner_client, url):
    assert learner_client.get(url).status_code == 404
