"""Word page layout for the memo: A4, Danish language, repeated header rows, column
widths from the content, landscape pages for wide tables, captions and page numbers.

Kept apart from `docx.py` (which decides what goes into the memo) because these are the
parts of OOXML that python-docx has no API for: they are set on the XML directly.
python-docx is imported only inside the functions.
"""

from __future__ import annotations

from typing import Any

A4_MM = (210, 297)
MARGIN_CM = 2.0
PORTRAIT_CM = A4_MM[0] / 10 - 2 * MARGIN_CM  # 17.0 cm of text width
LANDSCAPE_CM = A4_MM[1] / 10 - 2 * MARGIN_CM  # 25.7 cm
LANGUAGE = {"da": "da-DK", "en": "en-GB"}
# Width of one character at 8.5 pt in cm, generous enough for bold capitals, and a
# cell's inner margins: measured on Carlito/Calibri and DejaVu Sans as LibreOffice draws them.
CHAR_CM = {8.5: 0.19, 7.5: 0.168}
PADDING_CM = 0.45


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


def repeat_header(row: Any) -> None:
    """The row is repeated at the top of every page the table runs onto."""
    _row_flag(row, "w:tblHeader")


def keep_row_whole(row: Any) -> None:
    """A row is never split across pages."""
    _row_flag(row, "w:cantSplit")


def _row_flag(row: Any, tag: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = row._tr.get_or_add_trPr()
    if properties.find(qn(tag)) is None:
        flag = OxmlElement(tag)
        flag.set(qn("w:val"), "true")
        properties.append(flag)


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


#: Characters of a number column's heading that is never broken over two lines.
SHORT_HEADING = 12


def column_widths(rows: list[list[str]], numeric: list[bool], size: float = 8.5
                  ) -> tuple[list[float], bool] | None:
    """Widths in cm that break no word, and whether the table needs a landscape page;
    None when it fits on neither. A number column gets its widest cell unbroken, a text
    column at least its longest word; what is left goes to the text columns, up to what
    their longest cell needs on one line.

    >>> column_widths([["Serie", "2016"], ["Budgetteret", "-18,1"]], [False, True])
    ([15.6, 1.4], False)
    """
    char = CHAR_CM[size]
    need, want, whole = [], [], []  # whole: a short number heading kept on one line
    for column, is_number in zip(zip(*rows, strict=True), numeric, strict=True):
        # a line breaks at spaces only, not at the no-break space of "+10 %"
        words = [len(word) for cell in column for word in cell.split(" ") if word] or [1]
        longest = max(len(cell) for cell in column)
        if is_number:
            need.append(max(*words, *(len(cell) for cell in column[1:]), 1) * char + PADDING_CM)
            want.append(need[-1])
            heading = len(column[0]) * char + PADDING_CM if len(column[0]) <= SHORT_HEADING \
                else 0.0
            whole.append(max(need[-1], heading))
        else:
            need.append(max(words) * char + PADDING_CM)
            want.append(max(longest * char + PADDING_CM, need[-1]))
            whole.append(need[-1])
    # "mio. kr." over two lines reads badly, but a landscape page for it is worse
    for total, landscape in ((PORTRAIT_CM, False), (LANDSCAPE_CM, True)):
        for least in (whole, need):
            if sum(least) <= total:
                return _spread(least, [max(w, n) for w, n in zip(want, least, strict=True)],
                               numeric, total), landscape
    return None


def _spread(need: list[float], want: list[float], numeric: list[bool], total: float
            ) -> list[float]:
    """Give the room left to the text columns, in proportion to what each still wants."""
    rest = total - sum(need)
    short = [w - n if not is_number else 0.0 for n, w, is_number in
             zip(need, want, numeric, strict=True)]
    wanted = sum(short)
    if wanted > 0:
        grant = min(1.0, rest / wanted)
        widths = [n + s * grant for n, s in zip(need, short, strict=True)]
        rest -= wanted * grant
    else:
        widths = list(need)
    text = [i for i, is_number in enumerate(numeric) if not is_number] or [0]
    widths[text[0]] += rest  # the first text column (the row names) takes what is left
    return [int(w * 100) / 100 for w in widths]  # down to 0.1 mm: the sum stays inside


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
