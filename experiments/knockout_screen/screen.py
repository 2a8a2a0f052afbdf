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

# statistics that make up or explain each fact's criteria, recorded from the same runs (diagnostics, no verdict)
COMPONENTS = {
    "chance_starts_cooperation": ("chance_origin_share", "informal_to_formal_proposal_ratio"),
    "persistence_with_changing_faces": ("started",),
    "collaboration_exceeds_priority": ("final:municipal_collab_share", "final:municipal_priority_share"),
}
# further runs chosen after reading the one-switch screen, to test what it suggests (not mechanism screens):
# several switches off together, or a scenario input (an arm override) changed in every arm
SUPPLEMENTARY: dict[str, list[dict[str, Any]]] = {
    "chance_starts_cooperation": [
        {"name": "pacification + rank", "switched_off": ("pacification", "rank"),
         "why": "steering-group delegates are directors (lower rank factor): does rank stand in for pacification?"},
        {"name": "steering group monthly, 3 delegates", "overrides": {"levers.working_group.meet_every_months": 1, "levers.working_group.delegates_per_department": 3},
         "why": "nine times the steering group's contacts (scenario lever): does the informal majority follow the contact volume?"},
        {"name": "steering group monthly, 3 delegates + pacification", "switched_off": ("pacification",),
         "overrides": {"levers.working_group.meet_every_months": 1, "levers.working_group.delegates_per_department": 3},
         "why": "the same with pacification off"},
    ],
    "persistence_with_changing_faces": [
        {"name": "working group lever off", "overrides": {"levers.working_group.enabled": False},
         "why": "the scenario's 2009-2010 working group has exactly the five core partners as members"},
        {"name": "working group lever off + institutional_learning", "overrides": {"levers.working_group.enabled": False},
         "switched_off": ("institutional_learning",), "why": "the named mechanism without the working group's contacts"},
        {"name": "goal_matching + institutional_learning", "switched_off": ("goal_matching", "institutional_learning"),
         "why": "the core lineages' ministries fit VWS's focus topics best: partners' fit together with the named mechanism"},
    ],
}


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


def _with_components(pattern: Any, components: tuple[str, ...]) -> Any:
    """The pattern with one extra criterion per component statistic, so ``run_pattern`` records them from the same
    runs; their pass/fail is never used (the fact's verdict comes from the pattern's own criteria only)."""
    from hiap_sim.validation.patterns import Criterion

    arm = pattern.criteria[0].arm or pattern.criteria[0].arms[0]
    extra = [Criterion(statistic=name, arm=arm, test="mean_above", threshold=0.0, effect="diagnostic component, no criterion")
             for name in components]
    return pattern.model_copy(update={"criteria": [*pattern.criteria, *extra]})


def _with_overrides(pattern: Any, overrides: dict[str, Any]) -> Any:
    """The pattern with ``overrides`` added to every arm (a changed scenario input, for supplementary runs)."""
    arms = {k: a.model_copy(update={"overrides": {**a.overrides, **overrides}}) for k, a in pattern.arms.items()}
    return pattern.model_copy(update={"arms": arms})


def _summarise(pattern: Any, result: Any, baseline: Any | None, components: tuple[str, ...]) -> dict[str, Any]:
    """Verdicts of the pattern's own criteria (``evaluate``), component means, and shifts from ``baseline``."""
    from hiap_sim.validation.patterns import _bootstrap, evaluate

    criteria = []
    for c in pattern.criteria:
        outcome = evaluate(c, result.values)
        arm = c.arm or c.arms[0]
        values = result.values[arm][c.statistic]
        criteria.append({
            "statistic": c.statistic, "arm": arm, "criterion": outcome["criterion"], "label": outcome["label"],
            "observed": outcome["observed"], "interval": list(outcome["interval"]), "p": outcome.get("p"),
            "passed": outcome["passed"], "n": outcome["n"], "values": values,
            "shift": _shift(values, baseline.values[arm][c.statistic]) if baseline is not None else None,
        })
    arm = criteria[0]["arm"]
    parts = {}
    for name in components:
        values = result.values[arm][name]
        kept = values[~np.isnan(values)]
        parts[name] = {"mean": float(kept.mean()) if len(kept) else float("nan"), "interval": list(_bootstrap(values)), "values": values,
                       "shift": _shift(values, baseline.values[arm][name]) if baseline is not None else None}
    return {"passed": all(c["passed"] for c in criteria), "criteria": criteria, "components": parts}


def screen_pattern(name: str, replicates: int, pool: ProcessPoolExecutor | None, progress: bool = True) -> dict[str, Any]:
    """Run one pattern with none and with each switch off (then its supplementary runs); the statistics, verdicts,
    components and shifts per run."""
    from hiap_sim.runner import replicate_seeds
    from hiap_sim.validation.patterns import load_pattern, pattern_files, run_pattern

    pattern = load_pattern(pattern_files([name])[0])
    components = COMPONENTS.get(name, ())
    measured = _with_components(pattern, components)
    named = sorted({s for group in pattern.knockouts.values() for s in group})
    plan = [(switch, {"switched_off": () if switch == NONE else (switch,)}) for switch in [NONE, *switches()]]
    plan += [(extra["name"], {**extra, "supplementary": True}) for extra in SUPPLEMENTARY.get(name, [])]
    runs: dict[str, Any] = {}
    baseline = None
    for label, spec in plan:
        started = time.perf_counter()
        run_as = _with_overrides(measured, spec["overrides"]) if spec.get("overrides") else measured
        result = run_pattern(run_as, replicates, pool, switched_off=tuple(spec.get("switched_off", ())))
        if label == NONE:
            baseline = result
        summary = _summarise(pattern, result, None if label == NONE else baseline, components)
        runs[label] = {
            **summary, "switched_off": list(spec.get("switched_off", ())), "overrides": spec.get("overrides", {}),
            "supplementary": bool(spec.get("supplementary")), "why": spec.get("why", ""), "seconds": time.perf_counter() - started,
        }
        if progress:
            verdicts = ", ".join(f"{r['statistic']} {r['observed']:.3g} {'pass' if r['passed'] else 'FAIL'}" for r in summary["criteria"])
            print(f"fact {pattern.fact:>2} {label:<48} {verdicts}", flush=True)
    return {
        "pattern": pattern.name, "fact": pattern.fact, "title": pattern.title, "source": pattern.source,
        "claim": " ".join(pattern.claim.split()), "named_knockouts": named,
        "arms": {k: {"scenario": a.scenario, "overrides": a.overrides} for k, a in pattern.arms.items()},
        "months": pattern.months, "seeds": replicate_seeds(pattern.seed, replicates), "components": list(components), "runs": runs,
    }


# ------------------------------------------------------------------------------- fact 2: exposure to the partners
def _lineage_months(task: tuple[dict[str, Any], int]) -> dict[str, Any]:
    """One segv_2008 run: VWS's joint-work months per partner lineage (counted as ``core_partner_advantage`` counts
    them) and the months each lineage existed in the run, with the pattern's statistic for comparison."""
    from hiap_sim.control import Simulation
    from hiap_sim.scenario import load_scenario
    from hiap_sim.validation.statistics import CORE_LINEAGES, lookup

    overrides, seed = task
    sim = Simulation(load_scenario("segv_2008", overrides), seed=seed)
    frame = sim.run()
    view = sim.view
    coordinator = view.coordinator_org
    organisations = view.organisations
    own = organisations[coordinator].code
    months: dict[str, float] = {}
    for initiative in view.initiatives:
        if coordinator not in initiative.members:
            continue
        span = (initiative.ended or view.month) - initiative.started
        for member in initiative.members:
            if member != coordinator and member < view.n_departments:
                lineage = CORE_LINEAGES.get(organisations[member].code, organisations[member].code)
                months[lineage] = months.get(lineage, 0.0) + span
    spans: dict[str, list[int]] = {}
    for code, department in view.scenario.departments.items():
        lineage = CORE_LINEAGES.get(code, code)
        if code == own or lineage == own:
            continue
        first = view.month_of(department.active_from) if department.active_from else 1
        last = view.month_of(department.active_until) if department.active_until else view.month
        spans.setdefault(lineage, []).extend([first, last])
    existed = {lineage: max(ends) - min(ends) + 1 for lineage, ends in spans.items()}
    core = set(CORE_LINEAGES.values())
    return {"months": months, "existed": existed, "core": sorted(core & set(existed)),
            "core_partner_advantage": float(lookup("core_partner_advantage")(view, frame))}


def exposure_diagnostic(replicates: int, pool: ProcessPoolExecutor | None) -> dict[str, Any]:
    """Fact 2's comparison per month of each lineage's existence: joint-work months with VWS divided by the months
    the lineage existed, mean over the five core lineages minus mean over the others; with the working group on
    (as shipped) and off. ``core_partner_advantage`` compares joint-work months per lineage, and every core
    lineage runs through the whole period (its ministries merge into IenM, ELI and BZK in 2010), while two of the
    four others (J&G, LNV) end in 2010: this separates the time each lineage could work with VWS from the
    partners' choice."""
    from hiap_sim.runner import replicate_seeds
    from hiap_sim.validation.patterns import _bootstrap, load_pattern, pattern_files

    pattern = load_pattern(pattern_files(["persistence_with_changing_faces"])[0])
    seeds = replicate_seeds(pattern.seed, replicates)
    mapper = pool.map if pool is not None else map
    out: dict[str, Any] = {}
    for label, overrides in (("working group on (as shipped)", {}), ("working group off", {"levers.working_group.enabled": False})):
        rows = list(mapper(_lineage_months, [(overrides, seed) for seed in seeds]))
        differences, per_lineage, existed = [], {}, {}
        for row in rows:
            rate = {lineage: row["months"].get(lineage, 0.0) / n for lineage, n in row["existed"].items() if n > 0}
            for lineage, value in rate.items():
                per_lineage.setdefault(lineage, []).append(value)
            existed.update(row["existed"])
            core = [v for lineage, v in rate.items() if lineage in row["core"]]
            other = [v for lineage, v in rate.items() if lineage not in row["core"]]
            differences.append(float(np.mean(core) - np.mean(other)))
        difference = np.array(differences)
        raw = np.array([row["core_partner_advantage"] for row in rows])
        out[label] = {
            "overrides": overrides, "core": rows[0]["core"], "months_existed": existed,
            "rate_difference": {"mean": float(difference.mean()), "interval": list(_bootstrap(difference)), "values": difference},
            "core_partner_advantage": {"mean": float(raw.mean()), "interval": list(_bootstrap(raw)), "values": raw},
            "rate_per_lineage": {lineage: float(np.mean(v)) for lineage, v in sorted(per_lineage.items())},
        }
    return out


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


def _label(switch: str, fact: dict[str, Any]) -> str:
    run = fact["runs"][switch]
    if run["supplementary"]:
        return switch
    return f"`{switch}`" + (" (named)" if switch in fact["named_knockouts"] else "")


def fact_table(fact: dict[str, Any], supplementary: bool = False) -> list[str]:
    """One markdown table: switch -> per criterion the statistic [95 % interval] pass/fail and the paired shift."""
    first = fact["runs"][NONE]["criteria"]
    header = "| run | " + " | ".join(f"{c['statistic']} ({c['label']}) | shift from none" for c in first) + " | fact |"
    lines = [header, "|---|" + "---|---|" * len(first) + "---|"]
    for switch, run in fact["runs"].items():
        if run["supplementary"] != supplementary and switch != NONE:
            continue
        cells = " | ".join(f"{_cell(c)} | {_shift_cell(c)}" for c in run["criteria"])
        lines.append(f"| {_label(switch, fact)} | {cells} | {'pass' if run['passed'] else '**FAIL**'} |")
    return lines


def component_table(fact: dict[str, Any]) -> list[str]:
    """Switch -> mean of each component statistic [95 % interval] and its paired shift (only rows that move)."""
    names = fact["components"]
    lines = ["| run | " + " | ".join(f"{n} | shift" for n in names) + " |", "|---|" + "---|---|" * len(names)]
    for switch, run in fact["runs"].items():
        parts = run["components"]
        if switch != NONE and all(parts[n]["shift"]["identical"] for n in names):
            continue
        cells = []
        for n in names:
            part = parts[n]
            low, high = part["interval"]
            cells.append(f"{_fmt(part['mean'])} [{_fmt(low)}, {_fmt(high)}] | {_shift_cell(part)}")
        lines.append(f"| {_label(switch, fact)} | " + " | ".join(cells) + " |")
    return lines


def exposure_table(exposure: dict[str, Any]) -> list[str]:
    lines = ["| working group | core_partner_advantage (joint-work months per lineage, as in the pattern) | core minus other, joint-work months per month the lineage existed |",
             "|---|---|---|"]
    for label, row in exposure.items():
        raw, rate = row["core_partner_advantage"], row["rate_difference"]
        lines.append(f"| {label} | {_fmt(raw['mean'])} [{_fmt(raw['interval'][0])}, {_fmt(raw['interval'][1])}] | "
                     f"{_fmt(rate['mean'])} [{_fmt(rate['interval'][0])}, {_fmt(rate['interval'][1])}] |")
    first = next(iter(exposure.values()))
    core = set(first["core"])
    lines += ["", "Joint-work months with VWS per month the lineage existed, mean over replicates (core lineages in bold):", "",
              "| lineage | months existed | " + " | ".join(exposure) + " |", "|---|---|" + "---|" * len(exposure)]
    for lineage in sorted(first["rate_per_lineage"], key=lambda x: (x not in core, x)):
        name = f"**{lineage}**" if lineage in core else lineage
        lines.append(f"| {name} | {first['months_existed'][lineage]} | " + " | ".join(_fmt(row["rate_per_lineage"].get(lineage)) for row in exposure.values()) + " |")
    return lines


def tables_markdown(results: dict[str, Any]) -> list[str]:
    lines = [
        f"Generated by `screen.py` ({results['replicates']} replicates per arm, the patterns' own seeds; wall time "
        f"{results['seconds']:.0f} s on {results['workers']} worker processes; code at commit `{results['commit']}`).",
        "Each cell: the criterion's statistic (its mean over replicates, as in the validity report) with its 95 % bootstrap interval and",
        "whether the criterion passes; *shift from none*: the mean paired difference from the run with every mechanism",
        "on (same seeds), with its 95 % bootstrap interval, **bold** when the interval excludes zero; *0 (identical runs)*:",
        "the switch changes nothing in this scenario.",
        "",
    ]
    for fact in results["facts"]:
        lines += [f"### Fact {fact['fact']}: {fact['title']} [{fact['source']}]", ""]
        lines += [f"Criteria: {'; '.join(c['criterion'] for c in fact['runs'][NONE]['criteria'])}.", ""]
        lines += fact_table(fact) + [""]
        failing = [s for s, r in fact["runs"].items() if not r["passed"] and not r["supplementary"]]
        lines += [f"Switches that make the fact fail on their own: {', '.join(f'`{s}`' for s in failing) or 'none'}.", ""]
        if fact["components"]:
            lines += ["Component statistics from the same runs (mean [95 % interval], paired shift from none; runs that change",
                      "nothing are left out):", ""]
            lines += component_table(fact) + [""]
        if any(r["supplementary"] for r in fact["runs"].values()):
            lines += ["Supplementary runs, chosen after the one-switch screen (same seeds and criteria):", ""]
            lines += [f"- *{s}*: {r['why']}" for s, r in fact["runs"].items() if r["supplementary"]] + [""]
            lines += fact_table(fact, supplementary=True) + [""]
        if fact["pattern"] == "persistence_with_changing_faces" and results.get("exposure"):
            lines += ["Fact 2 per ministry and per month of its existence (`exposure_diagnostic`, same seeds):", ""]
            lines += exposure_table(results["exposure"]) + [""]
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
        exposure = exposure_diagnostic(args.replicates, pool) if "persistence_with_changing_faces" in args.patterns else None
    finally:
        if pool is not None:
            pool.shutdown()
    results = {
        "what": "knockout screen: each pattern rerun with one mechanism switch off at a time (and none), same seeds; "
                "a screen of the model's mechanisms, not a validation result",
        "replicates": args.replicates, "workers": args.workers, "commit": _commit(),
        "seconds": time.perf_counter() - started, "switches": switches(), "facts": facts, "exposure": exposure,
    }
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "results.json").write_text(json.dumps(_clean(results), indent=1), encoding="utf-8")
    write_readme(results, args.out / "README.md")
    print(f"wrote {args.out / 'results.json'} and {args.out / 'README.md'} ({results['seconds']:.0f} s)")


if __name__ == "__main__":
    main()
