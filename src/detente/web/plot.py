"""Draw a dyad's relations index: PNG or SVG with matplotlib, HTML as a page around the SVG."""

from __future__ import annotations

import html
import io
from pathlib import Path
from typing import Any

__all__ = ["write_plot"]

QUAD_COLOURS = ("#6baed6", "#2171b5", "#fc9272", "#cb181d")
QUAD_LABELS = ("verbal cooperation", "material cooperation", "verbal conflict", "material conflict")


def _figure(series: Any) -> Any:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    periods = series.periods
    x = list(range(len(periods)))
    labels = [p.start.isoformat()[:7] if series.by == "month" else p.start.isoformat() for p in periods]
    fig, (ax, bars) = plt.subplots(2, 1, figsize=(9, 5.5), sharex=True,
                                   gridspec_kw={"height_ratios": [3, 2]})
    xs = [i for i, p in zip(x, periods) if p.index is not None]
    ys = [p.index for p in periods if p.index is not None]
    ax.axhline(0, color="#999", lw=0.8)
    ax.plot(xs, ys, "-o", color="#333", lw=2)
    for i, p in zip(x, periods):
        if p.turn:
            ax.annotate("▼ fall" if p.turn == "fall" else "▲ rise", (i, p.index),
                        textcoords="offset points", xytext=(0, -16 if p.turn == "fall" else 8),
                        ha="center", color="#cb181d" if p.turn == "fall" else "#2171b5")
    ax.set_ylim(-1.15, 1.15)
    ax.set_ylabel("relations index")
    ax.set_title(f"{series.a}–{series.b}: (cooperation − conflict) / events, by {series.by}")
    bottom = [0] * len(periods)
    for q in range(4):
        vals = [p.quad[q] for p in periods]
        bars.bar(x, vals, bottom=bottom, color=QUAD_COLOURS[q], label=QUAD_LABELS[q])
        bottom = [b + v for b, v in zip(bottom, vals)]
    bars.set_ylabel("events")
    bars.legend(fontsize=7, ncol=4, loc="upper left")
    bars.set_xticks(x)
    bars.set_xticklabels(labels, rotation=45, ha="right", fontsize=8)
    fig.tight_layout()
    return fig


def write_plot(series: Any, path: str | Path) -> None:
    """Write the chart to ``path``; the suffix (.png, .svg, .html) picks the format."""
    import matplotlib.pyplot as plt

    path = Path(path)
    fig = _figure(series)
    try:
        suffix = path.suffix.lower()
        if suffix in (".png", ".svg"):
            fig.savefig(path, format=suffix[1:], dpi=120)
            return
        if suffix != ".html":
            raise ValueError(f"cannot plot to {path}: use .png, .svg or .html")
        buf = io.StringIO()
        fig.savefig(buf, format="svg")
        svg = buf.getvalue()
        svg = svg[svg.index("<svg"):]
        rows = "".join(
            f"<tr><td>{p.start}</td><td>{p.events}</td><td>{'' if p.index is None else f'{p.index:+.2f}'}</td>"
            f"<td>{p.turn or ''}</td><td>{html.escape((p.top[0].get('sentence') or '') if p.top else '')}</td></tr>"
            for p in series.periods
        )
        path.write_text(
            "<!doctype html><meta charset='utf-8'>"
            f"<title>{html.escape(series.a)}–{html.escape(series.b)} relations</title>"
            "<style>body{font-family:sans-serif;max-width:60em;margin:1em auto}"
            "td,th{padding:2px 8px;border-bottom:1px solid #ddd;text-align:left}</style>"
            f"{svg}<table><tr><th>period</th><th>events</th><th>index</th><th>turn</th>"
            f"<th>top event</th></tr>{rows}</table>",
            encoding="utf-8",
        )
    finally:
        plt.close(fig)
