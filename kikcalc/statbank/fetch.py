"""The StatBank API request, built offline, and a fetcher that writes the CSV.

Danmarks Statistik's StatBank API needs no key. Its documentation (dst.dk, "Statistikbank
API") says: send requests to `https://api.statbank.dk/v1/<function>`, the functions being
`subjects`, `tables`, `tableinfo` and `data`; POST the settings as a JSON object in UTF-8
(parameters in the URL also work, URL-encoded); `lang` is `da` or `en`; the DATA function has
formats of its own, CSV among them. The request body built here:

    {"table": "AUK01", "format": "CSV", "lang": "da", "delimiter": "Semicolon",
     "valuePresentation": "Code", "timeOrder": "Ascending",
     "variables": [{"code": "OMRÅDE", "values": ["580", ...]},
                   {"code": "YDELSESTYPE", "values": [...]},
                   {"code": "KØN", "values": ["TOT"]}, {"code": "ALDER", "values": ["TOT"]},
                   {"code": "Tid", "values": ["*"]}]}

`valuePresentation: Code` makes the CSV carry codes (area `580`, not `Aabenraa`), which is
what the strategy's `comparison` names. AUK01's variable names and area `0` (the whole
country) come from a public description of the table; the benefit codes are in
`kikcalc.statbank.benefits` (some constructed, said there). The fetcher prepends one comment
line with the table and the date fetched; the command writes it whole or not at all.
"""

from __future__ import annotations

import datetime
import json
import urllib.parse
from collections.abc import Callable, Sequence
from typing import Any

from kikcalc.record import Record

API = "https://api.statbank.dk/v1/data"
TABLE = "AUK01"
COUNTRY = "0"  # OMRÅDE code of the whole country in AUK01
TIMEOUT = 30.0  # seconds
MAX_RESPONSE = 20_000_000  # bytes: far more than one table for 100 municipalities

#: The variables a table has besides area, benefit type and time, held at their totals.
TOTALS: dict[str, tuple[str, ...]] = {"AUK01": ("KØN", "ALDER")}


class FetchError(Exception):
    """The fetch failed; the message is one line for the user (exit 2)."""


class Request(Record):
    url: str  # where the body is POSTed
    body: dict[str, Any]
    get_url: str  # the same request as a URL, for a browser or for the record

    def data(self) -> bytes:
        return json.dumps(self.body, ensure_ascii=False).encode("utf-8")


def build_request(areas: Sequence[str], benefit_types: Sequence[str], *, table: str = TABLE,
                  periods: Sequence[str] = ("*",), lang: str = "da") -> Request:
    """The DATA request for `table`: these areas and benefit types, every period by default.

    >>> r = build_request(["580", "0"], ["KT"])
    >>> [v["code"] for v in r.body["variables"]]
    ['OMRÅDE', 'YDELSESTYPE', 'KØN', 'ALDER', 'Tid']
    >>> r.get_url.split("?")[0]
    'https://api.statbank.dk/v1/data/AUK01/CSV'
    """
    if not areas or not benefit_types:
        raise ValueError("name at least one area and one benefit type")
    variables = [{"code": "OMRÅDE", "values": list(areas)},
                 {"code": "YDELSESTYPE", "values": list(benefit_types)},
                 *({"code": name, "values": ["TOT"]} for name in TOTALS.get(table.upper(), ())),
                 {"code": "Tid", "values": list(periods)}]
    body: dict[str, Any] = {"table": table.upper(), "format": "CSV", "lang": lang,
                            "delimiter": "Semicolon", "valuePresentation": "Code",
                            "timeOrder": "Ascending", "variables": variables}
    pairs: list[tuple[str, str]] = [(str(v["code"]), ",".join(v["values"])) for v in variables]
    pairs += [("lang", lang), ("delimiter", "Semicolon"), ("valuePresentation", "Code"),
              ("timeOrder", "Ascending")]
    query = urllib.parse.urlencode(pairs, safe=",*")
    return Request(API, body, f"{API}/{table.upper()}/CSV?{query}")


Opener = Callable[..., Any]


def fetch(request: Request, *, timeout: float = TIMEOUT, opener: Opener | None = None,
          today: datetime.date | None = None) -> str:
    """The CSV the API answers, with a first comment line naming table and date fetched.

    `opener` is `urllib.request.urlopen` unless a test passes its own; it is called with a
    `urllib.request.Request` and `timeout=`. Every failure is a FetchError of one line.
    """
    import urllib.error
    import urllib.request

    open_url = opener or urllib.request.urlopen
    http = urllib.request.Request(request.url, data=request.data(), method="POST", headers={
        "Content-Type": "application/json; charset=utf-8", "Accept": "text/csv"})
    try:
        with open_url(http, timeout=timeout) as response:
            raw: bytes = response.read(MAX_RESPONSE + 1)
    except urllib.error.HTTPError as error:
        raise FetchError(f"StatBank answered HTTP {error.code} for table "
                         f"{request.body['table']}: check the table, areas and codes") from None
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        raise FetchError(f"cannot reach the StatBank API ({_one_line(reason)}); "
                         "no network? Save the CSV by hand and name it in the strategy "
                         "instead") from None
    if len(raw) > MAX_RESPONSE:
        raise FetchError(f"the answer is larger than {MAX_RESPONSE} bytes; ask for less")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FetchError("the answer is not UTF-8 text: not a CSV") from None
    day = (today or datetime.date.today()).isoformat()
    return (f"# kikcalc: table {request.body['table']}, fetched {day}, from {request.url}"
            f" (valuePresentation Code)\n{text}")


def _one_line(reason: object) -> str:
    text = " ".join(str(reason).split())
    return text[:120]

