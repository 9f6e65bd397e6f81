"""The published article: its figures with their printed precision, its citation and the
retraction-and-replacement notice, read from the project's own copy of the YAML.

The published analysis compares against these figures and the simulator calibrates to
them; nothing else in the package holds a published number.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

PUBLISHED_YAML = Path(__file__).resolve().parents[3] / "data" / "published" / "tan2024.yaml"


@lru_cache(maxsize=None)  # read once per process: the simulator asks for a dozen figures
def _document(path: Path = PUBLISHED_YAML) -> dict:
    return yaml.safe_load(Path(path).read_text(encoding="utf-8"))


def load_published(path: Path = PUBLISHED_YAML) -> dict[str, dict]:
    """Flatten the figures into {"section.name": {"value": ..., "decimals": ...}}, in the
    order of the file."""
    flat = {}
    for section, entries in _document(path).items():
        if not isinstance(entries, dict):
            continue
        for name, entry in entries.items():
            if isinstance(entry, dict) and "value" in entry:
                flat[f"{section}.{name}"] = entry
    return flat


def figure(name: str, path: Path = PUBLISHED_YAML):
    """The printed value of one figure, e.g. figure("flow.randomized_k2") -> 103."""
    return load_published(path)[name]["value"]


def article(path: Path = PUBLISHED_YAML) -> dict:
    """Citation and notice of the article (the `article` section)."""
    return _document(path)["article"]


def open_science(path: Path = PUBLISHED_YAML) -> dict:
    """CONSORT 2025 open-science items: registration, protocol, data and code availability."""
    return _document(path)["open_science"]
