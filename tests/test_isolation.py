"""Reading in a worker process: a hang, a crash or a memory hog on one file becomes a failure."""

from __future__ import annotations

import os

from pipeline.readers import Limits, read_document
from pipeline.stages import DocumentWorker
from pipeline.stages.documents import Job
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
    with DocumentWorker(Limits(), extract=None) as reader:
        source = reader.read(MARKDOWN, "bando.md")
    assert source.text.strip() == "Il bando vale 2 milioni di euro."


def _pid(data, name, limits):
    return ReadError("E100", str(os.getpid()))


def test_isolated_reader_reads_every_format_in_one_reused_worker():
    with DocumentWorker(Limits(), read=_pid, extract=None) as reader:
        pids = {reader.read(data, name).message for data, name in [
            (MARKDOWN, "nota.md"), (b"testo", "nota.txt"), (b"%PDF-1.7 ...", "nota.md"), (b"...", "bando.pdf")
        ]}  # fmt: skip
    assert len(pids) == 1
    assert pids != {str(os.getpid())}


def test_isolated_reader_kills_a_read_that_hangs_then_reads_the_next_file():
    with DocumentWorker(Limits(max_seconds=0.5), read=_spin_on_hang, extract=None) as reader:
        result = reader.read(MARKDOWN, "hang.pdf")
        assert isinstance(result, ReadError)
        assert result.code == "E109"
        # a fresh worker answers for the next file (markdown bytes are not a valid pdf)
        assert reader.read(MARKDOWN, "next.pdf").code == "E101"


def test_isolated_reader_stops_a_read_that_takes_too_much_memory():
    with DocumentWorker(Limits(max_memory=1 * 2**30), read=_hog, extract=None) as reader:
        result = reader.read(MARKDOWN, "hog.pdf")
    assert isinstance(result, ReadError)
    assert result.code == "E112"


def _abort_at_memory_limit(data, name, limits):
    # what a C library does when an allocation fails under the limit: it aborts the process
    hold = []
    try:
        while True:
            hold.append(bytearray(64 * 2**20))
    except MemoryError:
        os.abort()


def _raise(data, name, limits):
    raise ValueError("a reader bug")


def test_a_worker_that_dies_at_its_memory_limit_is_a_memory_failure():
    with DocumentWorker(Limits(max_memory=1 * 2**30), read=_abort_at_memory_limit, extract=None) as reader:
        result = reader.read(MARKDOWN, "hog.pdf")
        assert result.code == "E112"
        assert "1024 MiB" in result.message


def test_a_reader_exception_is_a_failure_of_that_file_and_the_worker_goes_on():
    with DocumentWorker(Limits(), read=_raise, extract=None) as reader:
        first = reader.read(MARKDOWN, "a.md")
        pid = reader.worker_pid
        second = reader.read(MARKDOWN, "b.md")
        assert reader.worker_pid == pid
    assert first.code == second.code == "E113"
    assert "ValueError: a reader bug" in first.message


def test_isolated_reader_survives_a_worker_that_dies():
    with DocumentWorker(Limits(), read=_die, extract=None) as reader:
        result = reader.read(MARKDOWN, "crash.pdf")
    assert isinstance(result, ReadError)
    assert result.code == "E113"


def _hog_extract(info, source, nlp):
    return bytearray(2 * 2**30)


def test_an_extraction_that_takes_too_much_memory_fails_with_e112_in_the_extract_stage():
    # the model is loaded under the same limit: 1.5 GiB holds it, not 2 GiB more
    with DocumentWorker(Limits(max_memory=3 * 2**29), extract=_hog_extract) as worker:
        result, _ = worker.process(Job(MARKDOWN, "bando.md", "d" * 64, "bando.md"))
    assert (result.stage, result.code) == ("extract", "E112")
