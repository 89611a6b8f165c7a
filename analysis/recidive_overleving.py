"""Recidive (indicator 10-2): Kaplan-Meier estimate of the time to the first offence.

The share of persons without a new offence after a number of days at liberty, with its
pointwise confidence interval, on the output of :mod:`analysis.recidive_vensters`
(``methods.md``, "Recidive (10-2)").
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats
from statsmodels.duration.survfunc import SurvfuncRight

from analysis.recidive_vensters import _check_alpha, _check_frame

__all__ = ["kaplan_meier"]

_KM_GEEN_DELICT = (
    "nog geen delict tot dit moment: standaardfout (Greenwood) is 0; geen betrouwbaarheidsinterval"
)
_KM_NUL = "aandeel zonder delict is 0: geen betrouwbaarheidsinterval (log-interval)"
_KM_VOORBIJ = "voorbij de langste follow-up: niet te schatten"


def kaplan_meier(
    data: pd.DataFrame,
    *,
    duration: str = "dagen_tot_eerste_delict",
    event: str = "event",
    times=(182, 365, 730),
    alpha: float = 0.05,
) -> pd.DataFrame:
    """Kaplan-Meier estimate of the share not yet reoffended, read at given times.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per person (the included persons of
        :func:`~analysis.recidive_vensters.person_windows`).
    duration, event : str
        Days at liberty to the first offence or censoring (>= 0) and the event flag (0/1).
    times : sequence of numbers, default (182, 365, 730)
        Days at liberty at which the curve is read (about 6, 12 and 24 months).
    alpha : float, default 0.05
        1 - confidence level.

    Returns
    -------
    pandas.DataFrame
        One row per time: ``time``, ``n`` (persons), ``n_risk`` (persons with duration
        >= time), ``surv`` (share without an offence after ``time`` days at liberty),
        ``ci_low``, ``ci_high``, ``opmerking`` (empty, or the Dutch reason why the interval
        is NaN).

    Notes
    -----
    With event times ``t_j``, ``d_j`` events and ``n_j`` persons at risk (duration >=
    ``t_j``): ``S(t) = prod_{t_j <= t} (1 - d_j / n_j)``; Greenwood
    ``se(log S) = sqrt(sum_{t_j <= t} d_j / (n_j (n_j - d_j)))``; log-type interval
    ``S exp(-+ z se)`` with the upper limit capped at 1 and no interval when ``S = 0``.
    This is R's ``summary(survfit(Surv(t, e) ~ 1), times = ...)`` with the default
    ``conf.type = "log"``. A time beyond the longest duration gets ``n_risk = 0`` and NaN
    (R leaves such a time out).

    The estimate ``S(t_j)`` and its Greenwood standard error come from statsmodels'
    :class:`~statsmodels.duration.survfunc.SurvfuncRight`. The pointwise interval is formed
    here from that standard error (``se(log S) = se(S) / S``): statsmodels has no pointwise
    interval of ``S(t)``; its ``simultaneous_cb`` is a Hall-Wellner band over the whole curve
    (wider, only for alpha = 0.05; for the R reference of the tests at 182 days
    ``[0.396, 0.773]`` against R's pointwise log interval ``[0.501, 0.751]``), and
    ``quantile_ci`` is the interval of a quantile of the survival time. The counts at risk
    at the reading times (``n_risk``) and the degenerate cases below are also done here.

    Degenerate cases: before the first offence (or without any offence, or with one person
    censored) ``S = 1`` is a fact but its Greenwood standard error is 0, so the interval is
    NaN (R shows the empty interval ``[1, 1]``); with ``S = 0`` the log interval does not
    exist. ``opmerking`` gives the reason in both cases.

    References
    ----------
    Kaplan, E. L., & Meier, P. (1958). Nonparametric estimation from incomplete
    observations. *JASA*, 53(282), 457-481.

    Examples
    --------
    >>> d = pd.DataFrame({"dagen_tot_eerste_delict": [100, 200, 300, 400],
    ...                   "event": [1, 0, 1, 0]})
    >>> kaplan_meier(d, times=(365,))["surv"].iloc[0]
    np.float64(0.375)
    """
    alpha = _check_alpha(alpha)
    _check_frame(data, "kaplan_meier", [duration, event])
    t = data[duration].to_numpy(dtype=float, na_value=np.nan)
    e = data[event].to_numpy(dtype=float, na_value=np.nan)
    if np.any(~(t >= 0)) or np.any(~np.isfinite(t)):
        raise ValueError(f"kaplan_meier: {duration!r} moet >= 0 en niet leeg zijn")
    if np.any(~np.isin(e, [0.0, 1.0])):
        raise ValueError(f"kaplan_meier: {event!r} moet 0 of 1 zijn")
    q = np.asarray(times, dtype=float)
    if q.ndim != 1 or np.any(~np.isfinite(q)) or np.any(q < 0):
        raise ValueError("kaplan_meier: times moet een reeks getallen >= 0 zijn")
    n = t.size
    t_sorted = np.sort(t)
    tj, surv_j, se_j = _km_stappen(t, e)
    # The curve is a step function: its value at q is that of the last event time <= q
    k = np.searchsorted(tj, q, side="right") - 1
    has = k >= 0
    surv = np.where(has, surv_j[np.maximum(k, 0)] if tj.size else 1.0, 1.0)
    se_surv = np.where(has, se_j[np.maximum(k, 0)] if tj.size else 0.0, 0.0)
    n_risk = n - np.searchsorted(t_sorted, q, side="left")
    z = stats.norm.ppf(1.0 - alpha / 2.0)
    with np.errstate(invalid="ignore", over="ignore", divide="ignore"):
        # R's conf.type = "log": the normal interval of log S, se(log S) = se(S) / S
        se = se_surv / surv
        ci_low = np.where(surv > 0, surv * np.exp(-z * se), np.nan)
        ci_high = np.where(surv > 0, np.minimum(surv * np.exp(z * se), 1.0), np.nan)
    beyond = (q > t_sorted[-1]) if n else np.ones(q.size, dtype=bool)
    # Greenwood's variance is a sum of non-negative terms: 0 exactly when no event yet
    geen_delict = ~has | (se_surv <= 0)
    opmerking = np.select(
        [beyond, surv <= 0, geen_delict], [_KM_VOORBIJ, _KM_NUL, _KM_GEEN_DELICT], ""
    )
    surv = np.where(beyond, np.nan, surv)
    ci_low = np.where(beyond | geen_delict, np.nan, ci_low)
    ci_high = np.where(beyond | geen_delict, np.nan, ci_high)
    return pd.DataFrame(
        {
            "time": q,
            "n": np.full(q.size, n, dtype=np.int64),
            "n_risk": n_risk.astype(np.int64),
            "surv": surv,
            "ci_low": ci_low,
            "ci_high": ci_high,
            "opmerking": pd.array(opmerking, dtype="str"),
        }
    )


def _km_stappen(t: np.ndarray, e: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Event times, Kaplan-Meier estimate and its Greenwood standard error (statsmodels).

    :class:`statsmodels.duration.survfunc.SurvfuncRight` gives ``S(t_j)`` and
    ``se(S(t_j)) = S(t_j) sqrt(sum d_i / (n_i (n_i - d_i)))`` at the event times ``t_j``,
    ties handled as R's ``survfit`` (the persons censored at ``t_j`` are still at risk).
    Without persons or without events there is no event time and statsmodels is not called
    (``S = 1`` is then a product of no factors). Where ``S`` reaches 0 statsmodels gives a
    NaN standard error; the caller gives no interval there.
    """
    if not np.any(e == 1):
        empty = np.empty(0, dtype=float)
        return empty, empty.copy(), empty.copy()
    sf = SurvfuncRight(t, e)
    return (
        np.asarray(sf.surv_times, dtype=float),
        np.asarray(sf.surv_prob, dtype=float),
        np.asarray(sf.surv_prob_se, dtype=float),
    )
