"""What `pipeline` prints and how it starts: output formats, Parquet export, version, configuration."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from pipeline import cli, config

OLD = Path(__file__).resolve().parent / "fixtures" / "warehouse-v0.1.0"


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("cli-output")
    shutil.copytree(OLD / "extracted", base / "extracted")
    db = base / "w.duckdb"
    assert cli.main(["load", "--out", str(base / "extracted"), "--db", str(db)]) == 0
    return db


def _sql(capsys, db: Path, *args: str) -> str:
    capsys.readouterr()
    assert cli.main(["sql", *args, "--db", str(db)]) == 0
    return capsys.readouterr().out


QUERY = "SELECT value, text, sentence_start IS NULL AS no_start FROM amounts ORDER BY value, start"


def test_json_numbers_are_json_numbers(warehouse, capsys):
    rows = json.loads(_sql(capsys, warehouse, "--json", QUERY))
    assert rows and all(
        isinstance(r["value"], int | float) and not isinstance(r["value"], bool) for r in rows
    )
    assert all(isinstance(r["no_start"], bool) for r in rows)
    con = duckdb.connect(str(warehouse), read_only=True)
    expected = [
        float(v) for (v,) in con.execute("SELECT value FROM amounts ORDER BY value, start").fetchall()
    ]
    con.close()
    assert [float(r["value"]) for r in rows] == expected


def test_nl_prints_one_object_a_line_and_csv_a_header(warehouse, capsys):
    lines = _sql(capsys, warehouse, "--nl", QUERY).splitlines()
    table = list(csv.reader(io.StringIO(_sql(capsys, warehouse, "--csv", QUERY))))
    assert table[0] == ["value", "text", "no_start"]
    assert len(lines) == len(table) - 1 > 0
    for line, row in zip(lines, table[1:], strict=True):
        obj = json.loads(line)
        assert obj["text"] == row[1] and float(obj["value"]) == float(row[0])


def test_export_writes_every_table_and_view(warehouse, tmp_path, capsys):
    assert cli.main(["export", "--parquet", str(tmp_path / "pq"), "--db", str(warehouse)]) == 0
    names = {p.stem for p in (tmp_path / "pq").glob("*.parquet")}
    assert {
        "documents",
        "amounts",
        "entities",
        "files",
        "funding_facts",
        "money_by_funder",
        "amount_cooccurrences",
    } <= names
    con = duckdb.connect()
    exported = con.execute(f"SELECT count(*) FROM '{tmp_path / 'pq' / 'amounts.parquet'}'").fetchone()
    con.close()
    source = duckdb.connect(str(warehouse), read_only=True)
    assert exported == source.execute("SELECT count(*) FROM amounts").fetchone()
    source.close()


def test_sql_and_version_do_not_import_the_heavy_libraries(warehouse):
    code = (
        "import sys; from pipeline.cli import main; main(['sql', 'SELECT 1', '--db', sys.argv[1]]);"
        "heavy = ('spacy', 'pydantic', 'prefect', 'pypdfium2', 'pyarrow');"
        "print(sorted(m for m in heavy if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(warehouse)], capture_output=True, text=True, check=True
    ).stdout
    assert out.splitlines()[-1] == "[]"


def test_python_m_pipeline_prints_the_version():
    out = subprocess.run(
        [sys.executable, "-m", "pipeline", "--version"], capture_output=True, text=True, check=True
    ).stdout
    assert out.startswith("pipeline ") and out.split()[1][0].isdigit()


def test_flags_over_environment_over_pipeline_toml(tmp_path):
    (tmp_path / "pipeline.toml").write_text('raw = "docs"\ndb = "from-toml.duckdb"\nworkers = 3\n')
    conf = config.defaults(env={"PIPELINE_DB": "from-env.duckdb"}, cwd=tmp_path)
    assert (conf["raw"], conf["db"], conf["out"], conf["workers"]) == (
        "docs",
        "from-env.duckdb",
        "extracted",
        3,
    )
    env = {**os.environ, "PIPELINE_DB": str(tmp_path / "missing-env.duckdb")}
    run = subprocess.run(
        [sys.executable, "-m", "pipeline", "sql", "SELECT 1"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert "missing-env.duckdb" in run.stderr
    run = subprocess.run(
        [sys.executable, "-m", "pipeline", "sql", "SELECT 1", "--db", "flag.duckdb"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert "flag.duckdb" in run.stderr


def test_an_unknown_key_in_pipeline_toml_is_a_usage_error(tmp_path):
    (tmp_path / "pipeline.toml").write_text('raws = "docs"\n')
    with pytest.raises(config.ConfigError, match="raws"):
        config.defaults(env={}, cwd=tmp_path)
