"""The logistic regression of `training/logistic.py` that the recipients' model is fitted with."""

from __future__ import annotations

import random

from training.logistic import fit_full_batch, probability

# a feature that says yes, one that says no, one that says nothing, and a few examples against the rule
_DATA = [
    *[({"bias", "yes", "noise"}, 1)] * 40,
    *[({"bias", "yes"}, 0)] * 6,
    *[({"bias", "no", "noise"}, 0)] * 40,
    *[({"bias", "no"}, 1)] * 5,
]


def test_the_weights_do_not_depend_on_the_order_of_the_examples() -> None:
    shuffled = list(_DATA)
    random.Random(7).shuffle(shuffled)
    assert fit_full_batch(shuffled) == fit_full_batch(_DATA)


def test_the_weights_fit_the_examples() -> None:
    weights = fit_full_batch(_DATA)
    assert weights["yes"] > 1 > -1 > weights["no"]
    assert 0.8 < probability(weights, {"bias", "yes", "noise"}) < 0.95
    assert 0.05 < probability(weights, {"bias", "no", "noise"}) < 0.2


def test_the_penalty_shrinks_the_weights() -> None:
    loose, tight = fit_full_batch(_DATA, penalty=1e-4), fit_full_batch(_DATA, penalty=1e-1)
    assert abs(tight["yes"]) < abs(loose["yes"])
