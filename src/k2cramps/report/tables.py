"""Every table of the report typeset by great_tables in one style.

Cells arrive as text already formatted by `numbers` (rounded once, JAMA style), so a table
never rounds again. great_tables escapes cell text, so markup in the data (a site name, an
adverse-event term, a reason) shows as text. Each table gets a fixed id: great_tables
otherwise draws a random one, and the same results must give the same bytes; the `tbl-`
prefix keeps it apart from the page's section ids.
"""
from __future__ import annotations

import pandas as pd
from great_tables import GT, loc, style
from markupsafe import Markup

FONT = ["system-ui", "-apple-system", "Segoe UI", "Helvetica Neue", "Arial", "sans-serif"]


def gt_table(df: pd.DataFrame, table_id: str, title: str | None = None,
             note: str | None = None, group: str | None = None, stub: str | None = None,
             numeric: list[str] | None = None, bold_rows: list[int] | None = None) -> Markup:
    """One typeset table: `group` names a column whose values become row-group headings,
    `stub` one whose values label the rows, `numeric` the columns aligned right."""
    gt = GT(df, id=f"tbl-{table_id}", groupname_col=group, rowname_col=stub)
    if title:
        gt = gt.tab_header(title=title)
    if note:
        gt = gt.tab_source_note(note)
    if numeric:  # numbers never break across lines; the text columns wrap instead
        gt = gt.cols_align("right", columns=numeric).tab_style(
            style.text(whitespace="nowrap"), loc.body(columns=numeric))
    if bold_rows:
        gt = gt.tab_style(style.text(weight="bold"), loc.body(rows=bold_rows))
    gt = gt.opt_table_font(font=FONT).tab_options(
        table_font_size="14px", heading_title_font_size="15px", heading_align="left",
        column_labels_font_weight="bold", row_group_font_weight="bold",
        data_row_padding="3px", source_notes_font_size="12px", table_margin_left="0",
        table_width="auto")
    return Markup(gt.as_raw_html())
