"""The "in numbers" card as a picture a funder can paste into a report: the figures laid out in
tiles, in one language, black on white, so it prints and photocopies as well as it shows on screen.

matplotlib is imported on first use (as in `bot.pulse.chart`), so the bot's start-up does not pay for it.
"""

from __future__ import annotations

import io
import textwrap
from typing import TYPE_CHECKING, Any

from bot.core.i18n import Translator
from bot.pulse.chart import _lock
from bot.pulse.views.report import report_names, report_period, report_title

if TYPE_CHECKING:
    from matplotlib.figure import Figure

WIDTH, HEIGHT, DPI = 10, 5.625, 120  # 1200 × 675 pixels: 16:9, the shape slides and reports take
COLUMNS = 7  # two rows of seven tiles, so the names below them keep their room
LABEL_LINE, LABEL_LINES = 16, 3  # characters on a tile's line at the size the labels are set in
NUMBER_SIZE, NUMBER_ROOM = 26, 120  # points; a tile holds about NUMBER_ROOM / size bold characters
NAME_LINE = 115  # characters on a line of names at the size they are set in
NAME_LINES = 2  # per kind of name; the JSON lists every one
INK, GREY, RULE = "#000000", "#333333", "#999999"


def render(report: dict[str, Any], t: Translator) -> bytes:
    """PNG bytes of the card for `report` (the document `period_report.report` returns)."""
    with _lock:
        figure = build_figure(report, t)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", metadata={"Software": None}, facecolor="white")
    return buffer.getvalue()


def tiles(report: dict[str, Any], t: Translator) -> list[tuple[str, str]]:
    """(the number, what it counts) for each tile, in reading order."""

    def span(pair: list[int]) -> str:
        low, high = pair
        return t.number(low) if low == high else f"{t.number(low)}–{t.number(high)}"

    def labelled(key: str, label: str) -> tuple[str, str]:
        return t.number(report[key]), label

    return [
        labelled("months_active", t.ngettext("month", "months", report["months_active"])),
        labelled("members", t.ngettext("member", "members", report["members"])),
        (span(report["weekly_active_commenters"]), t.gettext("active commenters a week")),
        (span(report["weekly_visitors"]), t.gettext("visitors a week")),
        labelled("ideas_total", t.ngettext("idea", "ideas", report["ideas_total"])),
        labelled("projects", t.ngettext("project", "projects", report["projects"])),
        labelled("partners", t.ngettext("partner", "partners", report["partners"])),
        labelled("funded", t.ngettext("funded project", "funded projects", report["funded"])),
        labelled("gatherings", t.ngettext("gathering", "gatherings", report["gatherings"])),
        labelled(
            "attendees", t.ngettext("person at gatherings", "people at gatherings", report["attendees"])
        ),
        labelled("pairs_met", t.ngettext("pair met", "pairs met", report["pairs_met"])),
        labelled(
            "learnings_shared", t.ngettext("learning shared", "learnings shared", report["learnings_shared"])
        ),
        labelled("supports", t.ngettext("support given", "supports given", report["supports"])),
        labelled(
            "challenge_answers",
            t.ngettext("answer to challenges", "answers to challenges", report["challenge_answers"]),
        ),
    ]


def number_size(number: str) -> float:
    """A tile's number in the largest type that fits its width: a range such as "120–250" or a big
    count in thousands is set smaller than a short one."""
    return min(NUMBER_SIZE, NUMBER_ROOM / max(len(number), 1))


def label_lines(label: str) -> list[str]:
    """A tile's label in the lines its width holds: three at most, and never a word dropped silently."""
    return textwrap.wrap(label, LABEL_LINE, max_lines=LABEL_LINES, placeholder=" …")


def build_figure(report: dict[str, Any], t: Translator) -> Figure:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle

    figure = Figure(figsize=(WIDTH, HEIGHT), dpi=DPI, facecolor="white")
    FigureCanvasAgg(figure)

    def write(x: float, y: float, text: str, **style: Any) -> None:
        # parse_math=False: a `$` in a community's or an idea's name is a dollar, not TeX.
        figure.text(x, y, text, parse_math=False, color=style.pop("color", INK), **style)

    write(0.04, 0.9, report_title(t, report), fontsize=22, fontweight="bold", va="baseline")
    if report["since"] is not None:
        write(0.04, 0.84, report_period(t, report), fontsize=13, color=GREY, va="baseline")

    shown = tiles(report, t)
    rows = [shown[i : i + COLUMNS] for i in range(0, len(shown), COLUMNS)]
    width, height, gap = 0.92 / COLUMNS, 0.2, 0.03
    for row_number, row in enumerate(rows):
        top = 0.78 - row_number * (height + gap)
        for column, (number, label) in enumerate(row):
            left = 0.04 + column * width
            figure.add_artist(
                Rectangle(
                    (left + 0.005, top - height),
                    width - 0.01,
                    height,
                    transform=figure.transFigure,
                    fill=False,
                    edgecolor=RULE,
                    linewidth=1,
                )
            )
            centre = left + width / 2
            size = number_size(number)
            write(centre, top - 0.08, number, fontsize=size, fontweight="bold", ha="center", va="baseline")
            for line_number, line in enumerate(label_lines(label)):
                write(centre, top - 0.12 - 0.03 * line_number, line, fontsize=11, ha="center", va="baseline")

    y = 0.29
    for label, listed in report_names(t, report):
        lines = textwrap.wrap(f"{label}: {listed}", NAME_LINE, max_lines=NAME_LINES, placeholder=" …")
        for line in lines:
            write(0.04, y, line, fontsize=10.5, va="baseline")
            y -= 0.035
        y -= 0.01
    note = t.gettext("Weekly figures are the middle half of the weeks (25th–75th percentile).")
    write(0.04, 0.04, note, fontsize=9, color=GREY, va="baseline")
    return figure


def description(report: dict[str, Any], t: Translator) -> str:
    """Alt text: the card in one sentence, for screen readers."""
    figures = ", ".join(f"{number} {label}" for number, label in tiles(report, t))
    return f"{report_title(t, report)}, {report_period(t, report)}: {figures}."
