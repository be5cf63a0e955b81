"""Text measuring, wrapping and the placement of labels on the strategy map, shared by the SVG
(which estimates text widths) and the PDF (which measures with its font). Pure."""

from __future__ import annotations

from typing import Callable


_NARROW = set("iljtfrI.,:;'!|()[]’ ")
_WIDE = set("mwMWÆæ@%")


def estimate_width(text: str, size: float, bold: bool = False) -> float:
    """Roughly how wide `text` is in a sans-serif font of `size` (generous, so text fits)."""
    width = 0.0
    for char in text:
        if char in _NARROW:
            width += 0.3
        elif char in _WIDE:
            width += 0.86
        elif char.isupper() or char.isdigit():
            width += 0.66
        else:
            width += 0.57
    return width * size * (1.1 if bold else 1.0)


def truncate(text: str, max_width: float, width: Callable[[str], float]) -> str:
    """`text`, cut with an ellipsis so that it fits `max_width`."""
    if width(text) <= max_width:
        return text
    while text and width(text + "…") > max_width:
        text = text[:-1]
    return text.rstrip() + "…"


def wrap(text: str, max_width: float, width: Callable[[str], float], max_lines: int = 2) -> list[str]:
    """`text` in lines that fit `max_width`, at most `max_lines` (the last cut with "…")."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if width(candidate) <= max_width or not current:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = truncate(lines[-1] + " …", max_width, width)
    return [line if width(line) <= max_width else truncate(line, max_width, width) for line in lines] or [""]



# --- label placement on the map, shared by the SVG and the PDF ----------------------------------------


def place_labels(
    centres: list[tuple[float, float]],
    sizes: list[tuple[float, float]],
    radius: float,
    bounds: tuple[float, float, float, float],
    gap: float,
) -> list[tuple[float, float, float, float, str] | None]:
    """Boxes (x, y, w, h, anchor; y grows downwards) for the labels of markers at `centres`,
    trying the right, left, above and below of each marker and the four diagonals, so that no
    label covers another label or a marker and all stay inside `bounds` (x0, y0, x1, y1). None
    where no place is free: the marker's number still points to the legend. `anchor` ("start",
    "end" or "middle") is the side of the box away from the marker, so that a text that comes
    out wider than measured grows away from its marker."""
    x0, y0, x1, y1 = bounds
    markers = [(cx - radius, cy - radius, 2 * radius, 2 * radius) for cx, cy in centres]
    placed: list[tuple] = []

    def overlaps(a, b) -> bool:
        return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]

    result: list[tuple[float, float, float, float, str] | None] = []
    for index, ((cx, cy), (w, h)) in enumerate(zip(centres, sizes)):
        r = radius + gap
        candidates = [
            (cx + r, cy - h / 2, "start"),  # right
            (cx - r - w, cy - h / 2, "end"),  # left
            (cx - w / 2, cy - r - h, "middle"),  # above
            (cx - w / 2, cy + r, "middle"),  # below
            (cx + r * 0.7, cy - r * 0.7 - h, "start"),  # above right
            (cx + r * 0.7, cy + r * 0.7, "start"),  # below right
            (cx - r * 0.7 - w, cy - r * 0.7 - h, "end"),  # above left
            (cx - r * 0.7 - w, cy + r * 0.7, "end"),  # below left
        ]
        chosen = None
        for x, y, anchor in candidates:
            box = (x, y, w, h, anchor)
            if x < x0 or y < y0 or x + w > x1 or y + h > y1:
                continue
            if any(overlaps(box, other) for other in placed):
                continue
            if any(overlaps(box, marker) for i, marker in enumerate(markers) if i != index):
                continue
            chosen = box
            break
        if chosen is not None:
            placed.append(chosen)
        result.append(chosen)
    return result



MAP_LABEL_SHARE = 0.4  # a theme's label on the map is at most this share of the plot wide, per line


def map_label_lines(label: str, max_width: float, width: Callable[[str], float]) -> list[str]:
    """A theme's label on the map: one line, or two when it is long (the second cut with "…")."""
    return wrap(label, max_width, width, max_lines=2)
