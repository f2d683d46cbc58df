"""Find anything a browser would execute in an HTML page, without relying on the CSP.

Used by the XSS tests: a payload must come out as text, never as a script, an event
handler or a javascript: URL.
"""

from __future__ import annotations

from html.parser import HTMLParser

URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "srcdoc", "data"}
BAD_SCHEMES = ("javascript:", "vbscript:", "data:text/html")
EMBEDDING_TAGS = {"iframe", "object", "embed", "base", "frame"}
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}


class _Scanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: (v or "") for k, v in attrs}
        if tag == "script":
            src = values.get("src", "")
            if src and not (src.startswith("/") and not src.startswith("//")):
                self.problems.append(f"script from another origin: {src}")
            elif not src and values.get("type") not in DATA_SCRIPT_TYPES:
                self.problems.append("inline script")
        if tag in EMBEDDING_TAGS:
            self.problems.append(f"<{tag}>")
        for name, value in values.items():
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…>")
            if name in URL_ATTRS and "".join(value.split()).lower().startswith(BAD_SCHEMES):
                self.problems.append(f"<{tag} {name}={value!r}>")

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def scan(html: str) -> tuple[list[str], str]:
    """(executable things found, the page's text as a reader sees it)."""
    scanner = _Scanner()
    scanner.feed(html)
    scanner.close()
    return scanner.problems, "".join(scanner.text)
