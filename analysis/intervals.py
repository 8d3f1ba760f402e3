"""Wilson intervals with the finite population correction, and the margin of error.

Pure numpy; no Flask, no database. Scalars take a fast path without numpy (the tables call
these once per option).
"""

import math

import numpy as np

Z95 = 1.959963984540054  # the 97.5 % point of the standard normal distribution


def fpc_factor(n, population=None):
    """The finite population correction (N - n) / (N - 1); 1 without N (arrays allowed)."""
    n = np.asarray(n, dtype=float)
    if population is None:
        return np.ones_like(n)
    big_n = np.asarray(population, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        factor = np.where(big_n > 1, (big_n - n) / (big_n - 1), 1.0)
    return np.clip(factor, 0.0, 1.0)


def _wilson_scalar(count: float, n: float, population, z: float) -> tuple[float, float]:
    if n <= 0:
        return math.nan, math.nan
    p = count / n
    factor = 1.0
    if population is not None and population > 1:
        factor = min(max((population - n) / (population - 1), 0.0), 1.0)
    if factor == 0:
        return p, p
    n_star = n / factor
    z2 = z * z
    denominator = 1 + z2 / n_star
    centre = (p + z2 / (2 * n_star)) / denominator
    half = z / denominator * math.sqrt(p * (1 - p) / n_star + z2 / (4 * n_star**2))
    return max(centre - half, 0.0), min(centre + half, 1.0)


def wilson_interval(count, n, population=None, z: float = Z95):
    """Wilson score interval for count / n, with FPC when the population size N is given.

    The FPC enters as an effective sample size n* = n / ((N - n) / (N - 1)); when the whole
    population answered (n >= N) the interval is the share itself. Returns (low, high) as
    floats or numpy arrays; NaN where n is 0.
    """
    if np.ndim(count) == 0 and np.ndim(n) == 0 and np.ndim(population) == 0:
        return _wilson_scalar(float(count), float(n), population, z)
    count = np.asarray(count, dtype=float)
    n = np.asarray(n, dtype=float)
    factor = fpc_factor(n, population)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = np.where(n > 0, count / n, np.nan)
        n_star = np.where(factor > 0, n / factor, np.inf)
        z2 = z * z
        denominator = 1 + z2 / n_star
        centre = (p + z2 / (2 * n_star)) / denominator
        half = z / denominator * np.sqrt(p * (1 - p) / n_star + z2 / (4 * n_star**2))
        low = np.where(np.isinf(n_star), p, centre - half)
        high = np.where(np.isinf(n_star), p, centre + half)
    low, high = np.clip(low, 0, 1), np.clip(high, 0, 1)
    if low.ndim == 0:
        return float(low), float(high)
    return low, high


def margin_of_error(n, population=None, p: float = 0.5, z: float = Z95):
    """Half-width of the 95 % interval of a share p (worst case 0.5), with FPC; NaN for n 0."""
    n = np.asarray(n, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        value = z * np.sqrt(p * (1 - p) / n) * np.sqrt(fpc_factor(n, population))
    value = np.where(n > 0, value, np.nan)
    return float(value) if value.ndim == 0 else value
