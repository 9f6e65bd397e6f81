"""Write a simulated trial as a raw diary export in the contract's layout, with the raw-data
defects of `defects` injected. The list of injected defects is returned (and written next to
the simulator's tests), never into the export itself."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from ..core.files import write_text
from ..raw.contract import CONTRACT
from .defects import inject

FILES = {"screening": "screening", "randomization": "randomization", "nights": "diary_nights",
         "episodes": "cramp_episodes", "adverse_events": "adverse_events",
         "adherence": "adherence"}
def _text(df: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame(index=df.index)
    for col in df.columns:
        s = df[col]
        if col == "creatinine_mg_dl":
            out[col] = s.map(lambda v: "" if pd.isna(v) else f"{v:.2f}")
        elif col == "duration_min":
            out[col] = s.map(lambda v: "" if pd.isna(v) else f"{v:.1f}")
        elif col == "severity":
            out[col] = s.map(lambda v: "" if pd.isna(v) else str(int(v)))
        else:
            out[col] = s.map(lambda v: "" if v is None or (isinstance(v, float) and np.isnan(v))
                             else v.isoformat() if isinstance(v, date) else str(v))
    out["_defect"] = ""
    return out


def _order(df: pd.DataFrame) -> pd.DataFrame:
    keys = pd.DataFrame({"a": df["participant_id"].str.strip()})
    for col in ("night_date", "onset_date", "screening_date"):
        if col in df.columns:
            keys["b"] = df[col]
            break
    if "episode" in df.columns:
        keys["c"] = pd.to_numeric(df["episode"], errors="coerce").fillna(99)
    order = keys.sort_values(list(keys.columns), kind="stable").index
    return df.loc[order].reset_index(drop=True)


def write_raw(trial, out_dir: Path, rng) -> pd.DataFrame:
    """Write the six CSV files; return the injected defects (file, line, participant_id, rule)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    tables = inject(trial, {key: _text(getattr(trial, key)) for key in FILES}, rng)
    injected = []
    for key, contract_key in FILES.items():
        spec = CONTRACT[contract_key]
        df = _order(tables[key])
        text = df[list(spec.columns)].to_csv(index=False, lineterminator="\n")
        injected += [(spec.filename, i + 2, pid.strip(), rule) for i, (pid, rule)
                     in enumerate(zip(df["participant_id"], df["_defect"])) if rule]
        if contract_key == "adverse_events":  # R00: a record with a field missing
            first = df.iloc[0]
            text += f"{first['participant_id']},{first['onset_date']},{first['term']},0\n"
            injected.append((spec.filename, len(df) + 2, "", "R00"))
        write_text(text, out_dir / spec.filename)
    return pd.DataFrame(injected, columns=["file", "line", "participant_id", "rule"])
