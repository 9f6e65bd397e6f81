"""Tiny raw exports for rule tests, and the shipped export run through the pipeline once."""
from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest

from k2cramps.cleaning import clean
from k2cramps.contract import CONTRACT, read_all
from k2cramps.derive import derive_all

ROOT = Path(__file__).resolve().parents[1]
R = date(2023, 1, 15)


def tiny_tables() -> dict[str, list[dict]]:
    """Two randomized participants (A: vitamin K2, B: placebo) and one excluded (C)."""
    scr = [dict(participant_id=p, site="CD", screening_date=str(R - timedelta(days=14)), age=70,
                sex="F", hypertension=1, diabetes=0, creatinine_mg_dl="0.9", excluded_reason=x)
           for p, x in (("A", ""), ("B", ""), ("C", "declined to participate"))]
    rand = [dict(participant_id=p, arm=a, randomization_date=str(R), discontinued_date="",
                 discontinuation_reason="") for p, a in (("A", "vitamin_k2"), ("B", "placebo"))]
    nights, episodes = [], []
    for pid in ("A", "B"):
        for t in range(-14, 56):
            night = str(R + timedelta(days=t))
            cramps = 1 if t % 3 == 0 else 0
            nights.append(dict(participant_id=pid, night_date=night, cramps=cramps))
            if cramps:
                episodes.append(dict(participant_id=pid, night_date=night, episode=1,
                                     duration_min=1.5, severity=4))
    ae = [dict(participant_id="B", onset_date=str(R + timedelta(days=5)), term="headache",
               serious=0, related=0)]
    adh = [dict(participant_id=p, capsules_dispensed=60, capsules_returned=6) for p in ("A", "B")]
    return {"screening": scr, "randomization": rand, "diary_nights": nights,
            "cramp_episodes": episodes, "adverse_events": ae, "adherence": adh}


def write_tables(folder: Path, tables: dict[str, list[dict]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for key, rows in tables.items():
        df = pd.DataFrame(rows, columns=CONTRACT[key].columns)
        df.to_csv(folder / CONTRACT[key].filename, index=False, lineterminator="\n")
    return folder


@pytest.fixture
def tiny(tmp_path):
    return tiny_tables()


@pytest.fixture
def run_tiny(tmp_path):
    def run(tables):
        return clean(read_all(write_tables(tmp_path / "raw", tables)))
    return run


@pytest.fixture(scope="session")
def shipped():
    """The committed synthetic export, cleaned and derived by the pipeline's own code."""
    cleaned = clean(read_all(ROOT / "data" / "raw"))
    return cleaned, derive_all(cleaned.tables)
