"""Before/after measurements for issue 14 items 2 and 4 (a programme ministry's mandate; funding of national
joint work), over 30 seeds each.

- ``segv``: segv_2008 month by month: the level shares (level_share_2..4 as the code under test defines them),
  the department pairs active and the pairs at each level (counted here from ``HiapModel.ladder``, so the same
  counts on any version of the code), and active joint work on the programme ministry's (J&G's) topics, in
  the 12 months before and after the 2010 reorganisation.
- ``national``: national_2025 at its horizon: completed and abandoned joint work, the share of endings that
  are ``funding_ended``, health_gap_reduction and health_gap_secured.
- ``figure``: the PNG comparing two ``segv`` result files (before, after).

Run from the repository root, once on the code before the change and once after:

    PYTHONPATH=<tree> python experiments/mandate_funding/measure.py segv --out results/segv_after.json
    PYTHONPATH=<tree> python experiments/mandate_funding/measure.py national --out results/national_after.json
    PYTHONPATH=<tree> python experiments/mandate_funding/measure.py national --out results/national_upper.json \
        --set levers.financing.ministry_project_months=48 --set levers.financing.ministry_follow_up_probability=0.75
    python experiments/mandate_funding/measure.py figure --before results/segv_before.json \
        --after results/segv_after.json --out docs/validation/mandate_levels.png
"""

from __future__ import annotations

import argparse
import functools
import json
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import yaml

SEEDS = 30
MANDATE_TOPICS = ("healthy_school", "alcohol_tobacco", "loneliness_inclusion")  # J&G's youth-and-family topics


def _segv_run(seed: int) -> dict:
    from hiap_sim.model import HiapModel
    from hiap_sim.scenario import load_scenario

    model = HiapModel(load_scenario("segv_2008"), seed=seed)
    topics = [model.topic_index[t] for t in MANDATE_TOPICS]
    rows: list[dict] = []
    while model.month < model.horizon:
        model.step()
        layout = model.department_layout()
        levels = model.ladder()[layout.pair_a, layout.pair_b]
        table = model.work.table
        active = table.active_rows()
        on_topic = int(np.isin(table.topic[active], topics).sum())
        record = model.records[-1]
        rows.append({
            "month": model.month,
            "pairs": int(len(levels)),
            **{f"pairs_{k}": int((levels == k).sum()) for k in range(5)},
            **{f"level_share_{k}": float(record[f"level_share_{k}"]) for k in range(5)},
            "mandate_topic_work": on_topic,
            "other_topic_work": int(len(active) - on_topic),
        })
    return {"seed": seed, "reorganisation_month": model.month_of("2010-10"), "months": rows}


def _national_run(seed: int, overrides: dict | None = None) -> dict:
    from hiap_sim.model import HiapModel
    from hiap_sim.scenario import load_scenario

    model = HiapModel(load_scenario("national_2025", overrides or {}), seed=seed)
    frame = model.run()
    ended = [i for i in model.initiatives if i.phase in ("completed", "abandoned")]
    reasons = Counter(i.end_reason for i in ended)
    last = frame.iloc[-1]
    return {
        "seed": seed,
        "completed": int(last["initiatives_completed"]),
        "abandoned": int(last["initiatives_abandoned"]),
        "funding_ended_share": reasons.get("funding_ended", 0) / len(ended) if ended else float("nan"),
        "health_gap_reduction": float(last["health_gap_reduction"]),
        "health_gap_secured": float(last["health_gap_secured"]),
        "end_reasons": dict(reasons),
    }


def _seeds(base: int) -> list[int]:
    from hiap_sim.runner import replicate_seeds

    return replicate_seeds(base, SEEDS)


def _window(runs: list[dict], key: str, before: bool) -> list[float]:
    values = []
    for run in runs:
        r = run["reorganisation_month"]
        months = range(r - 12, r) if before else range(r, r + 12)
        values.append(float(np.mean([m[key] for m in run["months"] if m["month"] in months])))
    return values


def summarise_segv(runs: list[dict]) -> dict:
    keys = ["pairs", *[f"pairs_{k}" for k in range(5)], *[f"level_share_{k}" for k in range(2, 5)], "mandate_topic_work", "other_topic_work"]
    summary = {}
    for key in keys:
        before, after = _window(runs, key, True), _window(runs, key, False)
        summary[key] = {"before": float(np.mean(before)), "after": float(np.mean(after)),
                        "change": float(np.mean(after) - np.mean(before)),
                        "change_sd": float(np.std(np.subtract(after, before), ddof=1))}
    return summary


def summarise_national(runs: list[dict]) -> dict:
    summary = {}
    for key in ("completed", "abandoned", "funding_ended_share", "health_gap_reduction", "health_gap_secured"):
        values = np.array([r[key] for r in runs], dtype=float)
        summary[key] = {"mean": float(np.nanmean(values)), "sd": float(np.nanstd(values, ddof=1))}
    reasons: Counter = Counter()
    for r in runs:
        reasons.update(r["end_reasons"])
    summary["end_reasons_per_run"] = {k: v / len(runs) for k, v in reasons.most_common()}
    return summary


def figure(before: Path, after: Path, out: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    data = {"before": json.loads(before.read_text()), "after": json.loads(after.read_text())}
    fig, axes = plt.subplots(1, 3, figsize=(15, 4.2))
    for label, style in (("before", "--"), ("after", "-")):
        runs = data[label]["runs"]
        months = [m["month"] for m in runs[0]["months"]]
        reorg = runs[0]["reorganisation_month"]

        def mean(key: str, runs: list[dict] = runs) -> np.ndarray:
            return np.mean([[m[key] for m in run["months"]] for run in runs], axis=0)

        for k, colour in ((2, "tab:blue"), (3, "tab:orange"), (4, "tab:green")):
            axes[0].plot(months, mean(f"level_share_{k}"), style, color=colour, label=f"level_share_{k} ({label})")
        for k, colour in ((2, "tab:blue"), (3, "tab:orange")):
            axes[1].plot(months, mean(f"pairs_{k}"), style, color=colour, label=f"pairs at level {k} ({label})")
        if label == "after":
            axes[1].plot(months, mean("pairs") / 10, ":", color="grey", label="active pairs / 10")
        axes[2].plot(months, mean("mandate_topic_work"), style, color="tab:red", label=f"work on J&G topics ({label})")
        axes[2].plot(months, mean("other_topic_work") / 5, style, color="tab:grey", label=f"other work / 5 ({label})")
        for ax in axes:
            ax.axvline(reorg, color="black", lw=0.8)
    axes[0].set_title("Level shares (mean of 30 seeds)")
    axes[1].set_title("Department pairs per level (counts; none at level 4)")
    axes[2].set_title("Active joint work by topic")
    for ax in axes:
        ax.set_xlabel("month (reorganisation 2010-10: vertical line)")
        ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(out, dpi=110)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=["segv", "national", "figure"])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--before", type=Path)
    parser.add_argument("--after", type=Path)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--set", action="append", default=[], metavar="PATH=VALUE",
                        help="national: a scenario setting, e.g. levers.financing.ministry_project_months=48 (the corners of a stated range)")
    args = parser.parse_args()
    if args.what == "figure":
        figure(args.before, args.after, args.out)
        return
    run, base, summarise = (_segv_run, 2008, summarise_segv) if args.what == "segv" else (_national_run, 2025, summarise_national)
    overrides = {k: yaml.safe_load(v) for k, v in (item.split("=", 1) for item in args.set)}
    seeds = _seeds(base)
    if overrides:
        run = functools.partial(run, overrides=overrides)
    with ProcessPoolExecutor(args.workers) as pool:
        runs = list(pool.map(run, seeds))
    result = {"summary": summarise(runs), "runs": runs}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1))
    print(json.dumps(result["summary"], indent=1))


if __name__ == "__main__":
    main()
