"""The executed notebooks (with their code) as HTML pages beside the report."""
from __future__ import annotations

from pathlib import Path

import nbformat
from nbconvert import HTMLExporter

from ..core.files import write_text


def render_notebooks(out: Path) -> None:
    exporter = HTMLExporter(embed_images=True)
    for nb_path in sorted((out / "build" / "notebooks").glob("[0-9]*.ipynb")):
        body, _ = exporter.from_notebook_node(nbformat.read(nb_path, as_version=4))
        target = out / "report" / "notebooks" / f"{nb_path.stem}.html"
        write_text(body, target)
