"""Imported before nbformat wherever notebooks are read or written (the report's notebook
pages, the stage runner `tools/run_notebook.py`).

jsonschema, under nbformat's validation, checks "iri" strings with rfc3987_syntax whenever it
is installed (JupyterLab's jupyter-events needs it), and compiling that grammar costs 0.8 s
per process. No field of the notebook format has that format, so the module is declared
absent, for this process only.
"""
import sys

sys.modules.setdefault("rfc3987_syntax", None)
