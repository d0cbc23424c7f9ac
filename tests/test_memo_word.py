"""The memo as a committee secretary files it: the Word file's XML (A4, Danish, repeated
header rows, captions, page numbers, a municipality's template), names instead of keys in
every human format, and CSV in the reader's Excel dialect."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest

from tests.conftest import EXAMPLES, ROOT, STRATEGIES, kikcalc

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SHIPPED = list(STRATEGIES + EXAMPLES)
# keys of the shipped files that are not words a reader writes
RAW_KEYS = re.compile(r"\b(kontant_uddannelseshjaelp|kontanthjaelp|uddannelseshjaelp|"
                      r"selvforsorgelse|maalgruppeskift|anden_ydelse|anden_forsorgelse|"
                      r"foertidspension|ressourceforloeb(sydelse)?|udlaendinge_[a-z_]+|"
                      r"a_dagpenge|ingen_udgift|stadig_aktivitetsparat|[a-z]+_[a-z_]+)\b")


def _report(path: Path, fmt: str, tmp_path: Path, *extra: str) -> bytes:
    target = tmp_path / f"memo.{fmt}"
    run = kikcalc("report", path.relative_to(ROOT), "-f", fmt, "-o", target, *extra)
    assert run.exit_code == 0, run.stderr
    return target.read_bytes()


def _part(data: bytes, name: str) -> ElementTree.Element:
    return ElementTree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read(name))


def _words(data: bytes) -> str:
    """Every piece of text in an Office file's XML parts, as a reader could meet it."""
    book = zipfile.ZipFile(io.BytesIO(data))
    texts = []
    for name in book.namelist():
        if name.endswith(".xml") and not name.startswith(("docProps/", "customXml/")):
            root = ElementTree.fromstring(book.read(name))
            texts += [t.text or "" for t in root.iter() if t.tag.endswith("}t")]
            texts += [a for a in (root.get("name"),) if a]
            texts += [s.get("name") or "" for s in root.iter() if s.tag.endswith("}sheet")]
    return "\n".join(texts)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_word_is_a4_danish_with_repeated_headers(path: Path, tmp_path: Path) -> None:
    data = _report(path, "docx", tmp_path)
    body = _part(data, "word/document.xml")
    sizes = [(s.get(f"{W}w"), s.get(f"{W}h")) for s in body.iter(f"{W}pgSz")]
    assert sizes and all(sorted(map(int, s)) == [11906, 16838] for s in sizes)  # type: ignore[arg-type]
    styles = _part(data, "word/styles.xml")
    languages = {e.get(f"{W}val") for e in styles.iter(f"{W}lang")}
    assert languages == {"da-DK"}
    tables = list(body.iter(f"{W}tbl"))
    assert tables
    for table in tables:
        first = table.find(f"{W}tr")
        assert first is not None and first.find(f"{W}trPr/{W}tblHeader") is not None
        assert all(r.find(f"{W}trPr/{W}cantSplit") is not None for r in table.iter(f"{W}tr"))
    captions = [p for p in body.iter(f"{W}p") if any(
        (s.get(f"{W}val") or "") == "Caption" for s in p.iter(f"{W}pStyle"))]
    assert len(captions) >= len(tables)
    assert "Tabel 1: Nøgletal" in ["".join(t.text or "" for t in p.iter(f"{W}t"))
                                   for p in captions]
    footer = zipfile.ZipFile(io.BytesIO(data)).read("word/footer1.xml").decode()
    assert " PAGE " in footer and " NUMPAGES " in footer


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_word_numbers_right_aligned_and_no_word_wider_than_its_column(path: Path,
                                                                        tmp_path: Path) -> None:
    """Each cell's longest word, measured in bold at its own size (8 pt at least), fits its
    column (or the columns it spans) inside the table's cell margins."""
    from kikcalc.present.render.word_fit import MARGIN_TWIPS, text_cm

    body = _part(_report(path, "docx", tmp_path), "word/document.xml")
    for table in body.iter(f"{W}tbl"):
        widths = [int(c.get(f"{W}w") or 0) / 567 for c in table.iter(f"{W}gridCol")]
        margins = table.findall(f"{W}tblPr/{W}tblCellMar/*")
        inner = sum(int(m.get(f"{W}w") or 0) for m in margins) / 567 if margins \
            else 2 * MARGIN_TWIPS[False] / 567
        for row in table.iter(f"{W}tr"):
            column = 0
            for cell in row.iter(f"{W}tc"):
                span = cell.find(f"{W}tcPr/{W}gridSpan")
                count = int(span.get(f"{W}val") or 1) if span is not None else 1
                width = sum(widths[column:column + count])
                column += count
                text = "".join(t.text or "" for t in cell.iter(f"{W}t"))
                size = cell.find(f".//{W}sz")
                points = int(size.get(f"{W}val") or 17) / 2 if size is not None else 8.5
                assert points >= 8, (text, points)
                longest = max((text_cm(w, points) for w in text.split(" ")), default=0)
                assert longest + inner <= width + 0.01, (text, width)
            assert column == len(widths)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "csv", "docx", "xlsx"])
def test_no_raw_key_in_any_human_format(path: Path, fmt: str, tmp_path: Path) -> None:
    data = _report(path, fmt, tmp_path, "--no-chart")
    text = _words(data) if fmt in ("docx", "xlsx") else data.decode("utf-8-sig")
    if fmt == "html":
        text = re.sub(r"<[^>]+>", " ", text)
    found = {m.group(0) for m in RAW_KEYS.finditer(text)}
    assert not found, found


def test_budget_table_labels_and_only_used_benefits(tmp_path: Path) -> None:
    text = _report(ROOT / "strategies" / "kik1.yaml", "text", tmp_path, "--no-chart").decode()
    costs = text[text.index("Forudsætninger: nettoudgift"):text.index("Kilder")]
    assert "Kontant- og uddannelseshjælp" in costs and "Fleksjob" in costs
    assert "Sygedagpenge" not in costs and "Ledighedsydelse" not in costs


def test_json_keeps_the_keys(tmp_path: Path) -> None:
    text = _report(ROOT / "strategies" / "kik1.yaml", "json", tmp_path).decode()
    assert "kontant_uddannelseshjaelp" in text or "selvforsorgelse" in text or \
        '"name": "KIK-I Aabenraa"' in text


def test_part_year_named_as_part_year(tmp_path: Path) -> None:
    text = _report(ROOT / "strategies" / "kik1.yaml", "text", tmp_path, "--no-chart").decode()
    assert "Akkumuleret nettoeffekt pr. 30.06.2018 (faktisk)" in text
    assert "ultimo 2018 (faktisk)" not in text


@pytest.mark.parametrize(("lang", "start", "separator"), [("da", "\ufeff", ";"), ("en", "", ",")])
@pytest.mark.parametrize("command", ["net", "payback", "variance", "report"])
def test_csv_follows_the_language(command: str, lang: str, start: str, separator: str,
                                  tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    run = kikcalc(command, "strategies/kik1.yaml", "-f", "csv", "--lang", lang, "-o", target)
    assert run.exit_code == 0, run.stderr
    text = target.read_bytes().decode("utf-8")
    assert text.startswith("\ufeff") == bool(start)
    rows = [r for r in text.lstrip("\ufeff").splitlines() if any(ch.isdigit() for ch in r)]
    assert any(separator in r for r in rows)
    if lang == "da":
        assert re.search(r";-?\d+,\d", text) and not re.search(r"\d\.\d;", text)
    else:
        assert re.search(r",-?\d+\.\d", text)


def test_template_gives_its_header_footer_and_heading_styles(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    from docx.shared import RGBColor

    template = docx.Document()
    section = template.sections[0]
    section.header.paragraphs[0].text = "Tønder Kommune · Arbejdsmarkedsudvalget"
    section.footer.paragraphs[0].text = "Sagsnr. 24/1234"
    template.styles["Heading 1"].font.color.rgb = RGBColor(0x12, 0x34, 0x56)
    template.styles["Heading 1"].font.name = "Georgia"
    template.add_paragraph("Skabelonens brødtekst, som ikke skal med")
    path = tmp_path / "kommune.docx"
    template.save(str(path))
    data = _report(ROOT / "strategies" / "kik1.yaml", "docx", tmp_path, "--template", str(path))
    book = zipfile.ZipFile(io.BytesIO(data))
    headers = "".join(book.read(n).decode() for n in book.namelist() if "header" in n)
    footers = "".join(book.read(n).decode() for n in book.namelist() if "footer" in n)
    assert "Tønder Kommune" in headers and "Sagsnr. 24/1234" in footers
    styles = book.read("word/styles.xml").decode()
    assert "123456" in styles and "Georgia" in styles
    body = book.read("word/document.xml").decode()
    assert "brødtekst" not in body and 'w:val="Heading1"' in body


def test_template_only_for_word(tmp_path: Path) -> None:
    run = kikcalc("report", "strategies/kik1.yaml", "-f", "html", "--template",
                  "strategies/kik1.yaml")
    assert run.exit_code == 2 and "--template" in run.stderr
