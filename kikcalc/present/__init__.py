"""Presentation: results as tables and documents people read, and JSON for tools.

`views` picks what each command shows; `tables` builds one neutral `Table`; `labels` (a
catalogue per language) and `formatting` give the words and numbers; `render/` turns tables
into text, markdown, csv, html, docx and xlsx; `memo` assembles the committee memo; `jsondoc`
the JSON documents; `safe` escapes text for where it lands.
"""
