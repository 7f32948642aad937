"""Every `pipeline` command line shown in the README runs, on a copy of the seeds."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest

from pipeline import bench, cli

REPO = Path(__file__).resolve().parent.parent
COMMAND_RE = re.compile(r"(?m)^(?:\$ )?(pipeline [^\n]+)$")


def readme_commands() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```\n(.*?)```", text, re.S)
    return [c for block in blocks for c in COMMAND_RE.findall(block)]


def test_the_readme_shows_the_commands():
    commands = readme_commands()
    assert "pipeline load" in commands and "pipeline bench accuracy" in commands
    assert len(commands) >= 12


@pytest.mark.slow
def test_every_readme_command_runs(tmp_path, monkeypatch, nlp, capsys):
    shutil.copytree(REPO / "raw", tmp_path / "raw", ignore=shutil.ignore_patterns(".*"))
    monkeypatch.chdir(tmp_path)
    calls: list[list[str]] = []

    def fake_bench(args):  # the benchmarks themselves are measured by `make bench`, not here
        calls.append([args.what])
        return cli.EXIT_OK

    monkeypatch.setattr(bench, "main_bench", fake_bench)
    watched: list[str] = []
    for command in readme_commands():
        argv = shlex.split(command, comments=True)[1:]
        if argv[:1] == ["watch"]:  # runs until stopped: tests/test_watch.py starts it for real
            watched.append(command)
            continue
        code = cli.main(argv)
        out = capsys.readouterr()
        assert code == cli.EXIT_OK, f"{command}: exit {code}\n{out.err[-2000:]}"
    assert sorted(calls) == [["accuracy"], ["speed"]]
    assert len(watched) <= 1
