"""Scenario discovery on a sweep's result folder: where in parameter space does an outcome of interest occur?

Runs are split by a threshold on one output (e.g. the health gap closed by at least 30 % by 2040, the
REG2021 target). PRIM (the EMA Workbench's implementation) peels the parameter space towards boxes where
the outcome is frequent; its peeling trajectory trades coverage (the share of all cases of interest inside
the box) against density (the share of runs in the box that are cases). The chosen box is reported with
its limits and their quasi-p-values; a CART tree and extra-trees feature scores give two further views.
Everything is written under ``<result folder>/discovery/<question>/`` and derives from the runs alone.
"""

from __future__ import annotations

import math
import os
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from hiap_sim.experiments.store import ResultFolderError, ResultSet, load_results

MIN_COVERAGE = 0.5  # default: the chosen box holds at least half of the cases of interest (assumption: Bryant & Lempert 2010 report boxes of 0.5-0.8)
PEEL_ALPHA = 0.05  # share of runs peeled off per step (the EMA Workbench's default)
MASS_MIN = 0.05  # smallest box, as a share of all runs (the EMA Workbench's default)
SIGNIFICANT_QP = 0.05  # a restriction with a quasi-p-value above this is not supported by the data
SCENARIO_COLUMN = "base_scenario"  # PRIM reserves the name 'scenario'


@contextmanager
def quiet_workbench() -> Iterator[None]:
    """Silence the EMA Workbench's own deprecation and import notices (pandas 3 'inplace', optional extras)."""
    with warnings.catch_warnings():
        for category in (DeprecationWarning, PendingDeprecationWarning, FutureWarning, ImportWarning):
            warnings.simplefilter("ignore", category)
        warnings.filterwarnings("ignore", message=".*(ipyparallel|altair).*")
        yield


@contextmanager
def numpy_global_seed(seed: int) -> Iterator[None]:
    """Seed numpy's global random state for a library call that uses it, and restore the state afterwards."""
    state = np.random.get_state()
    np.random.seed(seed % 2**32)
    try:
        yield
    finally:
        np.random.set_state(state)


@dataclass
class Discovery:
    """What ``discover`` found: the question, the peeling trajectory, the chosen box, CART boxes, feature scores."""

    folder: Path
    outcome: str
    threshold: float
    direction: str
    runs: int
    cases: int
    trajectory: pd.DataFrame
    chosen: int
    limits: pd.DataFrame
    cart_boxes: pd.DataFrame
    cart_stats: pd.DataFrame
    scores: pd.DataFrame
    picked: bool = False  # chosen with --box rather than by the coverage rule
    peeled_box: int = 0  # the box chosen on the peeling trajectory, before unsupported restrictions were dropped
    dropped: list[str] = field(default_factory=list)  # restrictions dropped because the data did not support them
    peeled_steps: int = 0  # boxes found by peeling (the trajectory's later boxes come from dropped restrictions)
    figures: list[Path] = field(default_factory=list)
    report: Path | None = None

    @property
    def box(self) -> pd.Series:
        """Coverage, density, mass and restricted dimensions of the chosen box."""
        return self.trajectory.set_index("id").loc[self.chosen]

    @property
    def question(self) -> str:
        return f"{self.outcome} {'>=' if self.direction == 'above' else '<='} {self.threshold:g}"


def resolve_outcome(results: ResultSet, outcome: str) -> str:
    """The output label meant by ``outcome``: a label, or a metric that exactly one output reduces."""
    if outcome in results.outputs:
        return outcome
    spec = results.manifest["experiment"]["spec"]["outputs"]
    matches = [label for label, o in zip(results.outputs, spec, strict=True) if o["metric"] == outcome]
    if len(matches) == 1:
        return matches[0]
    hint = f" '{outcome}' is reduced by several outputs: {', '.join(matches)}; give one of them." if matches else ""
    raise ResultFolderError(f"'{outcome}' is not an output of this sweep.{hint} Expected one of: {', '.join(results.outputs)}.",
                            file=results.folder, field="--outcome")


def discovery_data(results: ResultSet, label: str, threshold: float, direction: str) -> tuple[pd.DataFrame, np.ndarray, pd.DataFrame]:
    """The parameter values of every successful run (x), whether it is a case of interest (y), and the runs used."""
    if not results.parameters:
        raise ResultFolderError("this sweep varies no parameters (only scenarios and seeds), so there is no parameter space to search. "
                                "Use a sweep with parameters, e.g. a Latin hypercube.", file=results.folder)
    runs = results.ok.dropna(subset=[label]).sort_values("run_id").reset_index(drop=True)
    if runs.empty:
        raise ResultFolderError(f"no successful run has a value of '{label}'.", file=results.folder)
    x = runs[results.parameters].astype(float).copy()
    if len(results.scenarios) > 1:
        x[SCENARIO_COLUMN] = pd.Categorical(runs["scenario"], categories=results.scenarios)
    values = runs[label].to_numpy(dtype=float)
    y = values >= threshold if direction == "above" else values <= threshold
    cases = int(y.sum())
    if cases == 0 or cases == len(y):
        what = "no run" if cases == 0 else "every run"
        raise ResultFolderError(f"{what} has {label} {'>=' if direction == 'above' else '<='} {threshold:g} (range over runs: "
                                f"{values.min():.3g} to {values.max():.3g}), so there is nothing to tell apart. Choose a threshold inside that range.",
                                file=results.folder, field="--threshold")
    return x, y, runs


def choose_box(trajectory: pd.DataFrame, min_coverage: float) -> int:
    """The densest box whose coverage is at least ``min_coverage`` (ties: fewer restricted dimensions, then more coverage)."""
    eligible = trajectory[trajectory["coverage"] >= min_coverage]
    if eligible.empty:
        eligible = trajectory
    ranked = eligible.sort_values(["density", "res_dim", "coverage"], ascending=[False, True, False])
    return int(ranked["id"].iloc[0])


def box_limits(box: Any, chosen: int, x: pd.DataFrame) -> pd.DataFrame:
    """Limits of the chosen box per restricted parameter, with the full range swept and the quasi-p-values."""
    with quiet_workbench():
        stats, table = box.inspect(chosen, style="data")[0]
    rows = []
    for name in table.index:
        low, high, qp_low, qp_high = (table.iloc[table.index.get_loc(name), k] for k in range(4))
        row: dict[str, Any] = {"parameter": name}
        if isinstance(low, set | frozenset) or name == SCENARIO_COLUMN:
            row.update(box_min=", ".join(sorted(map(str, low))) if isinstance(low, set | frozenset) else str(low), box_max="",
                       full_min="", full_max="")
        else:
            row.update(box_min=float(low), box_max=float(high), full_min=float(x[name].min()), full_max=float(x[name].max()))
        row.update(qp_lower=float(qp_low) if qp_low == qp_low else float("nan"), qp_upper=float(qp_high) if qp_high == qp_high else float("nan"))
        qps = [v for v in (row["qp_lower"], row["qp_upper"]) if v == v]
        row["significant"] = bool(qps) and min(qps) <= SIGNIFICANT_QP
        rows.append(row)
    return pd.DataFrame(rows, columns=["parameter", "box_min", "box_max", "full_min", "full_max", "qp_lower", "qp_upper", "significant"])


def feature_scores(x: pd.DataFrame, y: np.ndarray, seed: int) -> pd.DataFrame:
    """Extra-trees feature scores of each parameter for telling cases from the other runs (they sum to 1)."""
    from ema_workbench.analysis import feature_scoring
    from ema_workbench.analysis.scenario_discovery_util import RuleInductionType

    with quiet_workbench():
        scores, _ = feature_scoring.get_ex_feature_scores(x, y.astype(int), mode=RuleInductionType.CLASSIFICATION, random_state=seed)
    scores = scores.iloc[:, 0].rename("score").sort_values(ascending=False)
    return scores.rename_axis("parameter").reset_index()


def discover(folder: str | os.PathLike, outcome: str, threshold: float, *, direction: str = "above", box: int | None = None,
             min_coverage: float = MIN_COVERAGE, peel_alpha: float = PEEL_ALPHA, mass_min: float = MASS_MIN, simplify: bool = True,
             make_figures: bool = True) -> Discovery:
    """Scenario discovery for ``outcome`` >= ``threshold`` (or <= with ``direction='below'``) in a result folder.

    ``box``: the id of a box on the peeling trajectory to report (default: the densest with coverage >= ``min_coverage``).
    ``simplify``: drop the chosen box's restrictions whose quasi-p-value is above 0.05 (each drop adds a box to the trajectory).
    Writes ``discovery/<outcome>_<above|below>_<threshold>/`` with report.md, tables and figures.
    """
    if direction not in ("above", "below"):
        raise ResultFolderError(f"direction must be 'above' or 'below', found '{direction}'.", field="--direction")
    results = load_results(folder)
    label = resolve_outcome(results, outcome)
    x, y, runs = discovery_data(results, label, threshold, direction)
    seed = int(results.manifest["seeds"]["analysis_seed"])
    with quiet_workbench():
        from ema_workbench.analysis import cart, prim

        peeled = prim.Prim(x, y, peel_alpha=peel_alpha, mass_min=mass_min).find_box()
    trajectory = peeled.peeling_trajectory.reset_index(drop=True)
    peeled_steps = len(trajectory)
    if box is not None and box not in set(trajectory["id"]):
        raise ResultFolderError(f"--box {box} is not on the peeling trajectory (boxes 0 to {int(trajectory['id'].max())}).", field="--box")
    chosen = box if box is not None else choose_box(trajectory, min_coverage)
    limits = box_limits(peeled, chosen, x)
    peeled_box, dropped = chosen, []
    if simplify:  # restrictions the data do not support make a box harder to read without making it reliably denser
        weak = [p for p, ok in zip(limits["parameter"], limits["significant"], strict=True) if not ok]
        for parameter in weak:
            with quiet_workbench():
                peeled.drop_restriction(parameter, i=chosen)
            chosen = int(peeled.peeling_trajectory["id"].iloc[-1])
            dropped.append(parameter)
        if dropped:
            trajectory = peeled.peeling_trajectory.reset_index(drop=True)
            limits = box_limits(peeled, chosen, x)
    with quiet_workbench(), numpy_global_seed(seed):  # the Workbench's tree takes no seed; scikit-learn then breaks ties with numpy's global one
        tree = cart.CART(x, y, mass_min=mass_min)
        tree.build_tree()
        cart_boxes = tree.boxes_to_dataframe()
        cart_stats = tree.stats_to_dataframe()
    cart_boxes = _flatten_cart_boxes(cart_boxes)
    scores = feature_scores(x, y, seed)

    slug = f"{label}_{direction}_{threshold:g}".replace(".", "p").replace("-", "m")
    out = results.folder / "discovery" / slug
    (out / "tables").mkdir(parents=True, exist_ok=True)
    (out / "figures").mkdir(exist_ok=True)
    found = Discovery(out, label, threshold, direction, len(y), int(y.sum()), trajectory, chosen, limits, cart_boxes, cart_stats, scores, box is not None,
                      peeled_box, dropped, peeled_steps)
    trajectory.to_csv(out / "tables" / "peeling_trajectory.csv", index=False)
    limits.to_csv(out / "tables" / "chosen_box.csv", index=False)
    cart_boxes.to_csv(out / "tables" / "cart_boxes.csv", index=False)
    cart_stats.to_csv(out / "tables" / "cart_stats.csv")
    scores.to_csv(out / "tables" / "feature_scores.csv", index=False)
    inside = _inside(x, limits)
    runs.assign(case=y, in_box=inside)[["run_id", "scenario", "sample", "replicate", "seed", label, "case", "in_box"]].to_csv(
        out / "tables" / "runs.csv", index=False)
    if make_figures:
        _figures(found, peeled, tree, x, y, inside, results, runs)
    found.report = _report(found, results, min_coverage)
    return found


def _flatten_cart_boxes(boxes: pd.DataFrame) -> pd.DataFrame:
    """CART's box limits as rows (box, parameter, min, max) instead of a two-level column index."""
    rows = []
    for column in boxes.columns.get_level_values(0).unique():
        part = boxes[column]
        for parameter in part.index:
            low, high = part.loc[parameter].iloc[0], part.loc[parameter].iloc[1]
            rows.append({"box": column, "parameter": parameter, "min": low, "max": high})
    return pd.DataFrame(rows)


def _inside(x: pd.DataFrame, limits: pd.DataFrame) -> np.ndarray:
    """Whether each run lies inside the chosen box."""
    inside = np.ones(len(x), dtype=bool)
    for row in limits.itertuples(index=False):
        if row.parameter == SCENARIO_COLUMN:
            allowed = {s.strip() for s in str(row.box_min).split(",")}
            inside &= x[SCENARIO_COLUMN].astype(str).isin(allowed).to_numpy()
        else:
            values = x[row.parameter].to_numpy(dtype=float)
            inside &= (values >= row.box_min) & (values <= row.box_max)
    return inside


def _figures(found: Discovery, peeled: Any, tree: Any, x: pd.DataFrame, y: np.ndarray, inside: np.ndarray, results: ResultSet, runs: pd.DataFrame) -> None:
    from hiap_sim.experiments import figures

    folder = found.folder / "figures"
    found.figures.append(figures.peeling_trajectory_figure(found.trajectory.iloc[: found.peeled_steps], found.chosen, found.box, f"PRIM peeling trajectory: {found.question}",
                                                           folder / "peeling_trajectory.png"))
    found.figures.append(figures.box_limits_figure(found.limits, found.box, f"Chosen box {found.chosen}: {found.question}", folder / "chosen_box.png"))
    restricted = [p for p in found.limits["parameter"] if p != SCENARIO_COLUMN][:4]
    if len(restricted) >= 1:
        found.figures.append(figures.box_scatter_figure(x, y, restricted, found.limits, f"Runs in the restricted dimensions ({found.question})",
                                                        folder / "box_scatter.png"))
    found.figures.append(figures.cart_figure(tree.clf, list(tree.feature_names), f"CART tree: {found.question}", folder / "cart_tree.png"))
    found.figures.append(figures.feature_score_figure(found.scores, f"Feature scores for {found.question} (extra trees)", folder / "feature_scores.png"))
    if results.series_metrics:
        from hiap_sim.experiments import bundles

        series = results.timeseries(results.series_metrics, run_ids=runs["run_id"])
        if not series.empty:
            groups = pd.Series(np.where(inside, "inside the chosen box", "outside the box"), index=runs["run_id"])
            stats = bundles.bundle_table(series, groups, results.series_metrics)
            seed = int(results.manifest["seeds"]["analysis_seed"])
            found.figures.append(bundles.bundle_figures(stats, series, groups, results.series_metrics, f"Outcome bundles inside and outside box {found.chosen}",
                                                        folder / "bundles_box.png", bundles.sample_runs(groups, 15, seed), "runs"))


def _report(found: Discovery, results: ResultSet, min_coverage: float) -> Path:
    from hiap_sim.experiments.tables import markdown_table

    box = found.box
    manifest = results.manifest
    significant = found.limits[found.limits["significant"]]
    weak = found.limits[~found.limits["significant"]]
    share = found.cases / found.runs
    out = [f"# Scenario discovery: when is {found.question}?", "",
           f"Sweep `{manifest['experiment']['name']}` ({results.folder}): {found.runs} successful runs, of which {found.cases} "
           f"({share:.0%}) have {found.question}. PRIM (EMA Workbench, peel alpha {PEEL_ALPHA:g}, minimum mass {MASS_MIN:g}) peels the "
           "parameter space towards boxes where such runs are frequent.", "",
           "## The chosen box", "",
           (f"Box {found.peeled_box} of the peeling trajectory" + (" (chosen with --box)" if found.picked else f" (the densest with coverage >= {min_coverage:.0%})")
            + (f", without its restrictions on {', '.join(f'`{p}`' for p in found.dropped)} (quasi-p-values above {SIGNIFICANT_QP:g}: the data do not "
               f"support them), which gives box {found.chosen}" if found.dropped else "") + ":"), "",
           "| | |", "|---|---|",
           f"| coverage | {box['coverage']:.0%} of all runs with {found.question} lie in the box |",
           f"| density | {box['density']:.0%} of the runs in the box have {found.question} (everywhere: {share:.0%}) |",
           f"| mass | {box['mass']:.0%} of all runs lie in the box |",
           f"| restricted dimensions | {int(box['res_dim'])} |", ""]
    if found.limits.empty:
        out += ["The chosen box restricts no parameter.", ""]
    else:
        out += ["Limits of the box and their quasi-p-values (a one-sided binomial test of whether the restriction raises the density; "
                f"above {SIGNIFICANT_QP:g} the data do not support it):", "",
                markdown_table(found.limits, ["parameter", "box_min", "box_max", "full_min", "full_max", "qp_lower", "qp_upper", "significant"]), ""]
        if not significant.empty:
            parts = []
            for r in significant.itertuples(index=False):
                if r.parameter == SCENARIO_COLUMN:
                    parts.append(f"base scenario in {r.box_min}")
                    continue
                lower = r.box_min > r.full_min + 1e-12
                upper = r.box_max < r.full_max - 1e-12
                rule = (f"{r.box_min:.3g} <= `{r.parameter}` <= {r.box_max:.3g}" if lower and upper else
                        f"`{r.parameter}` >= {r.box_min:.3g}" if lower else f"`{r.parameter}` <= {r.box_max:.3g}")
                parts.append(rule)
            out += ["**In short:** " + found.question + " is frequent when " + " and ".join(parts)
                    + f" ({box['density']:.0%} of such runs reach it, against {share:.0%} overall; the box holds {box['coverage']:.0%} of the runs that reach it).", ""]
        if not weak.empty:
            out += [f"Restrictions not supported by the data (quasi-p > {SIGNIFICANT_QP:g}): " + ", ".join(f"`{p}`" for p in weak["parameter"]) + ".", ""]
    names = {p.name for p in found.figures}
    for stem, caption in (("peeling_trajectory", "Peeling trajectory"), ("chosen_box", "Chosen box"), ("box_scatter", "Runs in the restricted dimensions"),
                          ("bundles_box", "Outcome bundles inside and outside the box")):
        if f"{stem}.png" in names:
            out += [f"![{caption}](figures/{stem}.png)", ""]
    peeled = found.trajectory.iloc[: found.peeled_steps]
    step = max(1, math.ceil(len(peeled) / 15))
    shown = peeled.iloc[::step]
    if found.chosen not in set(shown["id"]):
        shown = pd.concat([shown, found.trajectory[found.trajectory["id"] == found.chosen]]).sort_values("id")
    out += ["## Peeling trajectory", "", "Each peel removes a slice of the runs; coverage falls and density rises. "
            + (f"One box in {step} " if step > 1 else "Every box ") + "and the chosen one (all in `tables/peeling_trajectory.csv`, where boxes after "
            f"{found.peeled_steps - 1} come from dropped restrictions; pick another with `--box ID`):", "",
            markdown_table(shown, ["id", "coverage", "density", "mass", "res_dim", "n"]), ""]
    out += ["## CART", "", "A classification tree (scikit-learn, minimum leaf mass as for PRIM) splits the runs into boxes; each box with its "
            "coverage and density:", "", markdown_table(found.cart_stats.reset_index().rename(columns={"index": "box"})), "",
            "![CART tree](figures/cart_tree.png)", ""]
    out += ["## Feature scores", "", "How much each parameter helps to tell runs that reach the target from runs that do not (extra-trees "
            "impurity importance; the scores sum to 1):", "", markdown_table(found.scores), "", "![Feature scores](figures/feature_scores.png)", ""]
    out += ["## Reproduce", "", f"`hiap-sim discover {results.folder} --outcome {found.outcome} --threshold {found.threshold:g}"
            + (" --direction below" if found.direction == "below" else "") + (f" --box {found.peeled_box}" if found.picked else "") + "`", "",
            "Tables: `tables/peeling_trajectory.csv`, `tables/chosen_box.csv`, `tables/cart_boxes.csv`, `tables/cart_stats.csv`, "
            "`tables/feature_scores.csv`, `tables/runs.csv` (each run: case of interest, inside the box).", ""]
    path = found.folder / "report.md"
    path.write_text("\n".join(out), encoding="utf-8")
    return path
