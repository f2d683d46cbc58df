"""Strict path converters: a key is lower-case letters, digits, dots and hyphens, so a NUL byte
or any other stray character in a URL is a 404 before a view or the database sees it."""

from __future__ import annotations


class KeyConverter:
    regex = r"[a-z0-9][a-z0-9.\-]{0,63}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class SubjectConverter(KeyConverter):
    # subject keys are short slugs (s1, s2); kept apart from the site's own top-level paths
    regex = r"s[0-9]{1,2}"


class JoinCodeConverter(KeyConverter):
    # a class's join code as shared: letters and digits, any case, dashes allowed
    # (classes.services.normalise_code folds them); 20 characters at most, as the join form
    regex = r"[A-Za-z0-9][A-Za-z0-9\-]{0,19}"
