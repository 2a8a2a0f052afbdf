"""Figures of the Bayesian calibration of the municipal level (experiments/calibration/abc_rivm.json).

1. The posterior of each parameter (weighted histogram of the final particles) inside its prior range, with the
   point calibration's value (rivm_calibration.json) marked: which parameters the survey pins down.
2. The posterior predictive check: for each sector the observed share of RIVM2010 Table VIII.1 with its binomial
   95 % interval, against the 90 % predictive interval of surveys simulated from the posterior.

Usage: python experiments/calibration/figure_abc_rivm.py   (writes docs/figures/abc_rivm_posterior.png and
       docs/figures/abc_rivm_predictive.png)
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

HERE = Path(__file__).parent
FIGURES = HERE.parents[1] / "docs" / "figures"


def wilson(share: float, n: int, z: float = 1.959964) -> tuple[float, float]:
    centre = (share + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(share * (1 - share) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def main() -> None:
    result = json.loads((HERE / "abc_rivm.json").read_text())
    point = json.loads((HERE / "rivm_calibration.json").read_text())["winner"]  # by the paths of calibrate_rivm.PARAMETERS
    weights = np.array(result["weights"])
    names = list(result["posterior"])
    fig, axes = plt.subplots(2, math.ceil(len(names) / 2), figsize=(14, 6.5))
    for ax, name in zip(axes.flat, names, strict=False):
        p = result["posterior"][name]
        values = np.array(result["particles"][name])
        low, high = p["prior"]
        ax.hist(values, bins=np.linspace(low, high, 16), weights=weights, color="#3182bd", alpha=0.8)
        ax.axvspan(*p["interval_90"], color="#fdae6b", alpha=0.25, label="90 % posterior interval")
        path = p["path"]
        if path in point and isinstance(point[path], int | float):
            ax.axvline(point[path], color="black", ls="--", lw=1, label="point calibration")
        ax.set_xlim(low, high)
        ax.set_title(f"{name}\n{'pinned down' if p['pinned_down'] else 'not pinned down'} ({p['interval_share_of_prior']:.0%} of prior)", fontsize=9)
        ax.set_yticks([])
    for ax in list(axes.flat)[len(names):]:
        ax.axis("off")
    axes.flat[0].legend(fontsize=7, loc="upper left")
    fig.suptitle(f"ABC posterior of the municipal parameters (RIVM2010 Table VIII.1; {result['generations']} generations, "
                 f"{result['simulations']} simulations; x-axis = prior range)", fontsize=11)
    fig.tight_layout()
    FIGURES.mkdir(parents=True, exist_ok=True)
    fig.savefig(FIGURES / "abc_rivm_posterior.png", dpi=110)
    plt.close(fig)

    predictive = result.get("predictive")
    if not predictive:
        return
    sectors = list(predictive["targeted"])
    fig, ax = plt.subplots(figsize=(11, 4.8))
    x = np.arange(len(sectors))
    for k, sector in enumerate(sectors):
        s = predictive["targeted"][sector]
        lo, hi = wilson(s["observed"], s["n"])
        ax.plot([k - 0.12, k - 0.12], [lo, hi], color="black", lw=1.5)
        ax.plot(k - 0.12, s["observed"], "o", color="black", label="survey, 95 % interval" if k == 0 else None)
        ax.plot([k + 0.12, k + 0.12], s["predicted_90"], color="#3182bd", lw=5, alpha=0.6, label="posterior predictive, 90 %" if k == 0 else None)
        ax.plot(k + 0.12, s["predicted_mean"], "s", color="#08519c")
    ax.set_xticks(x, [f"{s}\n(n={predictive['targeted'][s]['n']})" for s in sectors], fontsize=8, rotation=30, ha="right")
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("share of the sector's officials collaborating with public health")
    ax.set_title(f"Posterior predictive check: {predictive['targeted_within']} of {len(sectors)} sectors within the 90 % interval "
                 f"({predictive['draws']} draws)", fontsize=11)
    ax.legend(fontsize=8, loc="lower left")
    ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    fig.savefig(FIGURES / "abc_rivm_predictive.png", dpi=110)
    plt.close(fig)


if __name__ == "__main__":
    main()
