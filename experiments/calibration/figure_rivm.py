"""The calibration figure: simulated vs observed share of sector officers collaborating with public health
[RIVM2010 Table VIII.1], over 30 replicates of rivm_municipalities_2009 (seeds derived from the scenario
seed, as `hiap-sim run rivm_municipalities_2009 -r 30` uses).

Usage: python experiments/calibration/figure_rivm.py [--replicates 30] [--out docs/calibration_rivm.png]
Prints the per-sector table and the acceptance criterion.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

from hiap_sim.plots import plot_sector_collaboration
from hiap_sim.runner import replicate_seeds, run_once
from hiap_sim.scenario import load_scenario
from hiap_sim.scenario.municipal import RIVM2010_COLLABORATION, SECTORS

SOCIAL = ("youth", "education", "sport", "social_affairs", "care", "integration")
PHYSICAL = ("housing", "spatial_planning", "environment", "mobility")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicates", type=int, default=30)
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[2] / "docs" / "calibration_rivm.png")
    args = parser.parse_args()
    scenario = load_scenario("rivm_municipalities_2009")
    seeds = replicate_seeds(scenario.seed, args.replicates)
    frame = pd.concat([run_once(scenario, seed, replicate=r).metrics for r, seed in enumerate(seeds)], ignore_index=True)
    last = frame[frame["month"] == frame["month"].max()]
    simulated = {s: float(last[f"collab_share_{s}"].mean()) for s in SECTORS}
    hits = sum(abs(simulated[s] - RIVM2010_COLLABORATION[s][0]) <= 0.12 for s in SECTORS)
    gap = np.mean([simulated[s] for s in SOCIAL]) - np.mean([simulated[s] for s in PHYSICAL])
    env_rank = 1 + sum(simulated[s] < simulated["environment"] for s in SECTORS)
    title = (f"Calibration to the RIVM 2009 survey: {hits} of 12 sectors within 12 points; "
             f"social - physical {100 * gap:.0f} points; environment rank {env_rank} from the bottom")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    plot_sector_collaboration(frame, args.out, title=title)
    for s in SECTORS:
        observed = RIVM2010_COLLABORATION[s][0]
        print(f"{s:17s} simulated {simulated[s]:5.0%}  observed {observed:5.0%}  difference {100 * (simulated[s] - observed):+4.0f}")
    print(title)
    print(f"figure: {args.out}")


if __name__ == "__main__":
    main()
