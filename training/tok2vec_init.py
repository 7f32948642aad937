"""The `pipeline.load_ner_tok2vec.v1` callback of `training/config.cfg` ([initialize.after_init]):
after spaCy initialises the NER model, load pre-trained weights into its tok2vec.

spaCy's own `init_tok2vec` cannot reach this layer: the NER model keeps its tok2vec inside the parser
(no listener, so that the pipeline can source the component alone), as the first layer of the chain
that the parser names "tok2vec". With no path (the default) nothing is loaded.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import spacy
from spacy.language import Language


@spacy.registry.callbacks("pipeline.load_ner_tok2vec.v1")
def load_ner_tok2vec(path: str | None = None) -> Callable[[Language], Language]:
    """A callback that loads the tok2vec weights at `path` (made by `training.pretrain`) into "ner"."""

    def load(nlp: Language) -> Language:
        if path:
            layer = nlp.get_pipe("ner").model.get_ref("tok2vec").layers[0]
            layer.from_bytes(Path(path).read_bytes())
            print(f"NER tok2vec initialised from {path}")
        return nlp

    return load
