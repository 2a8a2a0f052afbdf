"""Text pieces of sweep reports shared by the report and the method modules: numbers, Markdown tables, intervals
and the seed-noise warning."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd


def _fmt(value: Any, digits: int = 3) -> str:
    if isinstance(value, bool | np.bool_):
        return "yes" if value else "no"
    if isinstance(value, int | np.integer):
        return str(int(value))
    if isinstance(value, float | np.floating):
        if not np.isfinite(value):
            return "-"
        if value != 0 and (abs(value) >= 10_000 or abs(value) < 10 ** (-digits)):
            return f"{value:.{digits}g}"
        return f"{value:.{digits}f}"
    return str(value).replace("|", "\\|").replace("\n", " ")


def markdown_table(frame: pd.DataFrame, columns: list[str] | None = None, digits: int = 3) -> str:
    """A DataFrame as a Markdown table (no extra dependency)."""
    columns = columns or list(frame.columns)
    lines = ["| " + " | ".join(columns) + " |", "|" + "|".join("---" for _ in columns) + "|"]
    for row in frame[columns].itertuples(index=False):
        lines.append("| " + " | ".join(_fmt(v, digits) for v in row) + " |")
    return "\n".join(lines)


def interval_text(row: Any, index: str) -> str:
    """'estimate [low, high]' of an index in a table row."""
    return f"{getattr(row, index):.2f} [{getattr(row, index + '_low'):.2f}, {getattr(row, index + '_high'):.2f}]"


NOISE_WARNING_SHARE = 0.2  # share of the variance of replicate means above which the report warns


def noise_warning(analysis: Any, scenario: str, output: str) -> str:
    """A sentence when seed noise is a large part of the variance the indices decompose."""
    noise = analysis.tables.get("noise")
    if noise is None or noise.empty:
        return ""
    row = noise[(noise["scenario"] == scenario) & (noise["output"] == output)]
    if row.empty or not row["noise_share_of_sample_means"].iloc[0] > NOISE_WARNING_SHARE:
        return ""
    share = float(row["noise_share_of_sample_means"].iloc[0])
    return (f" Caution: seed noise is {share:.0%} of the variance of the replicate means of this output; it inflates the total effects of "
            "every parameter that changes the random course of a run (and the interaction sum). More replicates reduce it.")


__all__ = ["interval_text", "markdown_table", "noise_warning"]
