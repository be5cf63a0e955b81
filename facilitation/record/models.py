"""The record's pure models: what a kind returns for the files to format. No Flask, no database.

A kind builds these from its tally (facilitation/kinds/<name>.py: ``summary_table``,
``display_table``, ``chart``); the XLSX/CSV writer, the SVG and the PDF draw them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Excel number formats of a Table's columns
INTEGER, ONE_DECIMAL, TWO_DECIMALS = "0", "0.0", "0.00"


@dataclass
class Table:
    """A summary table: translated headers, rows of plain values (str, int, float or None) and
    an Excel number format per column (None for text)."""

    headers: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    formats: list[str | None] = field(default_factory=list)


@dataclass
class DisplayTable:
    """The figures under a chart, formatted for reading: every cell a text."""

    headers: list[str]
    rows: list[list[str]] = field(default_factory=list)
    numeric: list[bool] = field(default_factory=list)  # right-aligned columns
    note: str = ""  # a line under the table that explains it


@dataclass
class Bar:
    """One bar of a bar chart."""

    label: str
    fraction: float  # 0 … 1 of the track
    value: str  # the number written on the bar
    detail: str = ""  # a line under the bar
    divided: bool = False


@dataclass
class BarChart:
    """Bars in the order they are drawn, with the words under the ends of the track."""

    bars: list[Bar]
    low_label: str = ""  # under the left end of the track (rating: "1 = ikke vigtigt")
    high_label: str = ""
    description: str = ""


@dataclass
class MapPoint:
    """One theme on the strategy map: its mean position and spread (0 … 100 on each axis)."""

    number: int
    label: str
    x: float  # mean position, 0 … 100
    y: float
    sd_x: float
    sd_y: float
    n: int
    divided: bool


@dataclass
class StrategyMap:
    """The strategy map: the placed themes and the names of the axes."""

    points: list[MapPoint]
    x_axis: str  # "lav ← Værdi for borgerne → høj"
    y_axis: str
    description: str = ""
