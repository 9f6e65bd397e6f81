"""The built report in a real browser (Playwright driving Debian's Chromium): every image
loads, every table-of-contents link lands on its section, nothing is fetched from the
network, the console stays clean; the same for every notebook page. A screenshot of the
first screen is saved with the test output (build/test-output/)."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT

CHROMIUM = Path("/usr/bin/chromium")  # Debian's; Playwright's own download is not used
SHOTS = ROOT / "build" / "test-output"


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium); "
                    ".ci/run does")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield b
        b.close()


class Visit:
    """A page opened with every request and console message recorded."""

    def __init__(self, browser, path: Path):
        self.page = browser.new_page(viewport={"width": 1280, "height": 1000})
        self.requests, self.errors = [], []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(path.as_uri(), wait_until="load")

    def network(self) -> list[str]:
        return [u for u in self.requests if not u.startswith(("file:", "data:"))]


def test_report_page_loads_every_image_and_link_offline(browser, shipped):
    report = shipped.params.out_dir / "report" / "index.html"
    v = Visit(browser, report)
    SHOTS.mkdir(parents=True, exist_ok=True)
    v.page.screenshot(path=str(SHOTS / "report-first-screen.png"))
    images = v.page.evaluate(
        "Array.from(document.images).map(i => [i.alt, i.complete ? i.naturalWidth : 0])")
    assert len(images) >= 7
    assert [alt for alt, width in images if width == 0] == []
    targets = v.page.evaluate("Array.from(document.querySelectorAll('nav a'))"
                              ".map(a => a.getAttribute('href'))")
    assert len(targets) >= 10
    for href in targets:
        v.page.click(f"nav a[href='{href}']")
        landed = v.page.evaluate(
            """h => { const e = document.getElementById(h.slice(1)); if (!e) return 'missing';
                      const top = e.getBoundingClientRect().top;
                      const atEnd = window.innerHeight + window.scrollY
                                    >= document.body.scrollHeight - 2;
                      return (Math.abs(top) < 2 || (atEnd && top > 0)) ? 'ok' : 'top=' + top; }""",
            href)
        assert landed == "ok", f"{href}: {landed}"
    assert v.network() == [] and v.errors == []
    v.page.close()


def test_notebook_pages_are_offline_and_titled(browser, shipped):
    pages = sorted((shipped.params.out_dir / "report" / "notebooks").glob("*.html"))
    assert [p.stem for p in pages] == ["01_clean", "02_baseline", "03_outcomes", "04_figures",
                                        "05_robustness"]
    figures_page = (pages[3]).read_text(encoding="utf-8")
    assert figures_page.count("data:image/png") >= 7  # the figures notebook shows them all
    for path in pages:
        v = Visit(browser, path)
        assert v.network() == [] and v.errors == [], path.name
        widths = v.page.evaluate("Array.from(document.images).map(i => i.naturalWidth)")
        assert 0 not in widths, path.name
        assert v.page.title() not in ("", "Notebook", path.stem), path.name
        v.page.close()
