"""A Word template from anyone: `kikcalc report -f docx --template T` takes a plain Word
document, or refuses it as a usage error (one line, exit 2, no memo written). What the
template points to outside itself (an attached template, a linked picture or hyperlink)
never reaches the memo, which a committee opens in Word."""

from __future__ import annotations

import contextlib
import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import ROOT, kikcalc

pytest.importorskip("docx")

SHIPPED = ROOT / "kikcalc" / "present" / "templates" / "kommune.docx"
MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
MACRO = "application/vnd.ms-word.document.macroEnabled.main+xml"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
EVIL = "http://evil.example"


def _rewrite(change: Callable[[dict[str, bytes]], None], data: bytes | None = None) -> bytes:
    """The shipped template with its parts changed by `change` (name -> bytes)."""
    book = zipfile.ZipFile(io.BytesIO(data or SHIPPED.read_bytes()))
    parts = {name: book.read(name) for name in book.namelist()}
    change(parts)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, content in parts.items():
            target.writestr(name, content)
    return out.getvalue()


def _edit(parts: dict[str, bytes], name: str, old: str, new: str) -> None:
    text = parts[name].decode()
    assert old in text, (name, old)
    parts[name] = text.replace(old, new, 1).encode()


def _macro(parts: dict[str, bytes]) -> None:
    _edit(parts, "[Content_Types].xml", MAIN, MACRO)
    _edit(parts, "[Content_Types].xml", "<Default Extension=\"jpeg\"",
          '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
          '<Default Extension="jpeg"')
    _edit(parts, "word/_rels/document.xml.rels", "</Relationships>",
          '<Relationship Id="rId99" Type="http://schemas.microsoft.com/office/2006/'
          'relationships/vbaProject" Target="vbaProject.bin"/></Relationships>')
    parts["word/vbaProject.bin"] = b"\xd0\xcf\x11\xe0 Sub AutoOpen()"


def _hidden_macro(parts: dict[str, bytes]) -> None:
    """A macro project in a package that says it is a plain document."""
    parts["word/vbaProject.bin"] = b"\xd0\xcf\x11\xe0 Sub AutoOpen()"


def _corrupt_entry(parts: dict[str, bytes]) -> None:
    parts["word/document.xml"] = parts["word/document.xml"][:40]  # cut inside the XML


def _corrupt_crc(data: bytes) -> bytes:
    """The stored bytes of word/styles.xml damaged; the zip's directory intact."""
    book = zipfile.ZipFile(io.BytesIO(data))
    info = book.getinfo("word/styles.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra) + 20
    return data[:start] + bytes(b ^ 0xFF for b in data[start:start + 40]) + data[start + 40:]


def _doctype(parts: dict[str, bytes]) -> None:
    _edit(parts, "word/settings.xml", "?>\n<w:settings",
          '?>\n<!DOCTYPE w:settings [<!ENTITY a "aaaaaaaaaa">]>\n<w:settings')


def _dotx(parts: dict[str, bytes]) -> None:
    _edit(parts, "[Content_Types].xml", MAIN, MAIN.replace(".document.", ".template."))


REFUSED: dict[str, tuple[Callable[[], bytes], str, str]] = {
    "a macro-enabled document (.docm)": (lambda: _rewrite(_macro), "T.docm", "macro"),
    "a .docx with a macro project inside": (lambda: _rewrite(_hidden_macro), "T.docx", "macro"),
    "a truncated zip": (lambda: SHIPPED.read_bytes()[:4000], "T.docx", "zip"),
    "a zip with a damaged part": (lambda: _corrupt_crc(SHIPPED.read_bytes()), "T.docx", "zip"),
    "a document part that is not XML": (lambda: _rewrite(_corrupt_entry), "T.docx",
                                        "word/document.xml"),
    "no document part": (lambda: _rewrite(lambda p: p.pop("word/document.xml")), "T.docx",
                         "no document part"),
    "no package relationships (_rels/.rels)": (
        lambda: _rewrite(lambda p: p.pop("_rels/.rels")), "T.docx", "_rels/.rels"),
    "no content types": (lambda: _rewrite(lambda p: p.pop("[Content_Types].xml")), "T.docx",
                         "[Content_Types].xml"),
    "a Word template (.dotx)": (lambda: _rewrite(_dotx), "T.dotx", ".dotx"),
    "entities declared in a part": (lambda: _rewrite(_doctype), "T.docx", "DOCTYPE"),
    "not a zip at all": (lambda: b"kikcalc: 1\nname: x\n", "T.docx", "zip"),
}


@pytest.mark.parametrize("case", REFUSED)
def test_a_template_that_is_not_a_plain_word_document_is_a_usage_error(
        case: str, tmp_path: Path) -> None:
    make, name, words = REFUSED[case]
    template = tmp_path / name
    template.write_bytes(make())
    out = tmp_path / "memo.docx"
    run = kikcalc("report", "strategies/kik1.yaml", "-f", "docx", "--template", template,
                  "-o", out)
    assert run.exit_code == 2, run.stderr
    lines = run.stderr.splitlines()
    assert len(lines) == 1, run.stderr
    assert lines[0].startswith(f"kikcalc: --template {template}: "), lines[0]
    assert words in lines[0]
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr
    assert not out.exists()


def test_the_damaged_cases_fail_in_python_docx_itself() -> None:
    """The cases above are real: python-docx raises on each of them (so the check is not
    refusing files that would have worked), except the hidden macro project and the
    DOCTYPE, which it would take into the memo."""
    import docx

    for case, (make, _, _) in REFUSED.items():
        if case in ("a .docx with a macro project inside", "entities declared in a part"):
            continue
        with pytest.raises(Exception):  # noqa: B017, PT011 - whatever the library raises
            docx.Document(io.BytesIO(make()))


def _outward(parts: dict[str, bytes]) -> None:
    """An attached template, a hyperlink in the header and a linked picture in the
    document's relationships, all pointing outside the file."""
    _edit(parts, "word/settings.xml", "<w:zoom ",
          '<w:attachedTemplate r:id="rId77"/><w:linkStyles/><w:zoom ')
    parts["word/_rels/settings.xml.rels"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns='
        '"http://schemas.openxmlformats.org/package/2006/relationships"><Relationship '
        f'Id="rId77" Type="{REL}/attachedTemplate" Target="{EVIL}/t.dotm" '
        'TargetMode="External"/></Relationships>').encode()
    header = parts["word/header1.xml"].decode()
    header = re.sub(r"(<w:r>|<w:r [^>]*>)", f'<w:hyperlink r:id="rId66" xmlns:r="{REL}">'
                    r"\1", header, count=1)
    header = header.replace("</w:r>", "</w:r></w:hyperlink>", 1)
    parts["word/header1.xml"] = header.encode()
    parts["word/_rels/header1.xml.rels"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns='
        '"http://schemas.openxmlformats.org/package/2006/relationships"><Relationship '
        f'Id="rId66" Type="{REL}/hyperlink" Target="{EVIL}/track" TargetMode="External"/>'
        "</Relationships>").encode()
    _edit(parts, "word/_rels/document.xml.rels", "</Relationships>",
          f'<Relationship Id="rId88" Type="{REL}/image" Target="{EVIL}/pixel.png" '
          'TargetMode="External"/></Relationships>')


def test_external_relationships_and_the_attached_template_are_dropped(tmp_path: Path
                                                                      ) -> None:
    import docx

    template = tmp_path / "T.docx"
    template.write_bytes(_rewrite(_outward))
    assert docx.Document(str(template)).sections[0].header.paragraphs[0].text  # it opens
    out = tmp_path / "memo.docx"
    run = kikcalc("report", "strategies/kik1.yaml", "-f", "docx", "--template", template,
                  "-o", out)
    assert run.exit_code == 0, run.stderr
    book = zipfile.ZipFile(out)
    everything = b"".join(book.read(n) for n in book.namelist())
    assert b"evil.example" not in everything
    assert b'TargetMode="External"' not in everything
    assert b"attachedTemplate" not in everything and b"linkStyles" not in everything
    for name in book.namelist():  # no reference is left pointing nowhere
        if name.endswith(".xml") and "_rels" not in name:
            assert b'r:id="rId66"' not in book.read(name), name
    header = next(book.read(n) for n in book.namelist() if n.startswith("word/header"))
    assert "Kommunens navn" in header.decode()  # the header's text stays
    memo = docx.Document(str(out))
    assert "Kommunens navn" in memo.sections[0].header.paragraphs[0].text


def test_the_shipped_template_still_works(tmp_path: Path) -> None:
    out = tmp_path / "memo.docx"
    run = kikcalc("report", "strategies/kik1.yaml", "-f", "docx", "--template", SHIPPED,
                  "-o", out)
    assert run.exit_code == 0, run.stderr
    assert b"Kommunens navn" in b"".join(
        zipfile.ZipFile(out).read(n) for n in zipfile.ZipFile(out).namelist())


def test_a_template_without_page_setup_gets_an_a4_page(tmp_path: Path) -> None:
    def no_section(parts: dict[str, bytes]) -> None:
        body = parts["word/document.xml"].decode()
        parts["word/document.xml"] = re.sub(r"<w:sectPr.*?</w:sectPr>", "", body,
                                            flags=re.DOTALL).encode()

    template = tmp_path / "T.docx"
    template.write_bytes(_rewrite(no_section))
    out = tmp_path / "memo.docx"
    run = kikcalc("report", "strategies/kik1.yaml", "-f", "docx", "--template", template,
                  "-o", out)
    assert run.exit_code == 0, run.stderr
    assert b'w:w="11906"' in zipfile.ZipFile(out).read("word/document.xml")  # 210 mm


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_no_damaged_template_gives_a_traceback(data: st.DataObject) -> None:
    """Bytes cut or changed anywhere: a reason, or a document python-docx opens."""
    from kikcalc.present.render.word_template import TemplateError, open_template

    raw = bytearray(SHIPPED.read_bytes())
    if data.draw(st.booleans()):
        raw = raw[:data.draw(st.integers(0, len(raw)))]
    else:
        for _ in range(data.draw(st.integers(1, 8))):
            raw[data.draw(st.integers(0, len(raw) - 1))] = data.draw(st.integers(0, 255))
    with contextlib.suppress(TemplateError):
        open_template(bytes(raw))
