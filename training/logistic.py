"""Logistic regression over sets of string features, fitted by stochastic gradient descent with a fixed
seed (the same weights on every run): the models of places that act (`training/place_roles.py`) and of
funding recipients (`training/funding_choice.py`). No library for it is a dependency of the project."""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Sequence

EPOCHS = 30
RATE = 0.5
L2 = 1e-3
SEED = 0


def probability(weights: dict[str, float], feats: Iterable[str]) -> float:
    """The model's probability of the positive class for these (distinct) features."""
    total = sum(weights.get(f, 0.0) for f in feats)
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, total))))


def fit(data: Sequence[tuple[set[str], int]], seed: int = SEED) -> dict[str, float]:
    """Weights for examples (features, 1 or 0): the L2 penalty applied to the features of each example
    as it is seen, the rate falling with each epoch; weights below 1e-5 left out."""
    weights: dict[str, float] = {}
    rng = random.Random(seed)
    order = list(range(len(data)))
    for epoch in range(EPOCHS):
        rng.shuffle(order)
        rate = RATE / (1 + epoch)
        for i in order:
            active, y = data[i]
            p = probability(weights, active)
            for f in active:
                w = weights.get(f, 0.0)
                weights[f] = w - rate * (p - y + L2 * w)
    return {f: round(w, 5) for f, w in sorted(weights.items()) if abs(w) >= 1e-5}
