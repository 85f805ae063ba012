"""The radar chart of the PDF summary: the median experience level per practice, drawn with
reportlab.graphics shapes.

- One spoke per practice, clockwise from the top, numbered as in the key beside the chart; the
  numbers sit outside the outer ring, where no other label goes.
- Rings at levels 1 to 4, each labelled with its level name, between the first two spokes,
  inside the outer ring.
- A practice with no level (no answers, or only "don't know") is a gap: no point, and no edge
  or shading to or from it, rather than a point at the centre that would read as level 0.
"""

from __future__ import annotations

from collections.abc import Sequence
from math import cos, pi, sin

from reportlab.graphics.shapes import Circle, Drawing, Line, Polygon, String
from reportlab.lib import colors
from reportlab.lib.units import cm
from reportlab.pdfbase.pdfmetrics import stringWidth

from exports.pdf_fonts import FONT, FONT_BOLD

RULE = colors.HexColor("#B0B0B0")
TEXT = colors.HexColor("#333333")
MUTED = colors.HexColor("#595959")
LINE = colors.HexColor("#26374A")
FILL = colors.Color(0.31, 0.58, 0.80, alpha=0.35)
SIZE = 7.5 * cm
MARGIN = 22  # between the outer ring and the edge of the drawing: room for the spoke numbers
NUMBER_SIZE = 10
RING_LABEL_SIZE = 6.5


def radar(medians: Sequence[float | None], levels: Sequence[str]) -> Drawing:
    """The chart for `medians` (one per practice, None for no level) on the scale 1 to
    len(levels), with the rings labelled `levels`."""
    drawing = Drawing(SIZE, SIZE, initialFontName=FONT)  # not the Helvetica default
    cx = cy = SIZE / 2
    radius = SIZE / 2 - MARGIN
    count = len(medians)
    top = len(levels)
    angles = [pi / 2 - 2 * pi * i / count for i in range(count)]
    unit = [(cos(a), sin(a)) for a in angles]

    def at(r: float, i: int) -> tuple[float, float]:
        return cx + unit[i][0] * r, cy + unit[i][1] * r

    for level in range(1, top + 1):
        r = radius * level / top
        points = [coordinate for i in range(count) for coordinate in at(r, i)]
        drawing.add(Polygon(points, strokeColor=RULE, strokeWidth=0.5, fillColor=None))
    for i in range(count):
        drawing.add(Line(cx, cy, *at(radius, i), strokeColor=RULE, strokeWidth=0.5))

    points = [at(radius * m / top, i) if m is not None else None for i, m in enumerate(medians)]
    for i, point in enumerate(points):
        following = points[(i + 1) % count]
        if point is None or following is None or count < 2:
            continue
        drawing.add(Polygon([cx, cy, *point, *following], fillColor=FILL, strokeColor=None))
        drawing.add(Line(*point, *following, strokeColor=LINE, strokeWidth=1.5))
    for point in points:
        if point is not None:
            drawing.add(Circle(*point, 2.2, fillColor=LINE, strokeColor=None))

    # Ring names along the bisector of the first two spokes, just inside each ring.
    middle = pi / 2 - pi / count
    for level, name in enumerate(levels, start=1):
        r = radius * level / top - 2
        x, y = cx + cos(middle) * r, cy + sin(middle) * r
        label = String(x + 2, y - RING_LABEL_SIZE, name, fontName=FONT, fontSize=RING_LABEL_SIZE)
        label.fillColor = MUTED
        drawing.add(label)

    # Spoke numbers outside the outer ring, anchored away from the centre.
    for i, (ux, uy) in enumerate(unit):
        label = str(i + 1)
        width = stringWidth(label, FONT_BOLD, NUMBER_SIZE)
        x, y = at(radius + 6, i)
        x += 0 if ux > 0.1 else -width if ux < -0.1 else -width / 2
        y += 0 if uy > 0.1 else -0.7 * NUMBER_SIZE if uy < -0.1 else -0.35 * NUMBER_SIZE
        drawing.add(String(x, y, label, fontName=FONT_BOLD, fontSize=NUMBER_SIZE, fillColor=TEXT))
    return drawing
