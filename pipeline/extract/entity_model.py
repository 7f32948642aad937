"""The shipped statistical NER model, with spaCy's greedy decoding done on arrays.

spaCy's entity recognizer reads a document token by token: at each token it sums three precomputed
feature vectors of the state (the token, the first token of the open entity, the token before), takes
the maxout, multiplies by the output layer and applies the best valid move (B, I, L, U or O of a
label). The product of one state at a time is a 1 x 48 by 48 x 18 matrix product, and the BLIS
library the model runs on spends far more on each call than on the arithmetic (about 8 us a call).

The scores of a state depend only on its three feature tokens. With no entity open they are those of
(token, none, none): `GreedyDecoder` scores every token of a batch that way in one product, takes the
best valid move of each, and walks the document from one B or U to the next; an entity opened at a
token is then scored for the next tokens (features: token, entity start, token before) in one product
too. Every step is the same floating-point operation in the same order as spaCy's C loop (sums from
zero in feature order, the bias, the maxout's first strictly greater piece, BLIS's product, the bias,
the first best valid move), so the entities are the same, bit for bit. Documents the decoder was not
written for (entities or sentence starts already set, non-finite scores, another kind of model) go
through spaCy's own decoding.

`TokenVectors` computes the model's token vectors (most of the remaining time) with the embedding of
each distinct token of a batch computed once: the same layers on fewer rows, the same rows.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Any

import numpy as np
import numpy.typing as npt
from spacy.attrs import ENT_IOB, ENT_KB_ID, ENT_TYPE, IS_SPACE, SENT_START
from spacy.pipeline import EntityRecognizer
from spacy.tokens import Doc, Span
from thinc.api import Model, NumpyOps

from pipeline.extract.entity_lines import capital_parts
from pipeline.extract.entity_tokens import TokenTable, leave_lines

Floats = npt.NDArray[np.float32]
Ints = npt.NDArray[np.int64]
# an entity found by the model: start token, end token, label
Entity = tuple[int, int, str]
# the tokens an opened entity is scored ahead for at a time (most entities are shorter)
LOOKAHEAD = 8
_FRESH_ATTRS = [ENT_IOB, ENT_TYPE, ENT_KB_ID, SENT_START, IS_SPACE]


@dataclass(frozen=True)
class Moves:
    """The class index of each move of the recognizer, by label (labels in the order of `labels`)."""

    labels: tuple[str, ...]
    begin: Ints
    inside: Ints
    last: Ints
    unit: Ints
    out: int
    n_classes: int
    # B or U class -> (label index, whether the entity stays open: B)
    opens: dict[int, tuple[int, bool]]
    # the label index of each class of a label (-1 for O and `U-`)
    label_of: Ints

    @classmethod
    def of(cls, names: list[str]) -> Moves | None:
        """The moves of a BILUO recognizer from its class names (`B-ORG`, ..., `U-`, `O`), or None when
        they are not one B, I, L and U for each label, an `O`, and at most a `U-` without label."""
        index = {name: i for i, name in enumerate(names)}
        labels = tuple(sorted({name[2:] for name in names if name[:2] == "B-"}))
        expected = {f"{move}-{label}" for move in "BILU" for label in labels} | {"O"}
        if not labels or "" in labels or set(names) - {"U-"} != expected:
            return None

        def column(move: str) -> Ints:
            return np.array([index[f"{move}-{label}"] for label in labels], dtype=np.int64)

        begin, unit = column("B"), column("U")
        opens = {int(c): (i, True) for i, c in enumerate(begin)} | {
            int(c): (i, False) for i, c in enumerate(unit)
        }
        label_of = np.full(len(names), -1, dtype=np.int64)
        for i, label in enumerate(labels):
            label_of[[index[f"{move}-{label}"] for move in "BILU"]] = i
        return cls(labels, begin, column("I"), column("L"), unit, index["O"], len(names), opens, label_of)


class TokenVectors:
    """The token vectors of spaCy's Tok2Vec (MultiHashEmbed then MaxoutWindowEncoder, projected), the
    embedding of each distinct token computed once per batch.

    The embedding of a token (its four hashed attributes, the maxout and the layer norm) is a function
    of its attributes alone, computed row by row: the benchmark's five documents, one batch of 12,000
    tokens, hold about 2,700 distinct ones. The same layers run on the distinct rows give the same
    rows, bit for bit; then the encoder (which reads the neighbours) and the projection run on every
    token as in spaCy.
    """

    EMBED_RE = re.compile(r"with_array\((ints-getitem>>hashembed\|)*ints-getitem>>hashembed\)")

    def __init__(self, tok2vec: Model[list[Doc], Floats]) -> None:
        self.tok2vec = tok2vec
        embed_encode, self.to_array, self.project = tok2vec.layers
        embedding, self.encode = embed_encode.layers
        self.features, _, self.embed, self.mix, _ = embedding.layers

    @classmethod
    def of(cls, tok2vec: Model[list[Doc], Floats]) -> TokenVectors | None:
        """The token vectors of `tok2vec`, or None when it is not made of those layers."""
        names = [layer.name for layer in tok2vec.layers]
        if len(names) != 3 or names[1:] != ["list2array", "linear"] or len(tok2vec.layers[0].layers) != 2:
            return None
        embedding = [layer.name for layer in tok2vec.layers[0].layers[0].layers]
        if (
            len(embedding) != 5
            or embedding[:2] != ["extract_features", "list2ragged"]
            or not cls.EMBED_RE.fullmatch(embedding[2])
            or embedding[3:] != ["with_array(maxout>>layernorm>>dropout)", "ragged2list"]
        ):
            return None
        return cls(tok2vec)

    def __call__(self, docs: list[Doc]) -> Floats:
        features: list[npt.NDArray[np.uint64]] = self.features.predict(docs)
        distinct, inverse = np.unique(np.concatenate(features), axis=0, return_inverse=True)
        embedded: Floats = self.mix.predict(self.embed.predict(distinct))
        rows = embedded[inverse.reshape(-1)]
        per_doc = np.split(rows, np.cumsum([len(f) for f in features])[:-1])
        vectors: Floats = self.project.predict(self.to_array.predict(self.encode.predict(per_doc)))
        return vectors


class GreedyDecoder:
    """spaCy's greedy decoding of a transition-based NER model with three state features (`ner`
    state type, no extra state tokens), an output layer and no unseen class."""

    def __init__(self, ner: EntityRecognizer, moves: Moves) -> None:
        model = ner.model
        tok2vec = model.get_ref("tok2vec")
        self.tok2vec: Callable[[list[Doc]], Floats] = TokenVectors.of(tok2vec) or tok2vec.predict
        self.lower = model.get_ref("lower")
        upper = model.get_ref("upper")
        self.ops: NumpyOps = model.ops
        self.moves = moves
        self.n_hidden: int = self.lower.get_dim("nO")
        self.n_pieces: int = self.lower.get_dim("nP")
        self.width = self.n_hidden * self.n_pieces
        self.feature_bias: Floats = self.lower.get_param("b").reshape(self.width)
        self.output_weights: Floats = upper.get_param("W")
        self.output_bias: Floats = upper.get_param("b")

    @classmethod
    def of(cls, ner: EntityRecognizer) -> GreedyDecoder | None:
        """The decoder of `ner`, or None when the model is not of the kind it decodes."""
        model = ner.model
        moves = Moves.of([ner.moves.get_class_name(i) for i in range(ner.moves.n_moves)])
        if (
            moves is None
            or ner.cfg.get("beam_width", 1) != 1
            or not model.attrs.get("has_upper")
            or model.attrs.get("unseen_classes")
            or not isinstance(model.ops, NumpyOps)
            or model.get_ref("lower").get_dim("nF") != 3
            or model.get_ref("upper").get_param("W").shape[0] != moves.n_classes
        ):
            return None
        return cls(ner, moves)

    def entities(self, docs: list[Doc]) -> list[list[Entity]] | None:
        """The entities spaCy's decoding finds in each document (all scored in one batch, as spaCy
        does), or None when a document is not one the decoder was written for."""
        tokens = [doc.to_array(_FRESH_ATTRS) if len(doc) else None for doc in docs]
        if any(t is not None and (t[:, :3].any() or (t[1:, 3] == 1).any()) for t in tokens):
            return None  # entities set before the model, or sentence starts: spaCy decodes those
        if not any(len(doc) for doc in docs):
            return [[] for _ in docs]
        tokvecs = self.tok2vec(docs)
        # row 0: the padding of each feature (a state without that token); row t + 1: token t
        features: Floats = self.lower.predict(tokvecs).reshape((-1, 3, self.width))
        n_tokens = features.shape[0] - 1
        outside = self._scores(features[1:, 0], features[0, 1], features[0, 2])
        if not np.isfinite(outside).all():
            return None
        lengths = np.array([len(doc) for doc in docs], dtype=np.int64)
        ends = np.repeat(np.cumsum(lengths), lengths)  # end of each token's document
        is_space = np.concatenate([t[:, 4] for t in tokens if t is not None]).astype(bool)
        guesses = self._outside_moves(outside, ends, is_space)
        firsts = np.flatnonzero(np.isin(guesses, self.moves.begin))
        labels = self.moves.label_of[guesses[firsts]]
        last_tokens = self._lasts(features, firsts, labels, ends[firsts], firsts + 1)
        lasts = dict(zip(firsts.tolist(), last_tokens.tolist(), strict=True))
        found: list[list[Entity]] = []
        offset = 0
        for length in lengths.tolist():
            found.append(self._walk(guesses, lasts, offset, offset + length))
            offset += length
        assert offset == n_tokens
        return found

    def _scores(self, token: Floats, start: Floats, before: Floats) -> Floats:
        """The move scores of states from their three feature vectors (each one per state, or one for
        all), as spaCy's `predict_states`: the features summed in order from zero, the bias, the
        maxout, the output layer."""
        summed = np.zeros((len(token), self.width), dtype=np.float32)
        summed += token
        summed += start
        summed += before
        summed += self.feature_bias
        pieces = summed.reshape((len(token), self.n_hidden, self.n_pieces))
        if self.n_pieces == 2:
            # thinc's arg_max of two: the first only when strictly greater
            hidden = np.where(pieces[:, :, 0] > pieces[:, :, 1], pieces[:, :, 0], pieces[:, :, 1])
        else:
            hidden = pieces[:, :, 0]
            for piece in range(1, self.n_pieces):
                hidden = np.where(pieces[:, :, piece] > hidden, pieces[:, :, piece], hidden)
        scores: Floats = self.ops.gemm(np.ascontiguousarray(hidden), self.output_weights, trans2=True)
        scores += self.output_bias
        return scores

    def _outside_moves(self, scores: Floats, ends: Ints, is_space: npt.NDArray[np.bool_]) -> Ints:
        """The best valid move of each token with no entity open: O, or B or U of a label (not on a
        space, B not on the last token of the document); the first of equal scores."""
        moves = self.moves
        valid = np.zeros(scores.shape, dtype=bool)
        valid[:, moves.out] = True
        valid[:, moves.unit] = ~is_space[:, None]
        not_last = np.arange(len(scores)) < ends - 1
        valid[:, moves.begin] = (~is_space & not_last)[:, None]
        guesses: Ints = np.where(valid, scores, -np.inf).argmax(axis=1)
        return guesses

    def _walk(self, guesses: Ints, lasts: dict[int, int], start: int, end: int) -> list[Entity]:
        """The entities of the document of tokens start..end (in the batch): from each B or U taken
        with no entity open to the next; `lasts` has the last token of the entity a B would open."""
        moves = self.moves
        entities: list[Entity] = []
        position = start
        for token in (np.flatnonzero(guesses[start:end] != moves.out) + start).tolist():
            if token < position:
                continue  # inside the entity found before
            label, is_open = moves.opens[int(guesses[token])]
            last = lasts[token] if is_open else token
            entities.append((token - start, last + 1 - start, moves.labels[label]))
            position = last + 1
        return entities

    def _lasts(self, features: Floats, firsts: Ints, labels: Ints, ends: Ints, ahead: Ints) -> Ints:
        """The last token of the entity of each label (index) opened at each token of `firsts`, whose
        document ends before `ends`, scanning from `ahead`: the first next token whose best valid move
        is L rather than I of the label (I is not valid on the last token of the document). All the
        entities are scored LOOKAHEAD tokens ahead in one product, then the longer ones further."""
        if not len(firsts):
            return firsts
        moves = self.moves
        tokens = ahead[:, None] + np.arange(LOOKAHEAD)
        in_document = tokens < ends[:, None]
        rows = tokens[in_document]
        row_first = np.broadcast_to(firsts[:, None], tokens.shape)[in_document]
        row_label = np.broadcast_to(labels[:, None], tokens.shape)[in_document]
        scores = self._scores(features[rows + 1, 0], features[row_first + 1, 1], features[rows, 2])
        if not np.isfinite(scores).all():
            raise FloatingPointError("non-finite entity scores")
        inside, last = moves.inside[row_label], moves.last[row_label]
        s_inside, s_last = scores[np.arange(len(rows)), inside], scores[np.arange(len(rows)), last]
        inside_valid = rows < np.broadcast_to(ends[:, None], tokens.shape)[in_document] - 1
        # spaCy's best valid move: the first of I and L by class index, the other if strictly greater
        closes = np.zeros(tokens.shape, dtype=bool)
        closes[in_document] = np.where(
            inside < last, ~inside_valid | (s_last > s_inside), ~(inside_valid & (s_inside > s_last))
        )
        closed = closes.any(axis=1)
        lasts: Ints = tokens[np.arange(len(tokens)), closes.argmax(axis=1)]
        if not closed.all():
            more = ~closed
            lasts[more] = self._lasts(
                features, firsts[more], labels[more], ends[more], ahead[more] + LOOKAHEAD
            )
        return lasts


class EntityModel:
    """The pipeline's NER component: the shipped spaCy recognizer, decoded by `GreedyDecoder`.

    With a recognizer for `capitals` (trained on the corpus sentences written in capitals), the lines
    written in capitals (`capital_lines`: headings, titles, an act's header) take its entities instead,
    each line read as a document of its own: the first recognizer reads capital letters as a sign of a
    name. An entity of the first recognizer that runs over a line's start or end stays.

    A line break inside a paragraph before a lower-case word is a space to the recognizers (they were
    trained on sentences, and took the break into a name: `Venezia\n`); one before a capital stays, as
    the next line may be another item of a list.
    """

    def __init__(self, ner: EntityRecognizer, name: str, capitals: EntityRecognizer | None = None) -> None:
        self.ner = ner
        self.name = name
        self.decoder = GreedyDecoder.of(ner)
        self.capitals = GreedyDecoder.of(capitals) if capitals is not None else None
        if capitals is not None and self.capitals is None:
            raise ValueError("the recognizer for capitals must be a greedy one the decoder reads")
        self.tokens = TokenTable()

    def __call__(self, doc: Doc) -> Doc:
        self._annotate([doc])
        return doc

    def pipe(self, docs: Iterable[Doc], *, batch_size: int = 256) -> Iterator[Doc]:
        """Annotate a stream of documents, batched as spaCy's recognizer batches them (by length)."""
        for batch in _batches(iter(docs), batch_size):
            by_length = sorted(batch, key=len)
            for group in _batches(iter(by_length), max(batch_size // 4, 2)):
                self._annotate(group)
            yield from batch

    def _annotate(self, docs: list[Doc]) -> None:
        found = self._entities(docs)
        if found is None:
            self.ner.set_annotations(docs, self.ner.predict(docs))
            return
        if self.capitals is not None:
            found = self._in_capitals(docs, found, self.capitals)
        for doc, entities in zip(docs, found, strict=True):
            # as spaCy's set_annotations on a document without entity annotation: the rest is O
            doc.set_ents([Span(doc, s, e, label=label) for s, e, label in entities], default="outside")

    def _in_capitals(
        self, docs: list[Doc], found: list[list[Entity]], capitals: GreedyDecoder
    ) -> list[list[Entity]]:
        """The entities of each document with those of its text in capitals read by `capitals`, each
        range as a document of its own without its line breaks (a title wrapped over two lines is read
        as one line, as the recognizer was trained)."""
        ranges = [(k, lo, hi) for k, doc in enumerate(docs) for lo, hi in leave_lines(doc, self.tokens)]
        if not ranges:
            return found
        parts, kept_tokens = capital_parts(docs, ranges)
        read = capitals.entities(parts)
        if read is None:
            return found
        out = [list(entities) for entities in found]
        for (k, lo, hi), tokens, entities in zip(ranges, kept_tokens, read, strict=True):
            # an entity that runs on from or into the text around the range stays
            kept = [e for e in out[k] if not (lo <= e[0] and e[1] <= hi)]
            taken = {i for s, e, _ in kept for i in range(s, e)}
            moved = [(tokens[s], tokens[e - 1] + 1, label) for s, e, label in entities]
            out[k] = kept + [e for e in moved if not taken.intersection(range(e[0], e[1]))]
        return [sorted(entities) for entities in out]

    def _entities(self, docs: list[Doc]) -> list[list[Entity]] | None:
        if self.decoder is None:
            return None
        try:
            return self.decoder.entities(docs)
        except FloatingPointError:
            return None

    def __getattr__(self, name: str) -> Any:
        # labels, the model, serialisation: those of the recognizer
        if name == "ner":
            raise AttributeError(name)
        return getattr(self.ner, name)


def _batches(docs: Iterator[Doc], size: int) -> Iterator[list[Doc]]:
    while batch := list(islice(docs, size)):
        yield batch
