"""Word page layout for the memo: A4, Danish language, notes kept with their table,
captions and page numbers (column widths and the type size of a table: `word_fit`; its
rows, their repeated heading and the rows kept together: `word_table`).

Kept apart from `docx.py` (which decides what goes into the memo) because these are the
parts of OOXML that python-docx has no API for: they are set on the XML directly.
python-docx is imported only inside the functions.
"""

from __future__ import annotations

from typing import Any

from kikcalc.present.render.word_fit import A4_MM, MARGIN_CM

LANGUAGE = {"da": "da-DK", "en": "en-GB"}


def set_a4(section: Any, *, landscape: bool = False) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm, Mm

    width, height = (Mm(A4_MM[1]), Mm(A4_MM[0])) if landscape else (Mm(A4_MM[0]), Mm(A4_MM[1]))
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = width, height
    section.left_margin = section.right_margin = Cm(MARGIN_CM)
    section.top_margin = section.bottom_margin = Cm(MARGIN_CM)


def set_language(document: Any, lang: str) -> None:
    """The document's language (spelling, hyphenation) in its defaults and settings."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    code = LANGUAGE[lang]
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    run_defaults = defaults.find(qn("w:rPrDefault"))
    if run_defaults is None:
        run_defaults = OxmlElement("w:rPrDefault")
        defaults.insert(0, run_defaults)
    properties = run_defaults.find(qn("w:rPr"))
    if properties is None:
        properties = OxmlElement("w:rPr")
        run_defaults.append(properties)
    language = properties.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        properties.append(language)
    language.set(qn("w:val"), code)
    for style in styles.iter(qn("w:lang")):  # styles that set their own language
        style.set(qn("w:val"), code)
    theme = document.settings.element.find(qn("w:themeFontLang"))
    if theme is not None:
        theme.set(qn("w:val"), code)
    document.core_properties.language = code


def cell_margins(table: Any, twips: int) -> None:
    """Every cell's left and right inner margin, in twentieths of a point."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = table._tbl.tblPr
    for old in properties.findall(qn("w:tblCellMar")):
        properties.remove(old)
    margins = OxmlElement("w:tblCellMar")
    for side in ("w:left", "w:right"):  # in the schema's order
        element = OxmlElement(side)
        element.set(qn("w:w"), str(twips))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    properties.insert_element_before(margins, "w:tblLook", "w:tblCaption",
                                     "w:tblDescription", "w:tblPrChange")


def compact(paragraph: Any, size: float, *, keep: bool, after: float = 0) -> None:
    """A note's paragraph: `size` points, single-spaced, little room around it; `keep`
    keeps it on the page of what follows."""
    from docx.enum.text import WD_LINE_SPACING
    from docx.shared import Pt

    form = paragraph.paragraph_format
    form.space_before, form.space_after = Pt(1), Pt(after)
    form.line_spacing_rule = WD_LINE_SPACING.SINGLE
    form.keep_with_next, form.keep_together = keep, True
    for run in paragraph.runs:
        run.font.size = Pt(size)
    mark_size(paragraph, size)  # and its number, in a numbered list


def mark_size(paragraph: Any, size: float) -> None:
    """The paragraph mark in `size` points: an empty cell is then no higher than its row's
    text (the mark otherwise keeps the style's 11 pt)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = paragraph._p.get_or_add_pPr()
    marks = properties.find(qn("w:rPr"))
    if marks is None:
        marks = OxmlElement("w:rPr")
        properties.append(marks)
    for tag in ("w:sz", "w:szCs"):
        element = OxmlElement(tag)
        element.set(qn("w:val"), str(round(size * 2)))
        marks.append(element)


def add_field(paragraph: Any, code: str, shown: str) -> None:
    """A Word field (PAGE, NUMPAGES, SEQ Tabel) with the value shown before updating."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def char(kind: str) -> Any:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        return element

    begin, instruction = paragraph.add_run(), paragraph.add_run()
    begin._r.append(char("begin"))
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {code} "
    instruction._r.append(text)
    paragraph.add_run()._r.append(char("separate"))
    paragraph.add_run(shown)
    paragraph.add_run()._r.append(char("end"))


def page_numbers(section: Any, page: str, of: str) -> None:
    """"Side 3 af 7" centred in the footer, unless the template has a footer of its own."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    footer = section.footer
    if any(p.text.strip() for p in footer.paragraphs) or footer._element.findall(
            ".//{*}fldSimple") or footer._element.findall(".//{*}instrText"):
        return
    paragraph = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run(f"{page} ")
    add_field(paragraph, "PAGE", "1")
    paragraph.add_run(f" {of} ")
    add_field(paragraph, "NUMPAGES", "1")


def caption(document: Any, kind: str, number: int, text: str) -> Any:
    """"Tabel 3: ..." in the Caption style, numbered by a SEQ field as Word numbers them."""
    from docx.shared import Pt

    paragraph = document.add_paragraph(style=paragraph_style(document, "Caption"))
    paragraph.paragraph_format.space_before = Pt(10)
    paragraph.paragraph_format.space_after = Pt(3)
    paragraph.add_run(f"{kind} ")
    add_field(paragraph, f"SEQ {kind} \\* ARABIC", str(number))
    paragraph.add_run(f": {text}")
    return paragraph


def paragraph_style(document: Any, name: str) -> Any:
    """The named paragraph style, added (based on Normal) where a template lacks it."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt

    styles = document.styles
    try:
        return styles[name]
    except KeyError:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles["Normal"]
        if name == "Caption":
            style.font.bold, style.font.size = True, Pt(9)
        return style


def table_style(document: Any, preferred: str) -> str | None:
    """The table style to use: the preferred one, else Table Grid, else none."""
    names = {s.name for s in document.styles}
    return next((n for n in (preferred, "Table Grid") if n in names), None)
