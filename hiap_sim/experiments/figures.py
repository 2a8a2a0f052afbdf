"""Figures of a sweep analysis: Sobol' bars, Morris mu*-sigma, output-vs-parameter scatter, distributions."""

from __future__ import annotations

import math
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

S1_COLOUR, ST_COLOUR = "#6baed6", "#08306b"
SCENARIO_COLOURS = ["#2171b5", "#cb181d", "#238b45", "#6a51a3", "#d94801", "#525252", "#ce1256", "#88419d"]


def _save(fig: plt.Figure, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=130, bbox_inches="tight")
    plt.close(fig)
    return path


def _sobol_panel(ax: plt.Axes, table: pd.DataFrame, title: str, legend: bool) -> None:
    """Horizontal S1 and ST bars with confidence intervals, largest total effect on top."""
    rows = table.sort_values("ST", ascending=True)
    y = np.arange(len(rows))
    height = 0.38
    for offset, index, colour, label in ((-height / 2, "S1", S1_COLOUR, "first order S1"), (height / 2, "ST", ST_COLOUR, "total ST")):
        value = rows[index].to_numpy()
        error = np.vstack([value - rows[f"{index}_low"].to_numpy(), rows[f"{index}_high"].to_numpy() - value])
        ax.barh(y + offset, value, height=height, color=colour, label=label, xerr=np.clip(error, 0, None),
                error_kw={"elinewidth": 0.9, "capsize": 2, "ecolor": "#444444"})
    ax.set_yticks(y)
    ax.set_yticklabels(rows["parameter"], fontsize=8)
    ax.axvline(0, color="#999999", lw=0.8)
    ax.set_xlim(min(-0.05, float(rows[["S1_low", "ST_low"]].min().min()) - 0.02), max(1.0, float(rows[["S1_high", "ST_high"]].max().max()) + 0.02))
    ax.set_title(title, fontsize=10, loc="left")
    ax.grid(axis="x", alpha=0.3)
    if legend:
        ax.legend(fontsize=8, loc="lower right")


def sobol_figure(table: pd.DataFrame, title: str, path: Path, confidence: float) -> Path:
    """S1/ST bars with intervals for one output."""
    fig, ax = plt.subplots(figsize=(7.5, 0.45 * len(table) + 1.6))
    _sobol_panel(ax, table, title, legend=True)
    ax.set_xlabel(f"Sobol' index (bars: estimate; whiskers: {confidence:.0%} bootstrap interval)")
    return _save(fig, path)


def sobol_overview(tables: dict[str, pd.DataFrame], title: str, path: Path, confidence: float) -> Path:
    """One S1/ST panel per output: the main figure of a Sobol' study."""
    n = len(tables)
    cols = min(n, 2)
    rows = math.ceil(n / cols)
    n_params = max(len(t) for t in tables.values())
    fig, axes = plt.subplots(rows, cols, figsize=(6.2 * cols, (0.34 * n_params + 1.3) * rows), squeeze=False)
    for k, (output, table) in enumerate(tables.items()):
        _sobol_panel(axes[k // cols][k % cols], table, output, legend=k == 0)
    for k in range(n, rows * cols):
        axes[k // cols][k % cols].set_visible(False)
    fig.suptitle(title, fontsize=12, x=0.01, ha="left")
    fig.text(0.01, -0.01, f"Bars: first-order (S1) and total (ST) Sobol' indices; whiskers: {confidence:.0%} bootstrap intervals. "
             "ST - S1 is the share of variance due to interactions.", fontsize=8, color="#444444")
    fig.tight_layout()
    return _save(fig, path)


def morris_figure(table: pd.DataFrame, title: str, path: Path, confidence: float) -> Path:
    """mu* against sigma with mu* intervals; above the diagonal, effects are non-linear or interacting."""
    fig, ax = plt.subplots(figsize=(7.5, 5.5))
    ax.errorbar(table["mu_star"], table["sigma"], xerr=table["mu_star_conf"], fmt="o", color=ST_COLOUR, ecolor="#9ecae1", ms=5, capsize=2)
    top = table.sort_values("mu_star", ascending=False)
    for rank, row in enumerate(top.itertuples(index=False)):
        if rank < 8:
            ax.annotate(row.parameter, (row.mu_star, row.sigma), fontsize=7, xytext=(4, 3), textcoords="offset points")
    limit = max(float(table["mu_star"].max()), float(table["sigma"].max()), 1e-12) * 1.1
    ax.plot([0, limit], [0, limit], "--", color="#999999", lw=0.8, label="sigma = mu*")
    ax.set_xlim(0, limit)
    ax.set_ylim(0, limit)
    ax.set_xlabel(f"mu* (mean absolute elementary effect; whiskers: {confidence:.0%} interval)")
    ax.set_ylabel("sigma (spread of the effects: non-linearity or interaction)")
    ax.set_title(title, fontsize=10, loc="left")
    ax.legend(fontsize=8, loc="upper left")
    ax.grid(alpha=0.3)
    return _save(fig, path)


def scatter_figure(values: pd.DataFrame, output: pd.Series, title: str, path: Path) -> Path:
    """The output (mean over replicates) against each parameter, with the mean in ten bins."""
    params = list(values.columns)
    cols = min(4, max(1, len(params)))
    rows = math.ceil(len(params) / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(3.2 * cols, 2.6 * rows), squeeze=False, sharey=True)
    y = output.to_numpy(dtype=float)
    alpha = float(np.clip(300 / max(len(y), 1), 0.08, 0.8))
    for k, name in enumerate(params):
        ax = axes[k // cols][k % cols]
        x = values[name].to_numpy(dtype=float)
        ax.scatter(x, y, s=5, alpha=alpha, color=S1_COLOUR, lw=0)
        finite = np.isfinite(y)
        if len(np.unique(x[finite])) > 1:
            edges = np.unique(np.quantile(x[finite], np.linspace(0, 1, 11)))
            which = np.clip(np.searchsorted(edges, x[finite], side="right") - 1, 0, len(edges) - 2)
            centres = [x[finite][which == b].mean() for b in range(len(edges) - 1) if (which == b).any()]
            means = [y[finite][which == b].mean() for b in range(len(edges) - 1) if (which == b).any()]
            ax.plot(centres, means, "-", color=ST_COLOUR, lw=1.6)
        ax.set_xlabel(name, fontsize=7)
        ax.tick_params(labelsize=7)
        ax.grid(alpha=0.3)
    for k in range(len(params), rows * cols):
        axes[k // cols][k % cols].set_visible(False)
    fig.suptitle(title, fontsize=10, x=0.01, ha="left")
    fig.tight_layout()
    return _save(fig, path)


def scenario_labels(scenarios: list[str]) -> list[str]:
    """Short labels: variants named '<first>_<variant>' become '+variant' next to the first scenario."""
    base = scenarios[0] + "_"
    return [name if i == 0 or not name.startswith(base) else "+" + name.removeprefix(base) for i, name in enumerate(scenarios)]


def distribution_figure(runs: pd.DataFrame, outputs: list[str], scenarios: list[str], title: str, path: Path) -> Path:
    """Each output's distribution over runs: histograms for one scenario, violins side by side for several."""
    cols = min(3, len(outputs))
    rows = math.ceil(len(outputs) / cols)
    several = len(scenarios) > 1
    width = max(3.6, 1.1 * len(scenarios)) if several else 3.6
    fig, axes = plt.subplots(rows, cols, figsize=(width * cols, 3.2 * rows + (0.8 if several else 0)), squeeze=False)
    for k, output in enumerate(outputs):
        ax = axes[k // cols][k % cols]
        data = [runs.loc[runs["scenario"] == s, output].dropna().to_numpy(dtype=float) for s in scenarios]
        if several:
            positions = np.arange(1, len(scenarios) + 1)
            shown = [d if len(d) > 1 and np.ptp(d) > 0 else np.r_[d, d + 1e-12] if len(d) else np.array([np.nan, np.nan]) for d in data]
            parts = ax.violinplot(shown, positions=positions, showmeans=False, showextrema=False)
            for body, colour in zip(parts["bodies"], SCENARIO_COLOURS * 4, strict=False):
                body.set_facecolor(colour)
                body.set_alpha(0.35)
            ax.boxplot(data, positions=positions, widths=0.18, showfliers=False, medianprops={"color": "black"})
            ax.scatter(positions, [np.mean(d) if len(d) else np.nan for d in data], marker="D", s=18, color="black", zorder=3, label="mean")
            ax.set_xticks(positions)
            ax.set_xticklabels(scenario_labels(scenarios), rotation=30, ha="right", fontsize=7)
        else:
            ax.hist(data[0], bins=min(40, max(5, len(data[0]) // 10)), color=S1_COLOUR, edgecolor="white")
            if len(data[0]):
                ax.axvline(np.mean(data[0]), color=ST_COLOUR, lw=1.5, label="mean")
            ax.set_ylabel("runs", fontsize=8)
        ax.set_title(output, fontsize=9, loc="left")
        ax.tick_params(labelsize=7)
        ax.grid(alpha=0.3)
    for k in range(len(outputs), rows * cols):
        axes[k // cols][k % cols].set_visible(False)
    fig.suptitle(title, fontsize=10, x=0.01, ha="left")
    fig.tight_layout()
    return _save(fig, path)


def rank_correlation_figure(table: pd.DataFrame, title: str, path: Path, confidence: float) -> Path:
    """Spearman rank correlations of the output with each parameter, with intervals."""
    rows = table.sort_values("rho", key=np.abs, ascending=True)
    fig, ax = plt.subplots(figsize=(7.0, 0.35 * len(rows) + 1.4))
    y = np.arange(len(rows))
    error = np.vstack([rows["rho"] - rows["rho_low"], rows["rho_high"] - rows["rho"]])
    colours = [ST_COLOUR if r > 0 else "#cb181d" for r in rows["rho"]]
    ax.barh(y, rows["rho"], color=colours, xerr=np.clip(error, 0, None), error_kw={"elinewidth": 0.9, "capsize": 2})
    ax.set_yticks(y)
    ax.set_yticklabels(rows["parameter"], fontsize=8)
    ax.axvline(0, color="#999999", lw=0.8)
    ax.set_xlim(-1, 1)
    ax.set_xlabel(f"Spearman rank correlation with the output ({confidence:.0%} interval)")
    ax.set_title(title, fontsize=10, loc="left")
    ax.grid(axis="x", alpha=0.3)
    return _save(fig, path)


def bundle_figure(stats: pd.DataFrame, lines: pd.DataFrame, groups: pd.Series, metrics: list[str], title: str, path: Path,
                  group_label: str) -> Path:
    """Outcome bundles: per metric, each group's mean (line), 50 % and 90 % bands, and sampled single runs (thin lines)."""
    names = list(dict.fromkeys(stats["group"]))
    cols = min(2, len(metrics))
    rows = math.ceil(len(metrics) / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(6.4 * cols, 3.6 * rows), squeeze=False)
    for k, metric in enumerate(metrics):
        ax = axes[k // cols][k % cols]
        for g, (name, colour) in enumerate(zip(names, SCENARIO_COLOURS * 4, strict=False)):
            s = stats[(stats["group"] == name) & (stats["metric"] == metric)]
            if s.empty:
                continue
            for _, run in lines[lines["run_id"].map(groups) == name].groupby("run_id"):
                ax.plot(run["month"], run[metric], color=colour, lw=0.5, alpha=0.35, zorder=1)
            ax.fill_between(s["month"], s["p5"], s["p95"], color=colour, alpha=0.12, lw=0, zorder=2)
            ax.fill_between(s["month"], s["p25"], s["p75"], color=colour, alpha=0.25, lw=0, zorder=2)
            label = f"{name} ({int(s['runs'].max())} runs)"
            ax.plot(s["month"], s["mean"], color=colour, lw=1.8, label=label, zorder=3 + g)
        ax.set_title(metric, fontsize=9, loc="left")
        ax.set_xlabel("month", fontsize=8)
        ax.tick_params(labelsize=7)
        ax.grid(alpha=0.3)
        if k == 0:
            ax.legend(fontsize=7, loc="best", title=group_label, title_fontsize=7)
    for k in range(len(metrics), rows * cols):
        axes[k // cols][k % cols].set_visible(False)
    fig.suptitle(title, fontsize=10, x=0.01, ha="left")
    fig.text(0.01, -0.01, "Lines: mean over runs; bands: the middle 50 % and 90 % of runs; thin lines: a sample of single runs.", fontsize=8, color="#444444")
    fig.tight_layout()
    return _save(fig, path)


VERDICT_COLOURS = {"better": "#238b45", "worse": "#cb181d", "no clear difference": "#737373"}


def difference_figure(table: pd.DataFrame, title: str, path: Path, confidence: float) -> Path:
    """One panel per output: each variant's mean difference from the reference with its interval (green: better, red: worse)."""
    outputs = list(dict.fromkeys(table["output"]))
    cols = min(3, len(outputs))
    rows = math.ceil(len(outputs) / cols)
    variants = list(dict.fromkeys(table["scenario"]))
    labels = scenario_labels([str(table["reference"].iloc[0]), *variants])[1:]
    fig, axes = plt.subplots(rows, cols, figsize=(4.4 * cols, (0.35 * len(variants) + 1.2) * rows), squeeze=False)
    for k, output in enumerate(outputs):
        ax = axes[k // cols][k % cols]
        t = table[table["output"] == output].set_index("scenario").reindex(variants)
        y = np.arange(len(variants))[::-1]
        colours = [VERDICT_COLOURS.get(v, ST_COLOUR) for v in t.get("verdict", pd.Series(["no clear difference"] * len(t), index=t.index))]
        error = np.vstack([t["difference"] - t["low"], t["high"] - t["difference"]])
        for yi, x, e0, e1, colour in zip(y, t["difference"], error[0], error[1], colours, strict=True):
            ax.errorbar(x, yi, xerr=[[max(e0, 0)], [max(e1, 0)]], fmt="o", color=colour, ms=5, capsize=3, lw=1.2)
        ax.axvline(0, color="#999999", lw=0.8)
        ax.set_yticks(y)
        ax.set_yticklabels(labels, fontsize=7)
        ax.set_ylim(-0.7, len(variants) - 0.3)
        ax.set_title(output, fontsize=9, loc="left")
        ax.tick_params(axis="x", labelsize=7)
        ax.grid(axis="x", alpha=0.3)
    for k in range(len(outputs), rows * cols):
        axes[k // cols][k % cols].set_visible(False)
    fig.suptitle(title, fontsize=10, x=0.01, ha="left")
    fig.text(0.01, -0.01, f"Mean difference (variant - reference) over paired seeds with its {confidence:.0%} bootstrap interval; "
             "green: clearly better, red: clearly worse, grey: no clear difference.", fontsize=8, color="#444444")
    fig.tight_layout()
    return _save(fig, path)


def share_better_figure(table: pd.DataFrame, title: str, path: Path, confidence: float) -> Path:
    """Share of seeds on which each variant does better than the reference, per output, with Wilson intervals."""
    outputs = list(dict.fromkeys(table["output"]))
    variants = list(dict.fromkeys(table["scenario"]))
    labels = scenario_labels([str(table["reference"].iloc[0]), *variants])[1:]
    fig, ax = plt.subplots(figsize=(8.0, 0.5 * len(outputs) * max(1, len(variants)) ** 0.5 + 1.6))
    height = 0.8 / max(len(variants), 1)
    y = np.arange(len(outputs))[::-1]
    neutral = [c for c in SCENARIO_COLOURS if c not in ("#cb181d", "#238b45")]  # red and green mean worse and better elsewhere
    for v, (variant, label, colour) in enumerate(zip(variants, labels, neutral * 4, strict=False)):
        t = table[table["scenario"] == variant].set_index("output").reindex(outputs)
        pos = y + 0.4 - height * (v + 0.5)
        error = np.vstack([t["share_better"] - t["share_better_low"], t["share_better_high"] - t["share_better"]])
        ax.barh(pos, t["share_better"], height=height * 0.9, color=colour, alpha=0.8, label=label, xerr=np.clip(error, 0, None),
                error_kw={"elinewidth": 0.8, "capsize": 2, "ecolor": "#444444"})
        for p, ties in zip(pos, t["ties"], strict=True):
            if ties >= 0.5:
                ax.text(0.01, p, f"{ties:.0%} of seeds tied", va="center", fontsize=6, color="#444444")
    ax.axvline(0.5, color="#555555", lw=1, ls="--")
    ax.set_yticks(y)
    ax.set_yticklabels(outputs, fontsize=8)
    ax.set_xlim(0, 1)
    ax.set_xlabel(f"share of seeds on which the variant does better (whiskers: {confidence:.0%} Wilson interval; dashed: a coin flip)", fontsize=8)
    ax.set_title(title, fontsize=10, loc="left")
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    ax.grid(axis="x", alpha=0.3)
    return _save(fig, path)


def peeling_trajectory_figure(trajectory: pd.DataFrame, chosen: int, box: pd.Series, title: str, path: Path) -> Path:
    """PRIM's trade-off: coverage against density for every box of the peeling trajectory, coloured by restricted dimensions."""
    fig, ax = plt.subplots(figsize=(7.0, 5.0))
    dims = trajectory["res_dim"].astype(int)
    cmap = plt.get_cmap("viridis", max(int(dims.max()) + 1, 2))
    points = ax.scatter(trajectory["coverage"], trajectory["density"], c=dims, cmap=cmap, vmin=-0.5, vmax=max(int(dims.max()), 1) + 0.5, s=22, zorder=3)
    ax.plot(trajectory["coverage"], trajectory["density"], color="#bbbbbb", lw=0.8, zorder=2)
    row = box
    ax.scatter([row["coverage"]], [row["density"]], s=160, facecolors="none", edgecolors="#cb181d", lw=1.8, zorder=4)
    ax.annotate(f"chosen: box {chosen}\ncoverage {row['coverage']:.0%}, density {row['density']:.0%}", (row["coverage"], row["density"]), xytext=(-12, -30),
                textcoords="offset points", fontsize=8, color="#cb181d", ha="right")
    bar = fig.colorbar(points, ax=ax, ticks=range(int(dims.max()) + 1))
    bar.set_label("restricted dimensions", fontsize=8)
    ax.set_xlabel("coverage (share of all cases of interest inside the box)")
    ax.set_ylabel("density (share of the box's runs that are cases)")
    ax.set_xlim(0, 1.02)
    ax.set_ylim(0, 1.02)
    ax.grid(alpha=0.3)
    ax.set_title(title, fontsize=10, loc="left")
    return _save(fig, path)


def box_limits_figure(limits: pd.DataFrame, box: pd.Series, title: str, path: Path) -> Path:
    """The chosen box: for each restricted parameter, its limits within the range swept, with the quasi-p-values."""
    numeric = limits[limits["full_min"] != ""] if limits["full_min"].dtype == object else limits
    fig, ax = plt.subplots(figsize=(7.5, 0.5 * max(len(numeric), 1) + 1.6))
    y = np.arange(len(numeric))[::-1]
    for yi, r in zip(y, numeric.itertuples(index=False), strict=True):
        span = float(r.full_max) - float(r.full_min) or 1.0
        low, high = (float(r.box_min) - float(r.full_min)) / span, (float(r.box_max) - float(r.full_min)) / span
        ax.plot([0, 1], [yi, yi], color="#dddddd", lw=6, solid_capstyle="butt")
        ax.plot([low, high], [yi, yi], color=ST_COLOUR if r.significant else "#9ecae1", lw=6, solid_capstyle="butt")
        ax.text(low, yi + 0.22, f"{float(r.box_min):.3g}", fontsize=7, ha="center")
        ax.text(high, yi + 0.22, f"{float(r.box_max):.3g}", fontsize=7, ha="center")
        qps = [q for q in (r.qp_lower, r.qp_upper) if q == q]
        ax.text(1.03, yi, "qp " + ", ".join(f"{q:.1g}" for q in qps), fontsize=7, va="center")
    ax.set_yticks(y)
    ax.set_yticklabels(numeric["parameter"], fontsize=8)
    ax.set_xlim(-0.02, 1.25)
    ax.set_ylim(-0.8, len(numeric) - 0.3)
    ax.set_xticks([0, 0.5, 1])
    ax.set_xticklabels(["lowest swept", "middle", "highest swept"], fontsize=7)
    ax.set_title(title + f"\ncoverage {box['coverage']:.0%}, density {box['density']:.0%}, mass {box['mass']:.0%}", fontsize=10, loc="left")
    fig.text(0.01, -0.02, "Grey: the range swept; blue: the box (pale: quasi-p-value above 0.05, not supported by the data).", fontsize=8, color="#444444")
    return _save(fig, path)


def box_scatter_figure(x: pd.DataFrame, y: np.ndarray, parameters: list[str], limits: pd.DataFrame, title: str, path: Path) -> Path:
    """Runs in pairs of the restricted parameters, cases of interest highlighted, with the box drawn."""
    pairs = [(a, b) for i, a in enumerate(parameters) for b in parameters[i + 1:]] or [(parameters[0], parameters[0])]
    cols = min(3, len(pairs))
    rows = math.ceil(len(pairs) / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(4.2 * cols, 3.8 * rows), squeeze=False)
    bounds = limits.set_index("parameter")
    for k, (a, b) in enumerate(pairs):
        ax = axes[k // cols][k % cols]
        ax.scatter(x.loc[~y, a], x.loc[~y, b], s=8, color="#bdbdbd", alpha=0.7, lw=0, label="not reached")
        ax.scatter(x.loc[y, a], x.loc[y, b], s=10, color=ST_COLOUR, alpha=0.8, lw=0, label="reached")
        if a != b:
            ax.add_patch(plt.Rectangle((float(bounds.loc[a, "box_min"]), float(bounds.loc[b, "box_min"])),
                                       float(bounds.loc[a, "box_max"]) - float(bounds.loc[a, "box_min"]),
                                       float(bounds.loc[b, "box_max"]) - float(bounds.loc[b, "box_min"]), fill=False, ec="#cb181d", lw=1.5))
        ax.set_xlabel(a, fontsize=8)
        ax.set_ylabel(b, fontsize=8)
        ax.tick_params(labelsize=7)
        if k == 0:
            ax.legend(fontsize=7, loc="best")
    for k in range(len(pairs), rows * cols):
        axes[k // cols][k % cols].set_visible(False)
    fig.suptitle(title, fontsize=10, x=0.01, ha="left")
    fig.tight_layout()
    return _save(fig, path)


def cart_figure(classifier: object, feature_names: list[str], title: str, path: Path, depth: int = 3) -> Path:
    """The top of a CART classification tree (scikit-learn's plot_tree)."""
    from sklearn.tree import plot_tree

    fig, ax = plt.subplots(figsize=(18, 7))
    plot_tree(classifier, feature_names=feature_names, class_names=["not reached", "reached"], filled=True, max_depth=depth, ax=ax,
              fontsize=6, impurity=False, proportion=True, rounded=True)
    ax.set_title(title + f" (top {depth} levels; 'value': share of runs not reached / reached)", fontsize=10, loc="left")
    return _save(fig, path)


def feature_score_figure(scores: pd.DataFrame, title: str, path: Path) -> Path:
    """Feature scores, largest on top."""
    rows = scores.sort_values("score")
    fig, ax = plt.subplots(figsize=(7.0, 0.32 * len(rows) + 1.3))
    ax.barh(np.arange(len(rows)), rows["score"], color=ST_COLOUR)
    ax.set_yticks(np.arange(len(rows)))
    ax.set_yticklabels(rows["parameter"], fontsize=8)
    ax.set_xlabel("feature score (extra trees; sums to 1)")
    ax.set_title(title, fontsize=10, loc="left")
    ax.grid(axis="x", alpha=0.3)
    return _save(fig, path)
