"""Submodels 4.5-4.6: the collaboration ladder, its price, progress, small wins.

Monthly progress is proportional to time and budget invested x trust among members x political cover x
level fit. A level above what the topic needs adds formality and slows work; a level that runs ahead of
trust turns into 'plichtpleging' [HHS2016 #13-14]. A topic's yield grows with level only up to its
interdependence, so integration on a low-interdependence topic costs more than it yields [ABD2024 6.1].

Capacity binds: joint work draws staff time from its members (``fte_cost`` by level, the lead ``lead_share``
times more); an organisation that carries more than its capacity (load > 1) serves each piece of its joint work
less, so the work advances at the pace its busiest member can give it (``overload_factor``), and overloaded
members drop work (``overload_drop_probability``) [ABD2024: ambition beyond capacity organises its own
disappointment].
"""

from __future__ import annotations

import numpy as np

APPROACH_ORDER = ("system", "area", "small_wins")
PHASE_ORDER = ("preparing", "building", "formalised", "implementing", "completed")


def level_yield(level: int, interdependence: int) -> float:
    """Share of a topic's health potential that joint work at ``level`` can realise."""
    if level <= 1:
        return 0.0
    return min(level, interdependence) / interdependence


def runs_ahead_of_trust(level: int, mean_trust: float, w) -> bool:
    """Formalised work (level >= 3) whose members do not yet trust each other enough for that level."""
    return level >= 3 and mean_trust < w.trust_required[level]


def level_fit(level: int, interdependence: int, w, formality: bool) -> float:
    """Speed factor of the chosen level: overhead per level, formality above need, and 'plichtpleging' when
    the level was reached before trust (``formality``) [HHS2016 #13-14]."""
    factor = w.level_speed[level]
    excess = max(0, level - interdependence)
    factor *= max(0.05, 1.0 - w.excess_level_penalty * excess)
    if formality:
        factor *= 1.0 - w.formality_penalty
    return factor


def progress_rate(
    w,
    approach: str,
    level: int,
    interdependence: int,
    mean_trust: float,
    cover: float,
    resources: float,
    interest: float = 1.0,
    formality: bool = False,
) -> float:
    """Monthly progress of an initiative (0-1 scale).

    ``interest`` is the partners' own stake in the topic (their mean fit): without parallel interests joint
    work becomes a formality and slows [HHS2016].
    """
    return (
        w.base_progress
        * w.approach_speed[approach]
        * resources
        * (0.4 + mean_trust)
        * (0.5 + cover)
        * (1.0 - w.shared_interest_weight + w.shared_interest_weight * interest)
        * level_fit(level, interdependence, w, formality)
    )


def resources_factor(relation_share: np.ndarray | float, budget_covered: np.ndarray | float, w) -> np.ndarray | float:
    """Resources joint work gets: the time its lead's strategy leaves for work rather than relations (twice the
    share not spent on relations, within ``staff_time_floor`` .. ``staff_time_cap``), times the budget covered
    (``unfunded_share`` of the speed is kept when nothing is covered; lack of resources is the most-cited barrier,
    63 % [RIVM2010])."""
    time = np.minimum(w.staff_time_cap, np.maximum(w.staff_time_floor, 2.0 * (1.0 - np.asarray(relation_share))))
    return time * (w.unfunded_share + (1.0 - w.unfunded_share) * np.asarray(budget_covered))


def overload_factor(busiest_load: np.ndarray | float, slowdown: float) -> np.ndarray | float:
    """Progress factor of joint work whose most loaded member carries ``busiest_load`` times its capacity:
    ``max(1, load) ** -slowdown``. With ``slowdown`` 1 an organisation's staff time is shared evenly over all its
    joint work (twice the load, half the time for each piece); 0 switches the rule off."""
    return np.maximum(np.asarray(busiest_load, dtype=float), 1.0) ** -slowdown


def overload_drop_probability(load: np.ndarray | float, per_month: float) -> np.ndarray | float:
    """Monthly chance that an overloaded member drops a piece of joint work: ``per_month`` times the share of its
    commitments it cannot staff, ``1 - 1 / load`` (0 at or below capacity)."""
    load = np.maximum(np.asarray(load, dtype=float), 1.0)
    return per_month * (1.0 - 1.0 / load)


def small_win_probability(w, approach: str, rate: float) -> float:
    """Chance of a visible small win this month, rising with the approach's rate and with progress speed."""
    if w.base_progress <= 0:
        return 0.0
    return min(1.0, w.small_win_rate[approach] * rate / w.base_progress)


def health_value(potential: float, level: int, interdependence: int, payoff: float, effect_size: float) -> float:
    """Share of the health gap an initiative closes when fully realised."""
    return potential * level_yield(level, interdependence) * payoff * effect_size


def phase_for(progress: float, level: int) -> str:
    """Phase along the way from proposal to completion."""
    if progress >= 1.0:
        return "completed"
    if progress >= 0.75:
        return "implementing"
    if progress >= 0.5:
        return "formalised" if level >= 3 else "building"
    if progress >= 0.2:
        return "building"
    return "preparing"


def by_approach(values: dict[str, float]) -> np.ndarray:
    """A per-approach parameter as an array in the order of ``APPROACH_ORDER``."""
    return np.array([values[a] for a in APPROACH_ORDER])


def level_fit_table(w, max_interdependence: int) -> np.ndarray:
    """``level_fit`` of every (level, interdependence, formality) as an array indexed ``[level, interdependence,
    formality]``: the parameters do not change during a run, so the monthly step looks the factor up."""
    return np.array([[[level_fit(level, interdependence, w, bool(formality)) for formality in (0, 1)]
                      for interdependence in range(max_interdependence + 1)] for level in range(len(w.level_speed))])


def progress_rates(w, approaches: np.ndarray, levels: np.ndarray, interdependence: np.ndarray, mean_trust: np.ndarray, cover: np.ndarray,
                   resources: np.ndarray, interest: np.ndarray, formality: np.ndarray, speed_by_approach: np.ndarray | None = None,
                   speed_by_level: np.ndarray | None = None, fit_table: np.ndarray | None = None) -> np.ndarray:
    """``progress_rate`` for many initiatives at once (approaches as indices into ``APPROACH_ORDER``); the same
    products in the same order, so each value equals the scalar rule's. The parameter arrays may be passed in
    (computed once per run; ``fit_table`` from ``level_fit_table``)."""
    speed = (by_approach(w.approach_speed) if speed_by_approach is None else speed_by_approach)[approaches]
    if fit_table is not None:
        fit = fit_table[levels, interdependence, formality.astype(np.intp)]
    else:
        level_speed = (np.asarray(w.level_speed, dtype=float) if speed_by_level is None else speed_by_level)[levels]
        excess = np.maximum(0, levels - interdependence)
        fit = level_speed * np.maximum(0.05, 1.0 - w.excess_level_penalty * excess)
        fit = np.where(formality, fit * (1.0 - w.formality_penalty), fit)
    return (w.base_progress * speed * resources * (0.4 + mean_trust) * (0.5 + cover)
            * (1.0 - w.shared_interest_weight + w.shared_interest_weight * interest) * fit)


def small_win_probabilities(w, approaches: np.ndarray, rates: np.ndarray, rate_by_approach: np.ndarray | None = None) -> np.ndarray:
    """``small_win_probability`` for many initiatives at once."""
    if w.base_progress <= 0:
        return np.zeros(len(rates))
    return np.minimum(1.0, (by_approach(w.small_win_rate) if rate_by_approach is None else rate_by_approach)[approaches] * rates / w.base_progress)


def phases_for(progress: np.ndarray, levels: np.ndarray) -> np.ndarray:
    """``phase_for`` for many initiatives at once, as indices into ``PHASE_ORDER``."""
    phase = _PHASE_BOUNDS.searchsorted(progress, side="right")  # how many of the bounds 0.2, 0.5, 0.75, 1 progress has reached
    phase[(phase == 2) & (levels < 3)] = 1  # between 0.5 and 0.75: formalised only at level >= 3
    return phase


_PHASE_BOUNDS = np.array([0.2, 0.5, 0.75, 1.0])
