"""Render the app icons (static/icons/*.png, favicon.ico) from the SVGs with Debian's
Chromium: `.venv/bin/python scripts/make_icons.py`. The PNGs are committed; run this again
only after changing an SVG."""

from __future__ import annotations

import struct
from pathlib import Path

from playwright.sync_api import sync_playwright

ICONS = Path(__file__).resolve().parent.parent / "static" / "icons"
SIZES = {"icon-32.png": ("icon.svg", 32), "icon-16.png": ("icon.svg", 16),
         "icon-180.png": ("icon.svg", 180), "icon-192.png": ("icon.svg", 192),
         "icon-512.png": ("icon.svg", 512), "icon-maskable-512.png": ("icon-maskable.svg", 512)}


def ico(pngs: list[tuple[int, bytes]]) -> bytes:
    """A .ico holding PNG images (every browser reads PNG entries)."""
    head = struct.pack("<HHH", 0, 1, len(pngs))
    offset = 6 + 16 * len(pngs)
    entries, data = b"", b""
    for size, png in pngs:
        entries += struct.pack("<BBBBHHII", size % 256, size % 256, 0, 0, 1, 32, len(png),
                               offset + len(data))
        data += png
    return head + entries + data


def main() -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                    args=["--headless", "--no-sandbox", "--disable-gpu"])
        for name, (svg, size) in SIZES.items():
            page = browser.new_page(viewport={"width": size, "height": size})
            page.set_content('<style>html,body{margin:0}</style>'
                             f'<img src="data:image/svg+xml;base64,{_b64(ICONS / svg)}" '
                             f'width="{size}" height="{size}">')
            page.wait_for_timeout(100)
            (ICONS / name).write_bytes(page.screenshot(omit_background=True))
            page.close()
        browser.close()
    (ICONS / "favicon.ico").write_bytes(ico([(16, (ICONS / "icon-16.png").read_bytes()),
                                            (32, (ICONS / "icon-32.png").read_bytes())]))


def _b64(path: Path) -> str:
    import base64

    return base64.b64encode(path.read_bytes()).decode()


if __name__ == "__main__":
    main()
