"""Words per CPU second of the whole entity stage: the tokenizer, the statistical model, the rules
and the canonical names, on the text the readers give for the corpus's documents.

A CPU second is not a fixed amount of work on a shared virtual machine (the same busy loop takes from
0.9 to 1.5 CPU seconds from one minute to the next), so the figure is the best of `rounds` rounds of at
least `min_words` words each, like every other figure of `pipeline bench speed`, and each round is kept."""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

MIN_WORDS = 100_000


def entity_speed(files: Sequence[Path], min_words: int = MIN_WORDS, rounds: int = 3) -> dict[str, Any]:
    """Pass the documents' texts through the entity stage until `min_words` words (whitespace-separated,
    as a reader counts them) have gone through, `rounds` times; CPU time of this process only, the best
    round reported. spaCy's tokens (words and punctuation) are counted too."""
    from pipeline.extract.entities import find_entities
    from pipeline.extract.nlp import build_nlp
    from pipeline.extract.source import SourceText
    from pipeline.readers.dispatch import read_document

    texts = []
    for path in files:
        read = read_document(path.read_bytes(), path.name)
        if isinstance(read, SourceText) and read.text.strip():
            texts.append(read.text)
    if not texts:
        return {}
    nlp = build_nlp()
    find_entities(nlp("Il Comune di Milano ha ricevuto fondi dalla Regione Lombardia."))  # data loaded
    per_pass = sum(len(text.split()) for text in texts)
    found = [_round(nlp, texts, per_pass, min_words, find_entities) for _ in range(max(1, rounds))]
    best = max(found, key=lambda r: r["words_per_cpu_s"])
    return {"documents": len(texts), **best, "rounds": [r["words_per_cpu_s"] for r in found]}


def _round(nlp: Any, texts: list[str], per_pass: int, min_words: int, find: Any) -> dict[str, Any]:
    """One round: whole passes over the texts until `min_words` words have gone through."""
    words, tokens, cpu = 0, 0, 0.0
    while words < min_words:
        t0 = time.process_time()
        for doc in nlp.pipe(texts):
            find(doc)
            tokens += len(doc)
        cpu += time.process_time() - t0
        words += per_pass
    return {
        "words": words,
        "cpu_s": round(cpu, 3),
        "words_per_cpu_s": round(words / max(cpu, 1e-9)),
        "tokens_per_cpu_s": round(tokens / max(cpu, 1e-9)),
    }
