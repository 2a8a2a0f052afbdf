"""The Bayesian calibration of the municipal level, as the validity report shows it.

``experiments/calibration/abc_rivm.py`` fits the municipal parameters to the RIVM survey's sector shares
[RIVM2010 Table VIII.1] by ABC-SMC and writes ``experiments/calibration/abc_rivm.json``: the posterior
particles, their summaries and a posterior predictive check. This module reads that file (it runs nothing) and
renders the report's section: which parameters the survey pins down, and whether the model, with its parameters
drawn from the posterior, reproduces the targeted shares and the survey figures that were not targeted.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

ABC_FILE = Path(__file__).resolve().parents[2] / "experiments" / "calibration" / "abc_rivm.json"


def load(path: Path = ABC_FILE) -> dict[str, Any] | None:
    """The stored ABC result, or None when it has not been computed."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _num(value: float) -> str:
    return f"{value:.3g}"


def markdown(result: dict[str, Any]) -> list[str]:
    """The report's section on the ABC posterior and its predictive check."""
    lines = [
        "## Calibration with uncertainty: the ABC posterior of the municipal level",
        "",
        f"`experiments/calibration/abc_rivm.py`: {result['method']}; {result['generations']} generations, "
        f"{result['simulations']} simulations, final tolerance {_num(result['epsilons'][-1])} (sum over 12 sectors of squared "
        "differences in units of each sector's binomial variance). Prior: uniform over the point calibration's ranges. "
        "A parameter counts as pinned down when its 90 % posterior interval is under half its prior range. "
        f"Effective sample size of the final particles: {result.get('effective_sample_size', float('nan')):.0f} of "
        f"{len(result['weights'])}" + (" (few: the intervals are rough)." if result.get("effective_sample_size", 0) < 50 else "."),
        "",
        "| parameter | prior | posterior median [90 %] | interval / prior | pinned down |",
        "|---|---|---|---|---|",
    ]
    for p in result["posterior"].values():
        low, high = p["interval_90"]
        lines.append(f"| `{p['path']}` | {_num(p['prior'][0])} .. {_num(p['prior'][1])} | {_num(p['median'])} [{_num(low)}, {_num(high)}] | "
                     f"{p['interval_share_of_prior']:.2f} | {'yes' if p['pinned_down'] else 'no'} |")
    pinned = [n for n, p in result["posterior"].items() if p["pinned_down"]]
    lines += ["", f"The survey pins down {len(pinned)} of {len(result['posterior'])} parameters"
              + (f" ({', '.join(pinned)})" if pinned else "") + ("; the others stay uncertain" if pinned else ": all stay uncertain")
              + ", and runs that depend on them should carry that uncertainty (`hiap-sim run --vary-parameters`)."]
    predictive = result.get("predictive")
    if predictive:
        lines += [
            "", "### Posterior predictive check", "",
            f"{predictive['draws']} parameter sets drawn from the posterior, each run once and surveyed as RIVM did (each sector's n). "
            "Targeted: the observed share against the 90 % predictive interval. Not targeted: the survey's 95 % interval against the "
            "90 % predictive interval (they agree when the intervals overlap).",
            "", "| sector (targeted) | observed (n) | predicted mean [90 %] | within |", "|---|---|---|---|",
        ]
        for sector, s in predictive["targeted"].items():
            lines.append(f"| {sector} | {s['observed']:.0%} ({s['n']}) | {s['predicted_mean']:.0%} [{s['predicted_90'][0]:.0%}, {s['predicted_90'][1]:.0%}] | "
                         f"{'yes' if s['within'] else '**no**'} |")
        lines += ["", f"{predictive['targeted_within']} of {len(predictive['targeted'])} targeted shares lie within their predictive interval.",
                  "", "| survey figure (not targeted) | survey [95 %] (n) | predicted mean [90 %] | intervals overlap |", "|---|---|---|---|"]
        for f in predictive["untargeted"]:
            mean = "-" if f["predicted_mean"] is None else f"{f['predicted_mean']:.0%} [{f['predicted_90'][0]:.0%}, {f['predicted_90'][1]:.0%}]"
            lines.append(f"| {f['figure']} | {f['survey']:.0%} [{f['survey_95'][0]:.0%}, {f['survey_95'][1]:.0%}] ({f['n']}) | {mean} | "
                         f"{'yes' if f['overlaps'] else '**no**'} |")
        overlap = sum(f["overlaps"] for f in predictive["untargeted"])
        lines += ["", f"{overlap} of {len(predictive['untargeted'])} figures that were not targeted agree with the survey under the posterior."]
    return lines + [""]
