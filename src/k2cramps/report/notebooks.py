"""The executed notebooks (with their code) as offline HTML pages beside the report.

JupyterLab's HTML template loads require.js, MathJax and mermaid from a CDN; the project's
template (templates/offline_notebook) leaves them out, so each page opens with no network.
Each page is titled by its notebook's first heading."""
from __future__ import annotations

from pathlib import Path

from . import notebook_schema  # noqa: F401  (first: it must come before nbformat)
import nbformat
from nbconvert import HTMLExporter

from ..core.files import write_text

TEMPLATES = Path(__file__).parent / "templates"


def title(nb) -> str:
    """The first Markdown heading of the notebook, without its '#' marks."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("#"):
                    return line.lstrip("#").strip()
    return "Notebook"


def executed(folder: Path) -> list[Path]:
    return sorted(folder.glob("[0-9]*.ipynb"))


def titles(executed_dir: Path) -> list[tuple[str, str]]:
    """(stem, title) of every executed notebook: the report's links to their pages."""
    return [(nb_path.stem, title(nbformat.read(nb_path, as_version=4)))
            for nb_path in executed(executed_dir)]


def render_notebooks(executed_dir: Path, pages_dir: Path) -> None:
    """Write <pages_dir>/<stem>.html for every executed notebook in `executed_dir`, titled by
    `title` (the report links them by `titles`)."""
    exporter = HTMLExporter(template_name="offline_notebook", embed_images=True,
                            extra_template_basedirs=[str(TEMPLATES)])
    for nb_path in executed(executed_dir):
        nb = nbformat.read(nb_path, as_version=4)
        nb.metadata["title"] = title(nb)
        body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": nb_path.stem}})
        write_text(body, pages_dir / f"{nb_path.stem}.html")
