"""The StatBank API requests, built offline, and a fetcher that writes the CSV.

Danmarks Statistik's StatBank API needs no key. Its documentation (dst.dk, "Statistikbank
API") says: send requests to `https://api.statbank.dk/v1/<function>`, the functions being
`subjects`, `tables`, `tableinfo` and `data`; POST the settings as a JSON object in UTF-8
(parameters in the URL also work, URL-encoded); `lang` is `da` or `en`; TABLEINFO answers
in JSON, the DATA function has formats of its own, CSV among them. A fetch is two requests:

1. TABLEINFO `{"table": "AUK01", "format": "JSON", "lang": "da"}`: the table's variables
   and, for each, its values' codes and labels (`kikcalc.statbank.tableinfo`);
2. DATA, with the codes the labels resolve to:

    {"table": "AUK01", "format": "CSV", "lang": "da", "delimiter": "Semicolon",
     "valuePresentation": "Code", "timeOrder": "Ascending",
     "variables": [{"code": "OMRÅDE", "values": [<Aabenraa>, ..., <Hele landet>]},
                   {"code": "YDELSESTYPE", "values": [<Kontanthjælp>, ...]},
                   {"code": "KØN", "values": [<I alt>]}, {"code": "ALDER", ...},
                   {"code": "Tid", "values": ["*"]}]}

kikcalc holds no table's codes. The CSV it writes starts with a comment line naming the
table and the date fetched, then the metadata of the values asked for (so the codes in the
file are read with the labels of that release, offline), then the answer. Tables of
full-time recipients by area and benefit type: AUK01 (quarterly) and AUH01 (yearly); the
kontanthjælp tables by area and visitation category: KY04 (monthly, with a unit variable
held at "Helårsmodtagere") and KY035 (yearly).
"""

from __future__ import annotations

import datetime
import json
import urllib.parse
from collections.abc import Callable
from typing import Any

from kikcalc.record import Record
from kikcalc.statbank.tableinfo import (
    MetadataError,
    Selection,
    TableInfo,
    header_line,
    parse_tableinfo,
)

BASE = "https://api.statbank.dk/v1"
API = f"{BASE}/data"
TABLEINFO = f"{BASE}/tableinfo"
TABLE = "AUK01"
#: The tables of full-time recipients this was built for; others with area, benefit type
#: and time variables work alike.
TABLES = {"AUK01": "quarterly", "AUH01": "yearly", "KY04": "monthly, by visitation",
          "KY035": "yearly, by visitation"}
TIMEOUT = 30.0  # seconds
MAX_RESPONSE = 20_000_000  # bytes: far more than one table for 100 municipalities


class FetchError(Exception):
    """The fetch failed; the message is one line for the user (exit 2)."""


class Request(Record):
    url: str  # where the body is POSTed
    body: dict[str, Any]
    get_url: str  # the same request as a URL, for a browser or for the record

    def data(self) -> bytes:
        return json.dumps(self.body, ensure_ascii=False).encode("utf-8")


def tableinfo_request(table: str = TABLE, lang: str = "da") -> Request:
    """The TABLEINFO request for `table`.

    >>> tableinfo_request("auk01").get_url
    'https://api.statbank.dk/v1/tableinfo/AUK01?format=JSON&lang=da'
    """
    table = table.upper()
    return Request(TABLEINFO, {"table": table, "format": "JSON", "lang": lang},
                   f"{TABLEINFO}/{table}?format=JSON&lang={lang}")


def build_request(selection: Selection, *, lang: str = "da") -> Request:
    """The DATA request for the codes of `selection`, as `;`-separated CSV with codes."""
    table = selection.used.table
    variables = [{"code": vid, "values": list(values)} for vid, values in selection.variables]
    body: dict[str, Any] = {"table": table, "format": "CSV", "lang": lang,
                            "delimiter": "Semicolon", "valuePresentation": "Code",
                            "timeOrder": "Ascending", "variables": variables}
    pairs: list[tuple[str, str]] = [(str(v["code"]), ",".join(v["values"])) for v in variables]
    pairs += [("lang", lang), ("delimiter", "Semicolon"), ("valuePresentation", "Code"),
              ("timeOrder", "Ascending")]
    query = urllib.parse.urlencode(pairs, safe=",*")
    return Request(API, body, f"{API}/{table}/CSV?{query}")


Opener = Callable[..., Any]


def answer(request: Request, *, timeout: float = TIMEOUT, opener: Opener | None = None) -> str:
    """The text the API answers to `request`; every failure is a FetchError of one line.

    `opener` is `urllib.request.urlopen` unless a test passes its own; it is called with a
    `urllib.request.Request` and `timeout=`.
    """
    import urllib.error
    import urllib.request

    open_url = opener or urllib.request.urlopen
    accept = "text/csv" if request.body.get("format") == "CSV" else "application/json"
    http = urllib.request.Request(request.url, data=request.data(), method="POST", headers={
        "Content-Type": "application/json; charset=utf-8", "Accept": accept})
    try:
        with open_url(http, timeout=timeout) as response:
            raw: bytes = response.read(MAX_RESPONSE + 1)
    except urllib.error.HTTPError as error:
        raise FetchError(f"StatBank answered HTTP {error.code} for table "
                         f"{request.body['table']}: check the table name") from None
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        raise FetchError(f"cannot reach the StatBank API ({_one_line(reason)}); "
                         "no network? Save the CSV by hand and name it in the strategy "
                         "instead") from None
    if len(raw) > MAX_RESPONSE:
        raise FetchError(f"the answer is larger than {MAX_RESPONSE} bytes; ask for less")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FetchError("the answer is not UTF-8 text") from None


def fetch_tableinfo(table: str, *, lang: str = "da", timeout: float = TIMEOUT,
                    opener: Opener | None = None) -> TableInfo:
    """The table's metadata, asked of the API."""

    text = answer(tableinfo_request(table, lang), timeout=timeout, opener=opener)
    try:
        return parse_tableinfo(text)
    except MetadataError as error:
        raise FetchError(f"{table}: {error}") from None


def fetch(request: Request, selection: Selection, *, timeout: float = TIMEOUT,
          opener: Opener | None = None, today: datetime.date | None = None) -> str:
    """The CSV the API answers, after a comment line naming table and date fetched and one
    with the metadata of the values asked for."""
    text = answer(request, timeout=timeout, opener=opener)
    day = (today or datetime.date.today()).isoformat()
    return (f"# kikcalc: table {request.body['table']}, fetched {day}, from {request.url}"
            f" (valuePresentation Code)\n{header_line(selection.used)}\n{text}")


def _one_line(reason: object) -> str:
    text = " ".join(str(reason).split())
    return text[:120]
