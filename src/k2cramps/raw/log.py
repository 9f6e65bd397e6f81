"""The cleaning log: one line per raw row a rule touched, and the accounting that proves
nothing was lost (for every raw file, rows read = rows used + rows dropped)."""
from __future__ import annotations

import sys

import pandas as pd

from .contract import CONTRACT, LINE
from .rules import DROPS, RULES

LOG_COLUMNS = ["file", "line", "participant_id", "rule", "action", "original_value"]


class CleaningLog:
    """Collects log lines while the rules run; `frame()` orders them by rule, file, line."""

    def __init__(self):
        self.rows: list[tuple] = []

    def add(self, key: str, rows: pd.DataFrame, rule: str, original) -> None:
        action = RULES[rule][1]
        filename = CONTRACT[key].filename
        originals = original if isinstance(original, pd.Series) else pd.Series(original, index=rows.index)
        for (line, pid), value in zip(rows[[LINE, "participant_id"]].itertuples(index=False),
                                      originals.astype(str)):
            self.rows.append((filename, int(line), pid, rule, action, value))

    def add_malformed(self, key: str, line: int, text: str) -> None:
        """R00: a record that could not be split into the header's fields."""
        self.rows.append((CONTRACT[key].filename, line, "", "R00", RULES["R00"][1], text))

    def frame(self) -> pd.DataFrame:
        log = pd.DataFrame(self.rows, columns=LOG_COLUMNS)
        order = {r: i for i, r in enumerate(RULES)}
        log["_o"] = log["rule"].map(order)
        return log.sort_values(["_o", "file", "line"], kind="stable").drop(columns="_o") \
            .reset_index(drop=True)


def accounting(raw, kept, log: pd.DataFrame) -> pd.DataFrame:
    """Per raw file: rows read, used, dropped, and its SHA-256; stops if any row is lost."""
    rows = []
    for key, table in raw.items():
        filename = CONTRACT[key].filename
        read = len(table.rows) + len(table.malformed)
        dropped = log[(log["file"] == filename) & log["rule"].isin(DROPS)]["line"].nunique()
        used = len(kept[key])
        if read != used + dropped:
            raise AssertionError(f"{filename}: {read} rows read but {used} used + {dropped} dropped")
        rows.append({"file": filename, "rows_read": read, "rows_used": used,
                     "rows_dropped": dropped, "sha256": table.sha256})
    return pd.DataFrame(rows)


def log_summary(log: pd.DataFrame) -> pd.DataFrame:
    """Log lines per rule and file, with what the rule does."""
    counts = log.groupby(["rule", "file"], sort=False).size().rename("rows").reset_index()
    counts["when"] = counts["rule"].map(lambda r: RULES[r][0])
    counts["action"] = counts["rule"].map(lambda r: RULES[r][1])
    return counts


def print_log(log: pd.DataFrame, stream=sys.stdout) -> None:
    for row in log.itertuples(index=False):
        print(f"{row.file}:{row.line} {row.rule} {row.participant_id}: {row.action} "
              f"[{row.original_value}]", file=stream)
