"""The weekly chart: the last 12 weeks as a PNG, readable in black and white, labelled in one language.

matplotlib is imported here, on first use, so the bot's start-up and idle memory do not pay for it.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from bot.core.i18n import Translator
from bot.pulse.stats import WeekPoint

if TYPE_CHECKING:
    from matplotlib.figure import Figure

# Each series differs by line style and marker as well as by grey level, so a printout or a
# colour-blind reader tells them apart without colour.
STYLES: tuple[dict[str, Any], ...] = (
    {"color": "#000000", "linestyle": "-", "marker": "o"},
    {"color": "#333333", "linestyle": "--", "marker": "s"},
    {"color": "#555555", "linestyle": "-.", "marker": "^"},
    {"color": "#777777", "linestyle": ":", "marker": "D"},
)
# pyplot keeps global state; the object API below avoids it, and this lock keeps font caching safe.
_lock = threading.Lock()


def render(points: Sequence[WeekPoint], t: Translator) -> bytes:
    """PNG bytes of members, active commenters, visitors and perspectives per week."""
    with _lock:
        figure = build_figure(points, t)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


def build_figure(points: Sequence[WeekPoint], t: Translator) -> Figure:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    _ = t.gettext
    series = (
        (_("Members"), [p.members for p in points]),
        (_("Active commenters"), [p.active_commenters for p in points]),
        (_("Visitors"), [p.visitors for p in points]),
        (_("Perspectives"), [p.perspectives for p in points]),
    )
    labels = [_("W%(number)s") % {"number": p.week.monday.isocalendar()[1]} for p in points]
    figure = Figure(figsize=(8, 4.5), dpi=100)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    positions = range(len(points))
    for (name, values), style in zip(series, STYLES, strict=True):
        axes.plot(positions, values, label=name, linewidth=2, markersize=5, **style)
    axes.set_xticks(list(positions), labels)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_ylim(bottom=0)
    axes.grid(axis="y", color="#cccccc", linewidth=0.6)
    axes.spines[["top", "right"]].set_visible(False)
    if points:
        axes.set_title(
            _("The last %(count)s weeks, to %(week)s")
            % {"count": t.number(len(points)), "week": points[-1].week.label},
            loc="left",
        )
    axes.set_xlabel(_("Week"))
    axes.legend(loc="upper left", frameon=False, ncols=2)
    figure.tight_layout()
    return figure
