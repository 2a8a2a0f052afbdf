"""Knockout screen: which mechanism switches move three stylized facts that pass without their named mechanism.

The validity report knocks out only the mechanism a pattern file names (``knockouts:``). Facts 1 (chance starts
cooperation), 2 (persistence with changing faces) and 14 (collaboration exceeds own priority) still pass with
their named mechanism off. This screen reruns each of these patterns with every switch of the scenario's
``mechanisms:`` section off in turn (one at a time, plus none off), on the pattern's own replicate seeds, and
reports for each (fact, switch) each criterion's statistic with its 95 % interval, whether the criterion would
pass, and the paired shift of the statistic from the run with every mechanism on.

It is a screen of the model's mechanisms, not a validation result: it changes no pattern, criterion,
parameter or model code, and it runs through the same functions as ``hiap-sim patterns``
(``hiap_sim.validation.patterns``: ``load_pattern``, ``run_pattern``, which derives the seeds and applies
``evaluate`` to each criterion).

Run from the repository root (about 3 minutes on 2 worker processes):

    PYTHONPATH=. python experiments/knockout_screen/screen.py

It writes ``results.json`` and rewrites the generated tables of ``README.md`` (between the ``tables`` markers)
in this folder.
"""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
PATTERNS = ("chance_starts_cooperation", "persistence_with_changing_faces", "collaboration_exceeds_priority")
REPLICATES = 20
MAX_WORKERS = 2  # the screen shares the machine; never more than two processes
NONE = "none"  # the run with every mechanism on
START, END = "<!-- tables:start -->", "<!-- tables:end -->"


def switches() -> list[str]:
    """Every mechanism switch of the scenario schema, in declaration order."""
    from hiap_sim.scenario.schema import Mechanisms

    return list(Mechanisms.model_fields)


def _shift(off: np.ndarray, on: np.ndarray) -> dict[str, Any]:
    """Mean paired difference (switch off minus all on, same seeds) with its 95 % bootstrap interval."""
    from hiap_sim.validation.patterns import _bootstrap  # the report's bootstrap, so intervals are comparable

    keep = ~(np.isnan(off) | np.isnan(on))
    diff = off[keep] - on[keep]
    low, high = _bootstrap(diff)
    mean = float(diff.mean()) if len(diff) else float("nan")
    return {"mean": mean, "interval": [low, high], "n": int(len(diff)), "excludes_zero": bool(low > 0 or high < 0),
            "identical": bool(len(diff) and np.all(diff == 0))}


def _clean(x: Any) -> Any:
    """JSON-safe: NaN as null, numpy scalars and arrays as Python values."""
    if isinstance(x, dict):
        return {k: _clean(v) for k, v in x.items()}
    if isinstance(x, list | tuple):
        return [_clean(v) for v in x]
    if isinstance(x, np.ndarray):
        return [_clean(v) for v in x.tolist()]
    if isinstance(x, np.generic):
        x = x.item()
    if isinstance(x, float) and math.isnan(x):
        return None
    return x


def screen_pattern(name: str, replicates: int, pool: ProcessPoolExecutor | None, progress: bool = True) -> dict[str, Any]:
    """Run one pattern with none and with each switch off; the statistics, verdicts and shifts per switch."""
    from hiap_sim.validation.patterns import load_pattern, pattern_files, run_pattern

    pattern = load_pattern(pattern_files([name])[0])
    named = sorted({s for group in pattern.knockouts.values() for s in group})
    runs: dict[str, Any] = {}
    baseline = None
    for switch in [NONE, *switches()]:
        started = time.perf_counter()
        result = run_pattern(pattern, replicates, pool, switched_off=() if switch == NONE else (switch,))
        if switch == NONE:
            baseline = result
        criteria = []
        for c, outcome in zip(pattern.criteria, result.outcomes, strict=True):
            arm = c.arm or c.arms[0]
            values = result.values[arm][c.statistic]
            record = {
                "statistic": c.statistic, "arm": arm, "criterion": outcome["criterion"], "label": outcome["label"],
                "observed": outcome["observed"], "interval": list(outcome["interval"]), "p": outcome.get("p"),
                "passed": outcome["passed"], "n": outcome["n"], "values": values,
                "shift": _shift(values, baseline.values[arm][c.statistic]) if switch != NONE else None,
            }
            criteria.append(record)
        runs[switch] = {"passed": result.passed, "criteria": criteria, "seconds": time.perf_counter() - started}
        if progress:
            verdicts = ", ".join(f"{r['statistic']} {r['observed']:.3g} {'pass' if r['passed'] else 'FAIL'}" for r in criteria)
            print(f"fact {pattern.fact:>2} {switch:<24} {verdicts}", flush=True)
    from hiap_sim.runner import replicate_seeds

    return {
        "pattern": pattern.name, "fact": pattern.fact, "title": pattern.title, "source": pattern.source,
        "claim": " ".join(pattern.claim.split()), "named_knockouts": named,
        "arms": {k: {"scenario": a.scenario, "overrides": a.overrides} for k, a in pattern.arms.items()},
        "months": pattern.months, "seeds": replicate_seeds(pattern.seed, replicates), "runs": runs,
    }


# ------------------------------------------------------------------------------------------------ tables
def _fmt(x: float | None, digits: int = 3) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "-"
    return f"{x:.{digits}g}"


def _cell(record: dict[str, Any]) -> str:
    low, high = record["interval"]
    return f"{_fmt(record['observed'])} [{_fmt(low)}, {_fmt(high)}] {'pass' if record['passed'] else '**FAIL**'}"


def _shift_cell(record: dict[str, Any]) -> str:
    shift = record["shift"]
    if shift is None:
        return "-"
    if shift["identical"]:
        return "0 (identical runs)"
    low, high = shift["interval"]
    text = f"{shift['mean']:+.3g} [{_fmt(low)}, {_fmt(high)}]"
    return f"**{text}**" if shift["excludes_zero"] else text


def fact_table(fact: dict[str, Any]) -> list[str]:
    """One markdown table: switch -> per criterion the statistic [95 % interval] pass/fail and the paired shift."""
    first = fact["runs"][NONE]["criteria"]
    header = "| switch off | " + " | ".join(f"{c['statistic']} ({c['label']}) | shift from none" for c in first) + " | fact |"
    lines = [header, "|---|" + "---|---|" * len(first) + "---|"]
    for switch, run in fact["runs"].items():
        label = f"`{switch}`" + (" (named)" if switch in fact["named_knockouts"] else "")
        cells = " | ".join(f"{_cell(c)} | {_shift_cell(c)}" for c in run["criteria"])
        lines.append(f"| {label} | {cells} | {'pass' if run['passed'] else '**FAIL**'} |")
    return lines


def tables_markdown(results: dict[str, Any]) -> list[str]:
    lines = [
        f"Generated by `screen.py` ({results['replicates']} replicates per arm, the patterns' own seeds; wall time "
        f"{results['seconds']:.0f} s on {results['workers']} worker processes; code at commit `{results['commit']}`).",
        "Each cell: the criterion's statistic (its mean over replicates, as in the validity report) with its 95 % bootstrap interval and",
        "whether the criterion passes; *shift from none*: the mean paired difference from the run with every mechanism",
        "on (same seeds), with its 95 % bootstrap interval, **bold** when the interval excludes zero.",
        "",
    ]
    for fact in results["facts"]:
        lines += [f"### Fact {fact['fact']}: {fact['title']} [{fact['source']}]", ""]
        lines += [f"Criteria: {'; '.join(c['criterion'] for c in fact['runs'][NONE]['criteria'])}.", ""]
        lines += fact_table(fact) + [""]
        failing = [s for s, r in fact["runs"].items() if not r["passed"]]
        lines += [f"Switches that make the fact fail: {', '.join(f'`{s}`' for s in failing) or 'none'}.", ""]
    return lines


def write_readme(results: dict[str, Any], readme: Path) -> None:
    """Replace the generated part of the README (between the markers), keeping the text around it."""
    generated = "\n".join([START, *tables_markdown(results), END])
    text = readme.read_text(encoding="utf-8") if readme.exists() else f"# Knockout screen\n\n{START}\n{END}\n"
    if START not in text or END not in text:
        raise SystemExit(f"{readme}: expected the markers {START} and {END} around the generated tables; found neither pair")
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    readme.write_text(head + generated + tail, encoding="utf-8")


def _commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=HERE, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--replicates", type=int, default=REPLICATES, help=f"replicates per arm (default {REPLICATES})")
    parser.add_argument("--workers", type=int, default=MAX_WORKERS, help=f"worker processes, 1-{MAX_WORKERS} (default {MAX_WORKERS})")
    parser.add_argument("--patterns", nargs="+", default=list(PATTERNS), help="patterns to screen (default: the three facts)")
    parser.add_argument("--out", type=Path, default=HERE, help="folder for results.json and README.md (default: this folder)")
    args = parser.parse_args(argv)
    if not 1 <= args.workers <= MAX_WORKERS:
        parser.error(f"--workers: expected 1 to {MAX_WORKERS}, found {args.workers}")
    if args.replicates < 2:
        parser.error(f"--replicates: expected at least 2, found {args.replicates}")
    from hiap_sim.scenario import ScenarioError
    from hiap_sim.validation.patterns import pattern_files

    try:
        pattern_files(args.patterns)
    except ScenarioError as exc:
        parser.error(f"--patterns: {exc}")
    started = time.perf_counter()
    pool = ProcessPoolExecutor(max_workers=args.workers) if args.workers > 1 else None
    try:
        facts = [screen_pattern(name, args.replicates, pool) for name in args.patterns]
    finally:
        if pool is not None:
            pool.shutdown()
    results = {
        "what": "knockout screen: each pattern rerun with one mechanism switch off at a time (and none), same seeds; "
                "a screen of the model's mechanisms, not a validation result",
        "replicates": args.replicates, "workers": args.workers, "commit": _commit(),
        "seconds": time.perf_counter() - started, "switches": switches(), "facts": facts,
    }
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "results.json").write_text(json.dumps(_clean(results), indent=1), encoding="utf-8")
    write_readme(results, args.out / "README.md")
    print(f"wrote {args.out / 'results.json'} and {args.out / 'README.md'} ({results['seconds']:.0f} s)")


if __name__ == "__main__":
    main()
