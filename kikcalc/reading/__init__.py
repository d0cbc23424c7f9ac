"""Reading: files in, documents with positions out.

`files` opens only regular files inside the repository (or a git revision of it);
`strict_yaml` parses YAML into data with a position for every value; `documents` tells a
strategy from a budget table and maps schema errors to `file:line:column`; `strategy` and
`budget_table` load the two kinds of document; `overrides` applies scenarios and `--set`.
"""
