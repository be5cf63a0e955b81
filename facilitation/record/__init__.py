"""The workshop's record: what stays of a workshop once the room has gone home.

Flask-free. The modules, along their jobs:

- ``models``: the pure dataclasses every kind returns and every file formats: the summary
  ``Table`` (raw values for XLSX/CSV), the ``DisplayTable`` (formatted figures), the chart
  models ``BarChart``/``Bar`` and ``StrategyMap``/``MapPoint``.
- ``numbers``: numbers for people in the workshop's language ("4,6" in Danish).
- ``words``: the record's own texts (``N_`` message ids) and the ``translate`` convention.
- ``facts``: what the record reads from the database: participants and their anonymous
  numbers, segment answers, dates, responses, the moderation log, resets.
- ``spreadsheet``: the XLSX workbook and the CSV of one activity.
- ``layout``: text measuring, wrapping and the label placement on the map (SVG and PDF).
- ``svg``: the charts as inline SVG for the printable page.
- ``report``: the report's content, computed once (``report_context``).
- ``splits``: the segment splits of the report.
- ``landscape``: the landscape of the themes in the report, the PDF and the workbook (from
  landscape_view, the landscape page's own data).
- ``pdf`` and ``pdf_tables``: the report as a PDF (fpdf2).

What an activity's results *mean* (its tables, notes, chart, answers in words, split cells)
comes from its kind module (facilitation/kinds/, see docs/architecture.md); the record only
formats what the kind returns. This package's ``__init__`` imports nothing, so that the pure
kinds can import ``models`` and ``numbers`` without pulling in the database.
"""
