"""Bayesian calibration of the municipal level to the RIVM survey of 16 municipalities in 2009 [RIVM2010 Table VIII.1].

Likelihood-free: ABC-SMC (approximate Bayesian computation with sequential Monte Carlo, pyabc). The point fit of
``calibrate_rivm.py`` gives one set of values; this script gives the distribution of the values that the survey
supports, so that every conclusion can carry the calibration's uncertainty with it.

The model of the data
  A simulated survey: the model runs ``rivm_municipalities_2009`` to the survey month with a seed drawn for the
  particle; each sector's share of officers collaborating with public health is the model's share, and the survey
  then asks as many officers of the sector as RIVM did (n = 4-14 per sector, 123 in all): the simulated survey
  share is Binomial(n, model share) / n. The binomial sampling error of each sector's n is so part of the simulated
  data, as it is part of the observed data.
Distance
  The sum over the twelve sectors of (simulated - observed)^2 / variance, the variance that of a binomial share
  with the sector's n at the observed share (with one pseudo-success and one pseudo-failure, so that shares of 100 %
  keep a variance): a chi-square-like distance in which a sector asked of 14 officers weighs more than one asked of 4.
Prior
  Uniform over the ranges of the point calibration (``calibrate_rivm.PARAMETERS``), which contain the plausible ranges
  the schema declares for these parameters.
Reproducible
  Each task of each generation draws from its own seed (``numpy.random.SeedSequence`` of the run's seed, the generation
  and the task), so the posterior is the same on one process or several.

Writes experiments/calibration/abc_rivm.json (posterior particles and weights, summaries, which parameters the data
pin down) and, with --predictive K, a posterior predictive check: K particles drawn from the posterior, each run,
against the targeted shares and against the survey figures that were not targets (hiap_sim.validation.out_of_sample).
Figures: experiments/calibration/figure_abc_rivm.py.

Usage: python experiments/calibration/abc_rivm.py [--population 120] [--generations 6] [--max-simulations 3000]
       [--procs 2] [--seed 2009] [--predictive 60]
"""

from __future__ import annotations

import argparse
import functools
import json
import math
import multiprocessing
import random
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from calibrate_rivm import OBSERVED, PARAMETERS, SCENARIO, criterion, overrides  # noqa: E402

from hiap_sim.model import HiapModel  # noqa: E402
from hiap_sim.scenario import load_scenario  # noqa: E402
from hiap_sim.scenario.municipal import RIVM2010_COLLABORATION, SECTORS  # noqa: E402
from hiap_sim.validation.out_of_sample import FIGURES, wilson  # noqa: E402

RESPONDENTS = np.array([RIVM2010_COLLABORATION[s][1] for s in SECTORS])
# variance of each observed share, with one pseudo-success and one pseudo-failure (so 100 % keeps a variance)
SMOOTHED = (OBSERVED * RESPONDENTS + 1) / (RESPONDENTS + 2)
VARIANCE = SMOOTHED * (1 - SMOOTHED) / RESPONDENTS
NAMES = [p[0].rsplit(".", 1)[-1] if not p[0].endswith("by_field.social") else "awareness_social" for p in PARAMETERS]
NAMES = [n if n != "physical_ratio" else "awareness_physical_ratio" for n in NAMES]
OUT = Path(__file__).with_name("abc_rivm.json")
PINNED = 0.5  # a parameter is 'pinned down' when its 90 % posterior interval is under half its prior range


def values_of(parameter: dict) -> np.ndarray:
    return np.array([parameter[name] for name in NAMES], dtype=float)


def run_model(values: np.ndarray, seed: int) -> tuple[np.ndarray, object]:
    """The model's sector shares at the survey month and its monthly metrics."""
    model = HiapModel(load_scenario(SCENARIO, overrides(values)), seed=int(seed))
    frame = model.run()
    return model.municipal.sector_collaboration(), frame


def simulate_survey(parameter: dict) -> dict:
    """One particle: a model run and a simulated survey of as many officers per sector as RIVM asked."""
    rng = np.random.default_rng(np.random.randint(0, 2**32 - 1, dtype=np.uint64))
    shares, _ = run_model(values_of(parameter), int(rng.integers(2**32 - 1)))
    survey = rng.binomial(RESPONDENTS, np.clip(shares, 0.0, 1.0)) / RESPONDENTS
    return {"survey": survey, "model": shares}


def distance(simulated: dict, observed: dict) -> float:
    return float((((simulated["survey"] - observed["survey"]) ** 2) / VARIANCE).sum())


def _sampler_class():
    from pyabc.sampler import MappingSampler

    class SeededMappingSampler(MappingSampler):
        """pyabc's mapping sampler, with every task drawing from its own seed (reproducible on any number of processes)."""

        def __init__(self, map_, seed: int) -> None:
            super().__init__(map_=map_)
            self.seed, self.generation = seed, 0

        def sample_until_n_accepted(self, n, simulate_one, t, *, max_eval=np.inf, all_accepted=False, ana_vars=None):
            seeds = np.random.SeedSequence([self.seed, self.generation]).generate_state(n, dtype=np.uint32)
            self.generation += 1
            function = functools.partial(_map_task, self.pickle(simulate_one), self.unpickle)
            results = list(self.map_(function, [int(s) for s in seeds]))
            self.nr_evaluations_ = sum(n for _, n in results)
            sample = self._create_empty_sample()
            for particles, _ in results:
                for particle in particles:
                    sample.append(particle)
            return sample

    return SeededMappingSampler


def _map_task(pickled, unpickle, task_seed: int):
    """One task of a generation (a module-level function, so that worker processes can receive it)."""
    simulate_one = unpickle(pickled)
    np.random.seed(task_seed)
    random.seed(task_seed)
    samples, n = [], 0
    while True:
        new = simulate_one()
        n += 1
        samples.append(new)
        if new.accepted:
            return samples, n


def make_sampler(procs: int, seed: int):
    """The sampler and, for several processes, the fork pool behind it (close it after the run)."""
    cls = _sampler_class()
    if procs <= 1:
        return cls(map, seed), None
    pool = multiprocessing.get_context("fork").Pool(procs)
    return cls(pool.map, seed), pool


def summarise(frame, weights: np.ndarray) -> dict:
    """Weighted posterior mean, median and 90 % interval of each parameter, and whether the data pin it down."""
    out = {}
    for (path, low, high), name in zip(PARAMETERS, NAMES, strict=True):
        v = frame[name].to_numpy()
        order = np.argsort(v)
        cdf = np.cumsum(weights[order]) / weights.sum()
        q = {p: float(v[order][np.searchsorted(cdf, p)]) for p in (0.05, 0.5, 0.95)}
        width = (q[0.95] - q[0.05]) / (high - low)
        out[name] = {"path": path, "prior": [low, high], "mean": float(np.average(v, weights=weights)), "median": q[0.5],
                     "interval_90": [q[0.05], q[0.95]], "interval_share_of_prior": round(width, 3), "pinned_down": bool(width < PINNED)}
    return out


def predictive(frame, weights: np.ndarray, draws: int, seed: int) -> dict:
    """Posterior predictive check: particles drawn by weight, each run on a fresh seed."""
    rng = np.random.default_rng(seed)
    picks = rng.choice(len(frame), size=draws, p=weights / weights.sum())
    seeds = np.random.SeedSequence(seed).generate_state(draws, dtype=np.uint32)
    targeted, untargeted = [], []
    for pick, s in zip(picks, seeds, strict=True):
        values = np.array([frame[name].iloc[pick] for name in NAMES])
        shares, metrics = run_model(values, int(s))
        survey = rng.binomial(RESPONDENTS, np.clip(shares, 0.0, 1.0)) / RESPONDENTS
        targeted.append(survey)
        untargeted.append([read(metrics) for _, read in FIGURES])
    targeted, untargeted = np.array(targeted), np.array(untargeted)
    sectors = {}
    for k, sector in enumerate(SECTORS):
        low, high = np.quantile(targeted[:, k], [0.05, 0.95])
        sectors[sector] = {"observed": float(OBSERVED[k]), "n": int(RESPONDENTS[k]), "predicted_mean": float(targeted[:, k].mean()),
                           "predicted_90": [float(low), float(high)], "within": bool(low <= OBSERVED[k] <= high)}
    figures = []
    for k, (figure, _) in enumerate(FIGURES):
        v = untargeted[:, k][~np.isnan(untargeted[:, k])]
        low, high = (np.quantile(v, [0.05, 0.95]) if len(v) else (math.nan, math.nan))
        s_low, s_high = wilson(figure.survey, figure.n)
        figures.append({"figure": figure.name, "survey": figure.survey, "n": figure.n, "survey_95": [s_low, s_high],
                        "predicted_mean": float(v.mean()) if len(v) else None, "predicted_90": [float(low), float(high)],
                        "overlaps": bool(len(v) and low <= s_high and high >= s_low)})
    crit = criterion(targeted.mean(axis=0))
    return {"draws": draws, "seed": seed, "targeted": sectors, "targeted_within": sum(s["within"] for s in sectors.values()),
            "criterion_of_mean": crit, "untargeted": figures}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--population", type=int, default=120)
    parser.add_argument("--generations", type=int, default=6)
    parser.add_argument("--max-simulations", type=int, default=3000)
    parser.add_argument("--procs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=2009)
    parser.add_argument("--predictive", type=int, default=60, help="posterior predictive draws (0: none)")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--db", type=Path, default=Path(tempfile.gettempdir()) / "abc_rivm.db",
                        help="pyabc's database of every generation (kept, so that --from-db can summarise a run that was stopped)")
    parser.add_argument("--from-db", action="store_true", help="run nothing: summarise the last finished generation in --db")
    args = parser.parse_args()
    import pyabc

    np.random.seed(args.seed)
    random.seed(args.seed)
    started = time.perf_counter()
    prior = pyabc.Distribution(**{name: pyabc.RV("uniform", low, high - low) for (_, low, high), name in zip(PARAMETERS, NAMES, strict=True)})
    sampler, pool = make_sampler(args.procs, args.seed)
    try:
        if args.from_db:
            history = pyabc.History(f"sqlite:///{args.db}")
        else:
            args.db.unlink(missing_ok=True)
            abc = pyabc.ABCSMC(simulate_survey, prior, distance, population_size=args.population, sampler=sampler)
            abc.new(f"sqlite:///{args.db}", {"survey": OBSERVED})
            history = abc.run(max_nr_populations=args.generations, max_total_nr_simulations=args.max_simulations)
        frame, weights = history.get_distribution(m=0, t=history.max_t)
        populations = history.get_all_populations()
        epsilons = [float(e) for e in populations["epsilon"].tolist() if np.isfinite(e)]
        samples = [int(s) for s in populations["samples"].tolist()]
    finally:
        if pool is not None:
            pool.close()
            pool.join()
    frame = frame.reset_index(drop=True)
    weights = np.asarray(weights, dtype=float)
    result = {
        "scenario": SCENARIO,
        "method": "ABC-SMC (pyabc), simulated survey with each sector's n, chi-square-like distance",
        "settings": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items() if k not in ("db", "out")},
        "observed": dict(zip(SECTORS, OBSERVED.tolist(), strict=True)),
        "respondents": dict(zip(SECTORS, RESPONDENTS.tolist(), strict=True)),
        "generations": len(epsilons), "epsilons": epsilons, "simulations": int(sum(samples)),
        "effective_sample_size": float(weights.sum() ** 2 / (weights ** 2).sum()),
        "posterior": summarise(frame, weights),
        "particles": {name: frame[name].round(6).tolist() for name in NAMES},
        "weights": weights.round(8).tolist(),
    }
    if args.predictive:
        result["predictive"] = predictive(frame, weights, args.predictive, args.seed + 1)
    result["seconds"] = round(time.perf_counter() - started, 1)
    args.out.write_text(json.dumps(result, indent=1))
    print(json.dumps({k: result[k] for k in ("generations", "epsilons", "simulations", "effective_sample_size", "posterior", "seconds")}, indent=1))


if __name__ == "__main__":
    main()
