"""The shipped Word memos as a reader meets them: rendered to PDF by LibreOffice, no page
but the last is mostly empty, and KIK-I's memo is at most 4 pages (issue 25).

How full a page is: `tests/page_fill.py` (how far down its text area the content reaches,
measured on the rendered pixels). Needs LibreOffice Writer (`soffice`) and poppler-utils
(`pdftoppm`); skipped, with the reason, where they are not installed.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT, kikcalc
from tests.page_fill import page_fills

LEAST_FILL = 0.40  # of a page's text area, on every page but the last
MOST_PAGES = {"kik1": 4}
MEMOS = {
    "kik1": [ROOT / "strategies" / "kik1.yaml"],
    "kik2": [ROOT / "strategies" / "kik2.yaml"],
    "kijos": [ROOT / "strategies" / "kijos.yaml"],
    "portfolio": [*sorted((ROOT / "tests" / "data" / "portfolio").glob("*.yaml")),
                  "--combine"],
}


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each memo written as `kikcalc report ... -f docx` and converted to PDF in one run
    of LibreOffice, with a profile of its own so that parallel runs do not clash."""
    missing = [tool for tool in ("soffice", "pdftoppm") if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"{' and '.join(missing)} not installed (apt-get install -y "
                    "libreoffice-writer-nogui poppler-utils)")
    folder = tmp_path_factory.mktemp("memo-pages")
    documents = []
    for name, args in MEMOS.items():
        target = folder / f"{name}.docx"
        run = kikcalc("report", *args, "-f", "docx", "-o", target)
        assert run.exit_code == 0, run.stderr
        documents.append(target)
    profile = (folder / "profile").as_uri()
    try:
        subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless",
                        "--convert-to", "pdf", "--outdir", str(folder), *map(str, documents)],
                       check=True, capture_output=True, timeout=300)
    except subprocess.TimeoutExpired:
        pytest.fail("LibreOffice took more than 5 minutes to convert four memos")
    found = {name: folder / f"{name}.pdf" for name in MEMOS}
    if not any(pdf.exists() for pdf in found.values()):
        pytest.skip("soffice could not open a Word file here (is libreoffice-writer "
                    "installed, not only libreoffice-calc?)")
    return found


@pytest.mark.parametrize("name", MEMOS)
def test_no_page_but_the_last_is_mostly_empty(pdfs: dict[str, Path], name: str) -> None:
    assert pdfs[name].exists(), f"LibreOffice wrote no PDF of {name}.docx"
    fills = page_fills(pdfs[name])
    shown = ", ".join(f"page {n}: {f:.0%}" for n, f in enumerate(fills, start=1))
    assert fills, f"{name}: no pages"
    assert all(f >= LEAST_FILL for f in fills[:-1]), f"{name}: {shown}"
    assert len(fills) <= MOST_PAGES.get(name, len(fills)), f"{name}: {shown}"


def test_the_measure_sees_an_empty_page(tmp_path: Path) -> None:
    """The measure itself: a page with one line on it is nearly empty, a page of text to
    its bottom margin nearly full."""
    docx = pytest.importorskip("docx")
    if shutil.which("soffice") is None or shutil.which("pdftoppm") is None:
        pytest.skip("soffice or pdftoppm not installed")
    from docx.shared import Cm

    document = docx.Document()
    for section in document.sections:
        section.top_margin = section.bottom_margin = Cm(2)
    document.add_paragraph("En linje.")
    document.add_page_break()
    for n in range(80):
        document.add_paragraph(f"Linje {n}.")
    document.save(str(tmp_path / "pages.docx"))
    subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
                    "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
                    str(tmp_path / "pages.docx")], check=True, capture_output=True, timeout=300)
    if not (tmp_path / "pages.pdf").exists():
        pytest.skip("soffice could not open a Word file here (libreoffice-writer missing?)")
    fills = page_fills(tmp_path / "pages.pdf")
    assert len(fills) >= 3 and fills[0] < 0.1 and fills[1] > 0.9, fills
