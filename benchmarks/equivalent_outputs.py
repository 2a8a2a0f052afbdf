"""Are two revisions statistically equivalent? For changes that keep a rule but not the order of its random draws
(or that make two copies of a rule one), where ``identical_outputs.py`` cannot hold.

Usage: python benchmarks/equivalent_outputs.py --old REV [--scenarios NAME ...] [--seeds 60] [--out FILE.json]

For each scenario the old revision (``git archive``, imported as ``hiap_sim_old`` as in ``bench_country.py``) and the
working tree run the same seeds (0 .. seeds-1; slow scenarios over the shorter horizon of ``identical_outputs.SHORT``).
Compared, per quantity, as two independent samples (the runs of one seed diverge once a draw moves):

- every numeric column of the monthly metrics, at the last month and as its mean over the months,
- every counter of the model and of the municipal level at the end.

The test, fixed before any comparison was run: for each quantity the difference of the means over its standard
error (Welch); the revisions are **equivalent** when no quantity differs at a family-wise 5 % (Holm's correction
over all quantities of all scenarios) and at least 90 % of the quantities lie within two standard errors (95 % are
expected when nothing changed; 68 % within one). Quantities constant in both revisions count as within when equal.
Exits 1 when not equivalent. Both revisions run the same seeds, and what the change leaves alone (the world's events,
a national level whose draws did not move) is shared by the two runs of a seed, so the runs are positively
correlated and the independent-sample standard error is conservative: more than 68 % fall within one.
"""

from __future__ import annotations

import os

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")

import argparse  # noqa: E402
import importlib  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
from scipy import stats  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_country import old_package  # noqa: E402
from identical_outputs import SHORT  # noqa: E402

MUNICIPAL = ["national_2025_municipalities", "regional_networks_2021", "regional_networks_2021_structural", "rivm_municipalities_2009"]


def quantities(package: str, name: str, seed: int) -> dict[str, float]:
    """The compared quantities of one run."""
    model_module = importlib.import_module(f"{package}.model")
    loader = importlib.import_module(f"{package}.scenario")
    model = model_module.HiapModel(loader.load_scenario(name, {}), seed=seed, months=SHORT.get(name))
    frame = model.run().select_dtypes("number").drop(columns=["month"], errors="ignore")
    out = {f"final:{column}": float(value) for column, value in frame.iloc[-1].items()}
    out.update({f"mean:{column}": float(value) for column, value in frame.mean().items()})
    out.update({f"counter:{key}": float(value) for key, value in model.counters.items()})
    if model.municipal is not None:
        out.update({f"municipal_counter:{key}": float(value) for key, value in model.municipal.counters.items()})
    return out


def compare(old: list[dict[str, float]], new: list[dict[str, float]]) -> list[dict]:
    """Per quantity: means, standard error of their difference, z and Welch's p (counters missing in a run are 0)."""
    rows = []
    for key in sorted(set().union(*old, *new)):
        a = np.array([r.get(key, 0.0 if "counter:" in key else math.nan) for r in old])
        b = np.array([r.get(key, 0.0 if "counter:" in key else math.nan) for r in new])
        a, b = a[np.isfinite(a)], b[np.isfinite(b)]
        if len(a) < 2 or len(b) < 2:
            continue
        diff = float(b.mean() - a.mean())
        se = math.sqrt(a.var(ddof=1) / len(a) + b.var(ddof=1) / len(b))
        if se == 0.0:
            z, p = (0.0, 1.0) if diff == 0.0 else (math.inf, 0.0)
        else:
            z, p = diff / se, float(stats.ttest_ind(b, a, equal_var=False).pvalue)
        rows.append({"quantity": key, "old": float(a.mean()), "new": float(b.mean()), "diff": diff, "se": se, "z": z, "p": p})
    return rows


def holm(p_values: list[float], alpha: float = 0.05) -> list[bool]:
    """Which hypotheses Holm's step-down procedure rejects at family-wise ``alpha``."""
    order = np.argsort(p_values)
    rejected = [False] * len(p_values)
    for rank, index in enumerate(order):
        if p_values[index] > alpha / (len(p_values) - rank):
            break
        rejected[index] = True
    return rejected


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--old", required=True, help="git revision to compare with")
    parser.add_argument("--scenarios", nargs="+", default=MUNICIPAL, help="shipped scenarios (default: those with municipalities)")
    parser.add_argument("--seeds", type=int, default=60)
    parser.add_argument("--out", type=Path, default=None, help="write every quantity's comparison as JSON here")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        old_name = old_package(args.old, Path(tmp))
        for name in args.scenarios:
            start = time.perf_counter()
            old = [quantities(old_name, name, seed) for seed in range(args.seeds)]
            new = [quantities("hiap_sim", name, seed) for seed in range(args.seeds)]
            found = compare(old, new)
            for row in found:
                row["scenario"] = name
            rows += found
            within = sum(abs(r["z"]) <= 2 for r in found) / max(len(found), 1)
            print(f"{name:40s} {len(found):4d} quantities  within 1 SE {sum(abs(r['z']) <= 1 for r in found) / max(len(found), 1):.0%}"
                  f"  within 2 SE {within:.0%}  ({time.perf_counter() - start:.0f} s)", flush=True)
    rejected = holm([r["p"] for r in rows])
    for row, flag in zip(rows, rejected, strict=True):
        row["differs"] = flag
    share_2se = sum(abs(r["z"]) <= 2 for r in rows) / max(len(rows), 1)
    differing = [r for r in rows if r["differs"]]
    equivalent = not differing and share_2se >= 0.9
    print(f"\n{len(rows)} quantities: within 1 SE {sum(abs(r['z']) <= 1 for r in rows) / max(len(rows), 1):.0%}, within 2 SE {share_2se:.0%}, "
          f"differing at family-wise 5 % (Holm): {len(differing)}")
    for r in sorted(rows, key=lambda r: -abs(r["z"]))[:12]:
        print(f"  {r['scenario']:34s} {r['quantity']:50s} old {r['old']:10.4g}  new {r['new']:10.4g}  z {r['z']:+6.2f}  p {r['p']:.3g}"
              + ("  DIFFERS" if r["differs"] else ""))
    print("EQUIVALENT" if equivalent else "NOT EQUIVALENT")
    if args.out:
        head = {"old": args.old, "seeds": args.seeds, "scenarios": args.scenarios, "equivalent": equivalent, "share_within_2se": share_2se,
                "differing": len(differing)}
        body = ",\n".join(json.dumps(row) for row in rows)  # a quantity a line
        args.out.write_text(json.dumps(head)[:-1] + ', "quantities": [\n' + body + "\n]}\n", encoding="utf-8")
    sys.exit(0 if equivalent else 1)


if __name__ == "__main__":
    main()
