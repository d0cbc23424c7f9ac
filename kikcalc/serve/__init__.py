"""`kikcalc serve`: the strategies of a folder as a local web view, live and exact.

Server-rendered pages (Starlette, Jinja2 with autoescape) over the same stages as the
command line: every figure on a page is made by the table builders of `present/`, from the
strategy loaded and evaluated as `kikcalc` loads and evaluates it. Imported only by the
`serve` command, so the command line neither loads nor needs the web stack otherwise.
"""
