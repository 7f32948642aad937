"""Reading in a worker process: a hang, a crash or a memory hog on one file becomes a failure."""

from __future__ import annotations

import os

from pipeline.readers import Limits, read_document
from pipeline.stages import IsolatedReader
from pipeline.stages.isolation import ReadError

MARKDOWN = b"Il bando vale **2 milioni di euro**.\n"


def _spin_on_hang(data, name, limits):
    while name.startswith("hang"):
        pass
    return read_document(data, name, limits)


def _hog(data, name, limits):
    return bytearray(2 * 2**30)


def _die(data, name, limits):
    os._exit(3)


def test_isolated_reader_reads_like_the_reader():
    with IsolatedReader(Limits()) as reader:
        source = reader.read(MARKDOWN, "bando.md")
    assert source.text.strip() == "Il bando vale 2 milioni di euro."


def _pid(data, name, limits):
    return ReadError("E100", str(os.getpid()))


def test_isolated_reader_reads_text_in_process_and_pdf_in_a_worker():
    with IsolatedReader(Limits(), read=_pid) as reader:
        assert reader.read(MARKDOWN, "nota.md").message == str(os.getpid())
        assert reader.read(b"%PDF-1.7 ...", "nota.md").message != str(os.getpid())
        assert reader.read(b"...", "bando.pdf").message != str(os.getpid())


def test_isolated_reader_kills_a_read_that_hangs_then_reads_the_next_file():
    with IsolatedReader(Limits(max_seconds=0.5), read=_spin_on_hang) as reader:
        result = reader.read(MARKDOWN, "hang.pdf")
        assert isinstance(result, ReadError)
        assert result.code == "E109"
        # a fresh worker answers for the next file (markdown bytes are not a valid pdf)
        assert reader.read(MARKDOWN, "next.pdf").code == "E101"


def test_isolated_reader_stops_a_read_that_takes_too_much_memory():
    with IsolatedReader(Limits(max_memory=1 * 2**30), read=_hog) as reader:
        result = reader.read(MARKDOWN, "hog.pdf")
    assert isinstance(result, ReadError)
    assert result.code == "E112"


def test_isolated_reader_survives_a_worker_that_dies():
    with IsolatedReader(Limits(), read=_die) as reader:
        result = reader.read(MARKDOWN, "crash.pdf")
    assert isinstance(result, ReadError)
    assert result.code == "E113"
