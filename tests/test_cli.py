from __future__ import annotations

import json
import re
import shlex
from decimal import Decimal
from pathlib import Path

import pytest

from pipeline import cli, store
from pipeline.cli import output

REPO = Path(__file__).resolve().parent.parent
SEED_000 = REPO / "raw" / "2021-07-09-polimi-poliqu-accordo-regione.md"


def test_extract_prints_one_json_object_per_file_and_writes_nothing(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code = cli.main(
        ["extract", str(SEED_000), str(REPO / "raw" / "2017-10-03-fondazione-polimi-regione-impresa40.txt")]
    )
    out = capsys.readouterr().out.splitlines()
    assert code == cli.EXIT_OK
    assert len(out) == 2
    first = json.loads(out[0])
    assert set(first) >= {"document", "entities", "amounts", "percentages", "dates"}
    assert {"id", "path", "text"} <= set(first["document"])
    text = first["document"]["text"]
    for kind in ("entities", "amounts", "percentages", "dates"):
        for item in first[kind]:
            assert text[item["start"] : item["end"]] == item["text"]
    assert {"13500000", "1687500", "4163400"} <= {a["value"] for a in first["amounts"]}
    assert {a["currency"] for a in first["amounts"]} == {"EUR"}
    assert "2021-07-09" in {d["value"] for d in first["dates"]}
    funding = {f["value"]: f for f in first["funding"]}
    assert set(funding) == {"13500000", "1687500", "4163400"}
    assert funding["13500000"]["funder"] == "Regione Lombardia"
    assert (funding["13500000"]["kind"], funding["13500000"]["counts_in_total"]) == ("allocation", True)
    assert (funding["4163400"]["kind"], funding["4163400"]["counts_in_total"]) == ("cost", False)
    for f in first["funding"]:
        assert text[f["start"] : f["end"]] == f["text"]
    assert list(tmp_path.iterdir()) == []


def test_extract_reports_unreadable_files_and_exits_3(capsys, tmp_path):
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4\n1 0 obj <<")
    code = cli.main(["extract", str(bad), str(tmp_path / "missing.md"), str(SEED_000)])
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert code == cli.EXIT_DOC_FAILURES
    assert [("error" in line) for line in lines] == [True, True, False]
    assert re.fullmatch(r"E\d{3}", lines[0]["error"]["code"])


def test_run_then_sql_answers_from_the_warehouse(capsys, raw_dir, tmp_path, nlp, monkeypatch):
    db = tmp_path / "w.duckdb"
    args = ["--raw", str(raw_dir), "--out", str(tmp_path / "out"), "--db", str(db)]
    assert cli.main(["run", *args]) == cli.EXIT_OK
    assert "5 new, 0 changed" in capsys.readouterr().out
    assert cli.main(["run", *args]) == cli.EXIT_OK
    assert "0 new, 0 changed, 5 unchanged" in capsys.readouterr().out
    assert cli.main(["sql", "--db", str(db), "--json", "SELECT count(*) AS n FROM active_documents"]) == 0
    assert json.loads(capsys.readouterr().out) == [{"n": 5}]
    assert cli.main(["sql", "--db", str(db), "SELECT year, currency, total FROM totals_by_year"]) == 0
    table = capsys.readouterr().out
    assert table.splitlines()[0].split() == ["year", "currency", "total"]


def test_run_exits_3_when_a_document_fails(capsys, raw_dir, tmp_path, nlp, monkeypatch):
    (raw_dir / "empty.txt").write_bytes(b"")
    code = cli.main(
        ["run", "--raw", str(raw_dir), "--out", str(tmp_path / "o"), "--db", str(tmp_path / "w.duckdb")]
    )
    assert code == cli.EXIT_DOC_FAILURES
    assert "FAILED empty.txt: E100" in capsys.readouterr().out


def test_sql_is_read_only(capsys, tmp_path):
    db = tmp_path / "w.duckdb"
    with store.open_writer(db):
        pass
    code = cli.main(["sql", "--db", str(db), "DELETE FROM documents"])
    assert code == cli.EXIT_USAGE
    assert "read-only" in capsys.readouterr().err


@pytest.mark.parametrize(
    "query",
    [
        "COPY (SELECT 'gone' x) TO '{db}' (FORMAT csv)",
        "COPY (SELECT 1 x) TO '{tmp}/out.csv' (FORMAT csv)",
        "SELECT * FROM read_text('/etc/hostname')",
        "SELECT * FROM read_csv('{tmp}/in.csv')",
        "SELECT * FROM glob('{tmp}/*')",
        "ATTACH '{tmp}/other.duckdb' AS other",
        "SET enable_external_access = true",
    ],
)
def test_sql_touches_no_file_unless_allowed(capsys, tmp_path, query):
    db = tmp_path / "w.duckdb"
    with store.open_writer(db):
        pass
    (tmp_path / "in.csv").write_text("a\n1\n")
    before = db.read_bytes()
    code = cli.main(["sql", "--db", str(db), query.format(db=db, tmp=tmp_path)])
    assert code == cli.EXIT_USAGE
    assert "error:" in capsys.readouterr().err
    assert db.read_bytes() == before
    assert not (tmp_path / "out.csv").exists() and not (tmp_path / "other.duckdb").exists()
    # the views and macros still answer
    assert cli.main(["sql", "--db", str(db), "SELECT count(*) AS n FROM documents_mentioning('x')"]) == 0


def test_sql_allow_files_reads_and_writes_files_but_never_the_warehouse(capsys, tmp_path):
    db = tmp_path / "w.duckdb"
    with store.open_writer(db):
        pass
    out = tmp_path / "out.csv"
    copy = f"COPY (SELECT 42 AS x) TO '{out}' (FORMAT csv)"
    assert cli.main(["sql", "--allow-files", "--db", str(db), copy]) == 0
    assert out.read_text().split() == ["x", "42"]
    assert (
        cli.main(["sql", "--allow-files", "--db", str(db), "--json", f"SELECT * FROM read_csv('{out}')"]) == 0
    )
    assert '"x": 42' in capsys.readouterr().out
    before = db.read_bytes()
    for query in (
        f"COPY (SELECT 1 x) TO '{db}' (FORMAT csv)",
        f"COPY (SELECT 1 x) TO '{tmp_path}' (OVERWRITE)",
    ):
        assert cli.main(["sql", "--allow-files", "--db", str(db), query]) == cli.EXIT_USAGE
    assert db.read_bytes() == before
    assert "never written" in capsys.readouterr().err


def test_sql_without_a_warehouse_says_what_to_do(capsys, tmp_path):
    assert cli.main(["sql", "--db", str(tmp_path / "none.duckdb"), "SELECT 1"]) == cli.EXIT_ABORTED
    assert "pipeline run" in capsys.readouterr().err


def test_usage_error_exits_2(capsys):
    assert cli.main(["nonsense"]) == cli.EXIT_USAGE
    capsys.readouterr()


def test_every_subcommand_has_help_text():
    parser = cli.build_parser()
    [sub] = [a for a in parser._actions if a.dest == "command"]
    assert set(sub.choices) == {"run", "extract", "load", "sql", "export", "report", "watch", "bench"}
    for action in sub._choices_actions:
        assert action.help, action.dest


def test_format_table_uses_italian_separators_and_aligns_numbers():
    result = store.QueryResult(
        ["org", "total"],
        [("Regione Lombardia", Decimal("13500000.000000")), ("Polimi", Decimal("109300.95"))],
    )
    lines = output.format_table(result).splitlines()
    assert lines[2].endswith("13.500.000")
    assert lines[3].endswith("109.300,95")
    assert lines[-1] == "(2 rows)"


def _readme_commands():
    text = (REPO / "README.md").read_text(encoding="utf-8")
    for line in text.splitlines():
        line = line.strip().removeprefix("$ ")
        if line.startswith("pipeline "):
            yield line


@pytest.mark.parametrize("line", list(_readme_commands()))
def test_readme_pipeline_lines_are_real_commands(line):
    argv = shlex.split(line, comments=True)[1:]
    args = cli.build_parser().parse_args(argv)
    assert args.handler is not None


def test_readme_shows_both_make_commands():
    text = (REPO / "README.md").read_text(encoding="utf-8")
    assert "make run" in text
    assert "make test" in text
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^make( \w+)* test$", ci, re.MULTILINE), "CI must run the README's test command"


def test_run_limits_turn_an_oversized_file_into_a_failure(capsys, raw_dir, tmp_path, nlp, monkeypatch):
    args = ["--raw", str(raw_dir), "--out", str(tmp_path / "o"), "--db", str(tmp_path / "w.duckdb")]
    code = cli.main(["run", *args, "--max-mb", "0.01"])
    out = capsys.readouterr().out
    assert code == cli.EXIT_DOC_FAILURES
    assert "FAILED cluster-tecnologici-lombardi-brochure.md: E108" in out
