"""Words per CPU second of the whole entity stage: the tokenizer, the statistical model, the rules
and the canonical names, on the text the readers give for the corpus's documents."""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

MIN_WORDS = 100_000


def entity_speed(files: Sequence[Path], min_words: int = MIN_WORDS) -> dict[str, Any]:
    """Pass the documents' texts through the entity stage until `min_words` words (whitespace-separated,
        as a reader counts them) have gone through; CPU time of this process only. spaCy's tokens (words and
    punctuation) are counted too."""
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
    words, tokens, cpu = 0, 0, 0.0
    while words < min_words:
        t0 = time.process_time()
        for doc in nlp.pipe(texts):
            find_entities(doc)
            tokens += len(doc)
        cpu += time.process_time() - t0
        words += per_pass
    return {
        "documents": len(texts),
        "words": words,
        "cpu_s": round(cpu, 3),
        "words_per_cpu_s": round(words / max(cpu, 1e-9)),
        "tokens_per_cpu_s": round(tokens / max(cpu, 1e-9)),
    }
