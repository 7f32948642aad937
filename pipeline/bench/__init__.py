"""Benchmarks of `pipeline bench`: accuracy on the gold, speed on a corpus.

Modules: `command` (the command and the machine header), `gold` (reading the seed gold), `scoring`
(mentions against the gold), `accuracy_report` (the accuracy table and its JSON), `cases` (the
hand-written cases of real-document forms), `funding_gold` and `funding_scoring` (the funding gold and
its scores), `corpus` (entity corpora and their scores), `speed` (the speed figures) and `pdf_speed`
(the PDF reader beside pdfplumber and pypdfium2). The run never imports this package.
"""

from pipeline.bench.command import main_bench

__all__ = ["main_bench"]
