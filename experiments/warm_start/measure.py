"""Cold against warm start: does the first year still have a start-up transient? (issue 14, item 3)

Each scenario runs from the empty world (an empty ``initial``, the cold start) and from the state it states under
``initial`` (the warm start), over the same 30 seeds and 37 months (months 0-36). 'Nothing changing' means the
scenario's world is held still: no scheduled or random crisis, no budget cut, no early cabinet fall (the shipped
scenarios are also run as they are, for the figure). The series are the mean collaboration level over department
pairs (sum of k x level_share_k) and the mean trust between officials of different departments (trust_cross).

Criterion, fixed before the first run (for national_2025, the acceptance scenario; segv_2008 is reported against
the same numbers, but its working group starts in month 2, so its world does change in the first year):
  over months 0-12 of the mean series over seeds, with nothing changing, the warm start
  (a) has a mean-level slope (ordinary least squares) of at most 0.005 levels a month in size (0.06 of a rung in a
      year), and moves at most 0.1 levels from month 0 to month 12;
  (b) has a trust slope of at most 0.001 a month in size (0.012 in a year: under a third of the slowest pace at
      which the sources say relations become solid, 0.3 to 0.7 in 10 years = 0.0033 a month [AIG2016]), and moves
      at most 0.012 from month 0 to month 12.
The cold start is judged by the same numbers, to show the criterion can fail.

Run: ``PYTHONPATH=. python experiments/warm_start/measure.py`` (writes results.json and warm_start.png here).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from hiap_sim.model import HiapModel
from hiap_sim.scenario.loader import load_scenario

HERE = Path(__file__).resolve().parent
SEEDS = range(30)
MONTHS = 36
WINDOW = 12  # the first year, months 0..WINDOW
LEVEL_SLOPE, LEVEL_MOVE = 0.005, 0.1
TRUST_SLOPE, TRUST_MOVE = 0.001, 0.012
SCENARIOS = ("national_2025", "segv_2008")
ACCEPTANCE = "national_2025"
QUIET = {"crises.scheduled": [], "crises.random_per_year": 0.0, "budget_cuts": [], "politics.early_fall_per_month": 0.0}
COLD = {"initial": {}}  # an empty block: the empty world of a cold start


def series(scenario_name: str, overrides: dict) -> dict[str, np.ndarray]:
    """Seeds x months of the mean level, trust_cross and active joint work."""
    scenario = load_scenario(scenario_name, overrides or None)
    out: dict[str, list] = {"level": [], "trust": [], "active": []}
    for seed in SEEDS:
        frame = HiapModel(scenario, seed=seed, months=MONTHS).run()
        out["level"].append(sum(k * frame[f"level_share_{k}"] for k in range(5)).to_numpy())
        out["trust"].append(frame["trust_cross"].to_numpy())
        out["active"].append(frame["initiatives_active"].to_numpy())
    return {key: np.array(value, dtype=float) for key, value in out.items()}


def slope(values: np.ndarray) -> np.ndarray:
    """Least-squares slope over months 0..WINDOW of each row (per month)."""
    months = np.arange(WINDOW + 1)
    centred = months - months.mean()
    return (values[..., : WINDOW + 1] - values[..., : WINDOW + 1].mean(axis=-1, keepdims=True)) @ centred / (centred @ centred)


def judge(data: dict[str, np.ndarray]) -> dict:
    """The criterion's numbers: slopes and moves of the mean series, with the seeds' 95 % interval of the slope."""
    result = {}
    for key, bound_slope, bound_move in (("level", LEVEL_SLOPE, LEVEL_MOVE), ("trust", TRUST_SLOPE, TRUST_MOVE)):
        per_seed = slope(data[key])
        mean = data[key].mean(axis=0)
        half = 1.96 * per_seed.std(ddof=1) / np.sqrt(len(per_seed))
        move = float(mean[WINDOW] - mean[0])
        result[key] = {
            "month_0": round(float(mean[0]), 4), "month_1": round(float(mean[1]), 4), f"month_{WINDOW}": round(float(mean[WINDOW]), 4),
            "month_24": round(float(mean[24]), 4), "month_36": round(float(mean[36]), 4),
            "slope_per_month": round(float(per_seed.mean()), 5), "slope_95": [round(float(per_seed.mean() - half), 5), round(float(per_seed.mean() + half), 5)],
            "slope_months_1_12": round(float(np.polyfit(np.arange(1, WINDOW + 1), mean[1 : WINDOW + 1], 1)[0]), 5),
            "move_0_to_12": round(move, 4),
            "flat": bool(abs(per_seed.mean()) <= bound_slope and abs(move) <= bound_move),
        }
    result["active_work"] = {f"month_{m}": round(float(data["active"][:, m].mean()), 2) for m in (0, 1, 6, 12, 24, 36)}
    result["flat"] = result["level"]["flat"] and result["trust"]["flat"]
    return result


def figure(runs: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(len(SCENARIOS), 3, figsize=(13, 3.4 * len(SCENARIOS)), squeeze=False)
    months = np.arange(MONTHS + 1)
    styles = {("cold", "quiet"): ("#b2182b", "-"), ("warm", "quiet"): ("#2166ac", "-"),
              ("cold", "shipped"): ("#b2182b", ":"), ("warm", "shipped"): ("#2166ac", ":")}
    for r, name in enumerate(SCENARIOS):
        for c, (key, label) in enumerate((("level", "mean collaboration level (0-4)"), ("trust", "trust between departments' officials"),
                                          ("active", "joint work in progress"))):
            ax = axes[r][c]
            for (start, world), (colour, line) in styles.items():
                values = runs[name][start][world][key]
                mean = values.mean(axis=0)
                half = 1.96 * values.std(axis=0, ddof=1) / np.sqrt(len(values))
                ax.plot(months, mean, color=colour, linestyle=line, label=f"{start} start, {'nothing changing' if world == 'quiet' else 'as shipped'}")
                if world == "quiet":
                    ax.fill_between(months, mean - half, mean + half, color=colour, alpha=0.15, linewidth=0)
            ax.axvspan(0, WINDOW, color="#999999", alpha=0.08)
            ax.set_title(f"{name}: {label}", fontsize=9)
            ax.set_xlabel("month")
            if r == 0 and c == 0:
                ax.legend(fontsize=7, loc="lower right")
    fig.suptitle(f"Cold against warm start, mean of {len(SEEDS)} seeds (band: 95 % interval of the mean; shaded: the first year)", fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def main() -> None:
    runs: dict = {}
    results: dict = {"seeds": len(SEEDS), "months": MONTHS, "window": WINDOW, "acceptance": ACCEPTANCE,
                     "criterion": {"level_slope_max": LEVEL_SLOPE, "level_move_max": LEVEL_MOVE, "trust_slope_max": TRUST_SLOPE, "trust_move_max": TRUST_MOVE},
                     "scenarios": {}}
    for name in SCENARIOS:
        runs[name] = {}
        results["scenarios"][name] = {}
        for start, start_overrides in (("cold", COLD), ("warm", {})):
            runs[name][start] = {"quiet": series(name, {**QUIET, **start_overrides}), "shipped": series(name, start_overrides)}
            results["scenarios"][name][start] = {"nothing_changing": judge(runs[name][start]["quiet"]), "as_shipped": judge(runs[name][start]["shipped"])}
    accepted = results["scenarios"][ACCEPTANCE]
    results["passes"] = accepted["warm"]["nothing_changing"]["flat"]
    results["discriminates"] = not accepted["cold"]["nothing_changing"]["flat"]
    (HERE / "results.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    figure(runs, HERE / "warm_start.png")
    for name in SCENARIOS:
        for start in ("cold", "warm"):
            j = results["scenarios"][name][start]["nothing_changing"]
            print(f"{name:14s} {start}: level {j['level']['month_0']:.3f} -> {j['level']['month_12']:.3f} (slope {j['level']['slope_per_month']:+.4f}/month, "
                  f"flat {j['level']['flat']}); trust {j['trust']['month_0']:.4f} -> {j['trust']['month_12']:.4f} "
                  f"(slope {j['trust']['slope_per_month']:+.5f}/month, flat {j['trust']['flat']})")
    print(f"criterion met by the warm start of {ACCEPTANCE}: {results['passes']}; cold start fails it: {results['discriminates']}")


if __name__ == "__main__":
    main()
