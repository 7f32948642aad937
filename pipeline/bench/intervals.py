"""Intervals of the benchmark's figures: resampling the sentences or documents a figure is made of.

A figure from a few hundred sentences or a few dozen documents moves by points when other, equally
likely, sentences are drawn. Each interval here is the 2.5th and 97.5th percentile of the figure over
DRAWS resamplings with replacement of its units (a fixed seed, so a run prints the same interval).
Written on numpy, which the project has, rather than with scipy.stats.bootstrap, which would bring
scipy in for these few lines.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

DRAWS = 1000


def resamplings(n: int, draws: int = DRAWS, seed: int = 0) -> npt.NDArray[np.int64]:
    """`draws` resamplings (with replacement) of n units, one row of unit indices each."""
    indices: npt.NDArray[np.int64] = np.random.default_rng(seed).integers(0, n, size=(draws, n))
    return indices


def ratio_interval(
    numerators: npt.NDArray[np.int64], denominators: npt.NDArray[np.int64], draws: int = DRAWS, seed: int = 0
) -> tuple[float, float]:
    """The 95% interval of sum(numerators) / sum(denominators) over resamplings of the units (one value
    of each per unit); resamplings whose denominator is 0 count as 0.

    >>> right = np.array([1] * 6 + [0] * 4)   # 6 of 10 documents right
    >>> low, high = ratio_interval(right, np.ones(10, dtype=np.int64))
    >>> low, high
    (0.3, 0.9)
    """
    values = _ratios(numerators, denominators, resamplings(len(numerators), draws, seed))
    low, high = np.percentile(values, [2.5, 97.5])
    return float(low), float(high)


def _ratios(
    numerators: npt.NDArray[np.int64], denominators: npt.NDArray[np.int64], rows: npt.NDArray[np.int64]
) -> npt.NDArray[np.float64]:
    """The ratio of sums on each resampling (row of unit indices); 0 where the denominator is 0."""
    top, bottom = numerators[rows].sum(axis=1), denominators[rows].sum(axis=1)
    values: npt.NDArray[np.float64] = np.where(bottom > 0, top / np.maximum(bottom, 1), 0.0)
    return values


def ratio_difference(
    first: tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]],
    second: tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]],
    draws: int = DRAWS,
    seed: int = 0,
) -> dict[str, float]:
    """Paired comparison of two systems' ratios on the same units ((numerators, denominators) each):
    both ratios, the difference second minus first, its 95% interval over resamplings of the units
    (the same units for both) and the share of resamplings in which the second is not higher.

    >>> ones = np.ones(100, dtype=np.int64)
    >>> d = ratio_difference((np.array([1] * 50 + [0] * 50), ones), (np.array([1] * 80 + [0] * 20), ones))
    >>> d["first"], d["second"], round(d["difference"], 2), d["low"] > 0, d["not_better"]
    (0.5, 0.8, 0.3, True, 0.0)
    """
    if first[0].shape != second[0].shape:
        raise ValueError("the two systems must be scored on the same units")
    rows = resamplings(len(first[0]), draws, seed)
    differences = _ratios(*second, rows) - _ratios(*first, rows)
    whole = [float(num.sum() / den.sum()) if den.sum() else 0.0 for num, den in (first, second)]
    low, high = np.percentile(differences, [2.5, 97.5])
    return {
        "first": whole[0],
        "second": whole[1],
        "difference": whole[1] - whole[0],
        "low": float(low),
        "high": float(high),
        "not_better": float(np.mean(differences <= 0)),
    }
