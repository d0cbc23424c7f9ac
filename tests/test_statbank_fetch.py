"""`kikcalc statbank fetch` asks the table's own metadata and resolves labels to codes (issue 24).

Every recorded answer here is CONSTRUCTED test data in the documented formats of the StatBank
API (tableinfo: JSON with variables, each with id, text and values of id and text; data:
format CSV with valuePresentation Code), said so in its first line. No test touches the
network.
"""

from __future__ import annotations

import datetime
import io
import json
import urllib.error
from pathlib import Path
from typing import Any

import pytest

from kikcalc.statbank.fetch import (
    FetchError,
    Request,
    answer,
    build_request,
    fetch,
    fetch_tableinfo,
    tableinfo_request,
)
from kikcalc.statbank.read import read_caseloads
from kikcalc.statbank.tableinfo import MetadataError, parse_tableinfo, select
from tests.conftest import kikcalc

DATA = Path(__file__).parent / "data" / "statbank"
EXAMPLE = "examples/benchmark/kik1.yaml"
AUK01 = DATA / "constructed-auk01-tableinfo.json"


def _info(name: str = "constructed-auk01-tableinfo.json") -> Any:
    return parse_tableinfo((DATA / name).read_text(encoding="utf-8"))


class _Recorded:
    """An opener that answers each API function with its recorded answer and keeps the asks."""

    def __init__(self, answers: dict[str, Path]) -> None:
        self.answers = answers
        self.asked: list[Any] = []

    def __call__(self, http: Any, timeout: float) -> io.BytesIO:
        self.asked.append((http.full_url, json.loads(http.data), timeout))
        return io.BytesIO(self.answers[http.full_url.rsplit("/", 1)[1]].read_bytes())


def _offline(http: Any, timeout: float) -> Any:
    raise urllib.error.URLError(OSError(-3, "Temporary failure in name resolution"))


def test_labels_resolve_to_the_codes_the_table_gives_them() -> None:
    selection = select(_info(), ["Aabenraa", "Sønderborg"], ["Kontanthjælp", "Uddannelseshjælp"])
    assert selection.variables == (
        ("OMRÅDE", ("580", "540", "000")), ("YDELSESTYPE", ("C10", "C20")),
        ("KØN", ("TOT",)), ("ALDER", ("IALT",)), ("Tid", ("*",)))
    request = build_request(selection)
    assert request.url == "https://api.statbank.dk/v1/data"
    assert request.body["variables"][0] == {"code": "OMRÅDE", "values": ["580", "540", "000"]}
    assert request.body["valuePresentation"] == "Code" and request.body["format"] == "CSV"
    assert request.get_url.startswith("https://api.statbank.dk/v1/data/AUK01/CSV?"
                                      "OMR%C3%85DE=580,540,000&YDELSESTYPE=C10,C20&")
    assert tableinfo_request("auk01").body == {"table": "AUK01", "format": "JSON", "lang": "da"}


def test_the_yearly_table_auh01_has_no_age_and_is_held_at_its_totals() -> None:
    selection = select(_info("constructed-auh01-tableinfo.json"), ["Aabenraa"], ["kontanthjælp"])
    assert selection.variables == (("OMRÅDE", ("580", "000")), ("YDELSESTYPE", ("C10",)),
                                   ("KØN", ("TOT",)), ("Tid", ("*",)))


def test_a_label_that_changed_between_releases() -> None:
    """The later release says "Kontanthjælp (inkl. uddannelseshjælp fra juli 2025)" and no
    longer has integrationsydelse: the first is found by its start, the second is an error
    that says what the table has."""
    relabelled = _info("constructed-auk01-tableinfo-relabelled.json")
    assert select(relabelled, ["Aabenraa"], ["Kontanthjælp"]).variables[1] == \
        ("YDELSESTYPE", ("C10",))
    with pytest.raises(MetadataError) as caught:
        select(relabelled, ["Aabenraa"], ["Integrationsydelse"])
    assert str(caught.value).startswith(
        "AUK01 YDELSESTYPE has no value labelled 'Integrationsydelse'; it has 'I alt', "
        "'Kontanthjælp (inkl. uddannelseshjælp fra juli 2025)'")
    with pytest.raises(MetadataError, match="no value labelled 'Aabenraa Kommune'"):
        select(relabelled, ["Aabenraa Kommune"], ["Kontanthjælp"])


def test_a_fetch_asks_tableinfo_then_data_and_keeps_the_metadata(tmp_path: Path) -> None:
    recorded = _Recorded({"tableinfo": AUK01, "data": DATA / "constructed-auk01-data.csv"})
    info = fetch_tableinfo("AUK01", opener=recorded)
    selection = select(info, ["Aabenraa"], ["Kontanthjælp", "Uddannelseshjælp"])
    text = fetch(build_request(selection), selection, opener=recorded,
                 today=datetime.date(2026, 11, 23))
    assert [(url, body["table"]) for url, body, _ in recorded.asked] == [
        ("https://api.statbank.dk/v1/tableinfo", "AUK01"),
        ("https://api.statbank.dk/v1/data", "AUK01")]
    lines = text.splitlines()
    assert lines[0].startswith("# kikcalc: table AUK01, fetched 2026-11-23")
    assert lines[1].startswith('# kikcalc-tableinfo: {"id":"AUK01"')
    data, problems = read_caseloads(text, "auk01.csv")
    assert problems == [] and data is not None
    # the codes are read as the labels of that release: offline, with no lookup of ours
    assert {o.area for o in data.observations} == {"Aabenraa", "Hele landet"}
    assert {o.benefit_type for o in data.observations} == {"Kontanthjælp", "Uddannelseshjælp"}
    by_key = {(o.area, o.benefit_type, str(o.period)): o.persons for o in data.observations}
    assert by_key["Aabenraa", "Uddannelseshjælp", "2016K1"] is None  # a suppressed cell
    assert ("Aabenraa", "Kontanthjælp", "2016K3") not in by_key  # a missing quarter
    assert dict(data.codes)["580"] == "Aabenraa"


def test_the_yearly_answer_reads_alike() -> None:
    recorded = _Recorded({"tableinfo": DATA / "constructed-auh01-tableinfo.json",
                          "data": DATA / "constructed-auh01-data.csv"})
    selection = select(fetch_tableinfo("AUH01", opener=recorded), ["Aabenraa"], ["Kontanthjælp"])
    data, problems = read_caseloads(fetch(build_request(selection), selection,
                                          opener=recorded), "auh01.csv")
    assert problems == [] and data is not None and data.table == "AUH01"
    assert sorted((o.area, str(o.period), o.persons) for o in data.observations)[-1] == \
        ("Hele landet", "2016", 39400)


def test_a_metadata_line_that_is_not_understood_is_a_problem_at_its_line() -> None:
    text = "# kikcalc: table AUK01\n# kikcalc-tableinfo: {nope\nOMRÅDE;YDELSESTYPE;TID;INDHOLD\n"
    data, problems = read_caseloads(text, "x.csv")
    assert data is None
    assert str(problems[0]) == "x.csv:2: the metadata line is not a StatBank tableinfo " \
        "answer (JSONDecodeError)"


def test_without_a_network_fetch_is_one_clear_line() -> None:
    with pytest.raises(FetchError) as caught:
        fetch_tableinfo("AUK01", opener=_offline)
    message = str(caught.value)
    assert "\n" not in message and message.startswith("cannot reach the StatBank API")
    closed = Request("http://127.0.0.1:9/v1/tableinfo", {"table": "AUK01"}, "")
    with pytest.raises(FetchError, match=r"^cannot reach the StatBank API"):
        answer(closed, timeout=5)


# ------------------------------------------------------------------- the command line
def test_dry_run_shows_both_requests() -> None:
    run = kikcalc("statbank", "fetch", "--from", EXAMPLE, "--dry-run")
    assert run.exit_code == 0, run.stderr
    assert run.stdout.startswith("POST https://api.statbank.dk/v1/tableinfo\n")
    assert "GET https://api.statbank.dk/v1/tableinfo/AUK01?format=JSON&lang=da" in run.stdout
    assert "POST https://api.statbank.dk/v1/data\n" in run.stdout
    assert "<code of 'Aabenraa'>" in run.stdout and "<code of 'Kontanthjælp'>" in run.stdout
    # with a saved tableinfo answer the codes are resolved, offline
    run = kikcalc("statbank", "fetch", "--from", EXAMPLE, "--dry-run", "--tableinfo", AUK01)
    assert run.exit_code == 0, run.stderr
    assert "GET https://api.statbank.dk/v1/data/AUK01/CSV?OMR%C3%85DE=580,540,550,510,000" \
        "&YDELSESTYPE=C10&K%C3%98N=TOT&ALDER=IALT&Tid=*&" in run.stdout


def test_fetch_command_writes_data_and_metadata(monkeypatch: pytest.MonkeyPatch,
                                                tmp_path: Path) -> None:
    import urllib.request

    recorded = _Recorded({"tableinfo": AUK01, "data": DATA / "constructed-auk01-data.csv"})
    monkeypatch.setattr(urllib.request, "urlopen", recorded)
    target = tmp_path / "auk01.csv"
    run = kikcalc("statbank", "fetch", "--area", "Aabenraa", "--type", "Kontanthjælp",
                  "--type", "Uddannelseshjælp", "-o", target)
    assert run.exit_code == 0, run.stderr
    assert target.read_text(encoding="utf-8").splitlines()[1].startswith("# kikcalc-tableinfo:")
    # a label the table does not have: one line, exit 2, nothing written
    other = tmp_path / "other.csv"
    run = kikcalc("statbank", "fetch", "--area", "Aabenraa", "--type", "Kontanthjælpen",
                  "-o", other)
    assert run.exit_code == 2 and run.stderr.count("\n") == 1
    assert "YDELSESTYPE has no value labelled 'Kontanthjælpen'" in run.stderr
    assert not other.exists()


def test_fetch_without_a_network_exits_2(monkeypatch: pytest.MonkeyPatch,
                                         tmp_path: Path) -> None:
    import urllib.request

    monkeypatch.setattr(urllib.request, "urlopen", _offline)
    target = tmp_path / "auk01.csv"
    run = kikcalc("statbank", "fetch", "--area", "Aabenraa", "--type", "Kontanthjælp",
                  "-o", target)
    assert run.exit_code == 2
    assert run.stderr.count("\n") == 1
    assert run.stderr.startswith("kikcalc: cannot reach the StatBank API")
    assert not target.exists()


def test_no_constructed_code_is_left_in_the_package() -> None:
    package = Path(__file__).parent.parent / "kikcalc" / "statbank"
    text = "\n".join(p.read_text(encoding="utf-8") for p in package.glob("*.py"))
    for code in ('"KT"', '"UH"', '"IY"', 'COUNTRY = "0"', 'TOTALS: dict'):
        assert code not in text
    assert json.loads(AUK01.read_text(encoding="utf-8"))["note"].startswith("CONSTRUCTED")
