"""A municipality's Word template, used only when it is a plain Word document.

`--template` names a file that anyone may commit, and python-docx copies all of a template
into the memo. So the package is read before python-docx sees it: `template_problem` says
in words why a file is not a plain Word document (macros, a damaged or truncated zip, no
document part, no relationships, a .dotx), and `open_template` opens the bytes it checked.
When the memo is written, `external_free` takes out what would make Word reach outside the
file when a committee member opens it: every relationship with TargetMode="External", in
any part, and the attached template (`w:attachedTemplate`).
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from pathlib import PurePosixPath
from typing import Any
from xml.etree import ElementTree
from xml.parsers import expat

from kikcalc.present.render.word_layout import set_a4

#: The largest template read (a logo in the header makes most of one).
MAX_BYTES = 50 * 2**20
MAX_UNPACKED = 200 * 2**20
MAX_PARTS = 5000
MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
TEMPLATE = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
_MACROS = re.compile("macroenabled|vbaproject|vbadata", re.IGNORECASE)
_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# What zipfile raises for a broken archive (an unknown compression, an encrypted part, a
# name in a part's header that is not the UTF-8 its flag claims: UnicodeDecodeError, a
# ValueError, as a negative offset is).
_DAMAGED = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, struct.error, EOFError,
            OSError, NotImplementedError, RuntimeError, ValueError)


class TemplateError(ValueError):
    """Why a file cannot be a template: the message is the reason, for a person."""


def template_problem(data: bytes) -> str | None:
    """Why the bytes of a template are not a plain Word document, or None: the first
    problem that one of `CHECKS` finds, in order."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as book:
            return next(filter(None, (check(book) for check in CHECKS)), None)
    except _DAMAGED:
        return "not a Word document: a damaged or truncated zip file"


def _size(book: zipfile.ZipFile) -> str | None:
    infos = book.infolist()
    if len(infos) > MAX_PARTS or sum(i.file_size for i in infos) > MAX_UNPACKED:
        return f"more than {MAX_PARTS:,} parts or {MAX_UNPACKED // 2**20} MB unpacked"
    return None


def _macro_parts(book: zipfile.ZipFile) -> str | None:
    """A macro project in a package that may well say it is a plain document."""
    if any(_MACROS.search(name) for name in book.namelist()):
        return "has macros (a vbaProject part); save it as a Word document (.docx)"
    return None


def _package_parts(book: zipfile.ZipFile) -> str | None:
    names = set(book.namelist())
    return next((f"not a Word document: no {required}"
                 for required in ("[Content_Types].xml", "_rels/.rels")
                 if required not in names), None)


def _damaged_parts(book: zipfile.ZipFile) -> str | None:
    """Every part read (a damaged one raises here, not in python-docx); XML parsed."""
    for name in book.namelist():
        content = book.read(name)
        problem = _xml_problem(content) if name.endswith((".xml", ".rels")) else None
        if problem is not None:
            return f"not a Word document: {name} {problem}"
    return None


def _macro_types(book: zipfile.ZipFile) -> str | None:
    types = _content_types(book.read("[Content_Types].xml"))
    if any(_MACROS.search(kind) for kind in types.values()):
        return "is macro-enabled (.docm); save it as a Word document (.docx)"
    return None


def _document_part(book: zipfile.ZipFile) -> str | None:
    main = _main_part(book.read("_rels/.rels"))
    if main is None or main not in book.namelist():
        return "not a Word document: no document part (officeDocument in _rels/.rels)"
    types = _content_types(book.read("[Content_Types].xml"))
    kind = types.get(f"/{main}".lower()) or types.get(PurePosixPath(main).suffix.lower())
    if kind == TEMPLATE:
        return "is a Word template (.dotx); save it as a Word document (.docx)"
    if kind != MAIN:
        return f"not a Word document: its document part is {kind or 'of no known type'}"
    return None


#: Each check may count on those before it (the package parts exist and are XML).
CHECKS = (_size, _macro_parts, _package_parts, _damaged_parts, _macro_types, _document_part)


class _Doctype(Exception):
    """A part declares a DOCTYPE (entities), which no Word document does."""


def _refuse_doctype(*_: object) -> None:
    raise _Doctype


def _xml_problem(content: bytes) -> str | None:
    """Why a part is not plain XML: not well-formed, or a DOCTYPE. expat without a tree
    (a tenth of the time of ElementTree, for the megabyte of styles a template may hold)."""
    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = _refuse_doctype
    try:
        parser.Parse(content, True)
    except expat.ExpatError:
        return "is not well-formed XML"
    except _Doctype:
        return "declares a DOCTYPE"
    return None


def _content_types(xml: bytes) -> dict[str, str]:
    """Part name (`/word/document.xml`) or extension (`.xml`), lower case -> content type."""
    types = {}
    for item in ElementTree.fromstring(xml):
        if item.tag == f"{_CT}Default":
            types["." + item.get("Extension", "").lower()] = item.get("ContentType", "")
        elif item.tag == f"{_CT}Override":
            types[item.get("PartName", "").lower()] = item.get("ContentType", "")
    return types


def _main_part(rels: bytes) -> str | None:
    """The zip name of the part the package's officeDocument relationship points to."""
    for rel in ElementTree.fromstring(rels):
        if rel.get("Type", "").endswith("/officeDocument") and \
                rel.get("TargetMode") != "External":
            return str(PurePosixPath("/", rel.get("Target", ""))).lstrip("/")
    return None


def open_template(data: bytes) -> Any:
    """The template as a python-docx document, emptied of its body text (its styles,
    page setup, header, footer and logo stay); TemplateError with the reason if it is not
    a plain Word document. The bytes checked are the bytes opened."""
    import docx

    problem = template_problem(data)
    if problem is not None:
        raise TemplateError(problem)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # a checked package that python-docx still cannot read
        raise TemplateError(f"python-docx cannot read it ({type(error).__name__})") from None
    body = document.element.body
    for child in list(body):
        if not child.tag.endswith("}sectPr"):
            body.remove(child)
    if body.sectPr is None:  # no page setup of its own: an A4 page, as without a template
        body.get_or_add_sectPr()
        set_a4(document.sections[0])
    return document


def external_free(data: bytes) -> dict[str, bytes]:
    """The parts of a saved memo to replace so that nothing in it points outside the file:
    external relationships dropped from every `.rels`, with what referred to them (a
    hyperlink keeps its text), and the attached template with its `w:linkStyles`."""
    from lxml import etree

    book = zipfile.ZipFile(io.BytesIO(data))
    replaced: dict[str, bytes] = {}
    for rels_name in book.namelist():
        if not rels_name.endswith(".rels"):
            continue
        rels = etree.fromstring(book.read(rels_name))
        dropped = {rel.get("Id") for rel in rels if rel.get("TargetMode") == "External"
                   or rel.get("Type", "").endswith("/attachedTemplate")}
        if not dropped:
            continue
        for rel in [r for r in rels if r.get("Id") in dropped]:
            rels.remove(rel)
        replaced[rels_name] = _xml(rels)
        folder, _, file = rels_name.rpartition("_rels/")
        source = folder + file.removesuffix(".rels")
        if source in book.namelist():
            part = etree.fromstring(replaced.get(source) or book.read(source))
            replaced[source] = _xml(_unlinked(part, dropped))
    for name in (n for n in book.namelist() if n.endswith(".xml")):
        content = replaced.get(name) or book.read(name)
        if b"attachedTemplate" in content or b"linkStyles" in content:
            part = etree.fromstring(content)
            for element in list(part.iter(f"{_W}attachedTemplate", f"{_W}linkStyles")):
                element.getparent().remove(element)
            replaced[name] = _xml(part)
    return replaced


def _unlinked(part: Any, dropped: set[str]) -> Any:
    """`part` without references to the relationships `dropped`: a hyperlink loses its
    target and keeps its text; any other element that refers to one goes."""
    for element in list(part.iter("{*}*")):  # elements, not comments
        refs = [a for a, v in element.attrib.items() if a.startswith(_R) and v in dropped]
        if not refs:
            continue
        if element.tag == f"{_W}hyperlink":
            for attribute in refs:
                del element.attrib[attribute]
        elif element.getparent() is not None:
            element.getparent().remove(element)
    return part


def _xml(element: Any) -> bytes:
    from lxml import etree

    return bytes(etree.tostring(element, xml_declaration=True, encoding="UTF-8",
                                standalone=True))
