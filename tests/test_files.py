"""Publishing a staged build into OUT (core.files.publish), on hand-made folders."""
from __future__ import annotations

import os

from k2cramps.core.files import publish


def _tree(root, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)


def _read(root) -> dict[str, str]:
    return {str(f.relative_to(root)): f.read_text() for f in sorted(root.rglob("*"))
            if f.is_file()}


def test_publish_makes_out_a_copy_of_the_staged_folders(tmp_path):
    staged, out = tmp_path / "stage", tmp_path / "out"
    _tree(staged, {"results/a.csv": "new a", "results/same.csv": "same",
                   "results/sub/c.csv": "c", "figures/f.png": "f"})
    _tree(out, {"results/a.csv": "old a", "results/same.csv": "same",
                "results/gone.csv": "stale", "figures/.gitkeep": "",
                "report/index.html": "not published this time", "mine.txt": "user's"})
    os.utime(out / "results/same.csv", (0, 0))
    changed = publish(staged, out, ["results", "figures"])
    assert changed == ["results/a.csv", "results/sub/c.csv", "results/gone.csv",
                       "figures/f.png"]
    assert _read(out) == {"figures/.gitkeep": "", "figures/f.png": "f", "mine.txt": "user's",
                          "report/index.html": "not published this time",
                          "results/a.csv": "new a", "results/same.csv": "same",
                          "results/sub/c.csv": "c"}
    assert (out / "results/same.csv").stat().st_mtime == 0  # an unchanged file is not rewritten
    assert publish(staged, out, ["results", "figures"]) == []
    assert _read(staged)["results/a.csv"] == "new a"  # the staging root is kept


def test_publish_leaves_no_temporary_file(tmp_path):
    staged, out = tmp_path / "stage", tmp_path / "out"
    _tree(staged, {"results/a.csv": "a"})
    publish(staged, out, ["results"])
    assert sorted(p.name for p in (out / "results").iterdir()) == ["a.csv"]
