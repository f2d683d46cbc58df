"""Server-rendered SVG geometry for the scores-over-time chart (no JS library)."""

from __future__ import annotations

from datetime import date

WIDTH, HEIGHT, PAD_L, PAD_R, PAD_T, PAD_B = 640, 220, 40, 16, 12, 28


def theme_chart(history: dict[str, list[tuple[date, int, int]]], theme_keys: list[str],
                names: dict[str, str], *, pass_line: int) -> dict:
    """Lines of daily accuracy per theme, as coordinates for templates/svg."""
    days = sorted({d for rows in history.values() for d, _, _ in rows})
    if not days:
        return {"empty": True}
    span = max(1, (days[-1] - days[0]).days)
    inner_w = WIDTH - PAD_L - PAD_R
    inner_h = HEIGHT - PAD_T - PAD_B

    def x(d: date) -> float:
        return round(PAD_L + inner_w * ((d - days[0]).days / span if len(days) > 1 else 0.5), 1)

    def y(pct: float) -> float:
        return round(PAD_T + inner_h * (1 - pct / 100), 1)

    series = []
    for i, key in enumerate(theme_keys):
        rows = history.get(key, [])
        if not rows:
            continue
        dots = [{"x": x(d), "y": y(100 * k / n), "label": f"{d:%m/%d} {k}/{n}"}
                for d, k, n in rows]
        series.append({
            "key": key, "name": names.get(key, key), "index": i,
            "points": " ".join(f"{p['x']},{p['y']}" for p in dots), "dots": dots,
        })
    grid = [{"y": y(p), "label": p} for p in sorted({0, pass_line, 100})]
    ticks = [{"x": x(d), "label": f"{d:%m/%d}"} for d in (days[0], days[-1])] \
        if len(days) > 1 else [{"x": x(days[0]), "label": f"{days[0]:%m/%d}"}]
    return {"empty": False, "width": WIDTH, "height": HEIGHT, "series": series, "grid": grid,
            "ticks": ticks, "pass_line": pass_line, "left": PAD_L, "right": WIDTH - PAD_R,
            "bottom": HEIGHT - PAD_B}
