"""Run folders: time series (CSV, Parquet), events, summary.json, the resolved scenario and plots.

A run never overwrites an earlier one: folders are numbered, and an explicit ``--out`` that already holds
files is refused unless the user asks to overwrite.
"""

from __future__ import annotations

import json
import platform
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from hiap_sim import __version__
from hiap_sim.scenario.schema import Scenario

SUMMARY_METRICS = (
    ("health_gap_years", "Health gap (healthy life years)", ".2f"),
    ("health_gap_reduction", "Share of health gap closed", ".1%"),
    ("hiap_index", "HiaP index (health in other policy)", ".3f"),
    ("trust_cross", "Trust across departments", ".3f"),
    ("trust_coordinator", "Trust VWS - other departments", ".3f"),
    ("solid_ties", "Solid cross-department ties", ".1f"),
    ("deep_share", "Department pairs at level 3-4", ".1%"),
    ("initiatives_active", "Initiatives active", ".1f"),
    ("initiatives_completed", "Initiatives completed", ".1f"),
    ("initiatives_abandoned", "Initiatives abandoned", ".1f"),
    ("small_wins", "Small wins", ".1f"),
    ("acceptance_rate", "Partner acceptance rate", ".1%"),
    ("ambition_gap", "Ambition gap (VWS focus topics)", ".1%"),
    ("fte_used", "Staff time in joint work (FTE)", ".2f"),
)


class OutputExistsError(Exception):
    """The chosen output folder already holds results."""


def new_run_folder(root: Path, name: str, seed: int, out: Path | None = None, overwrite: bool = False) -> Path:
    """A fresh folder for a run: ``root/<name>_seed<seed>_NNN`` (numbered), or ``out`` if given."""
    if out is not None:
        if out.exists() and any(out.iterdir()):
            if not overwrite:
                raise OutputExistsError(
                    f"the output folder {out} already holds files. Choose another folder, or add --overwrite to replace its contents."
                )
            shutil.rmtree(out)
        out.mkdir(parents=True, exist_ok=True)
        return out
    root.mkdir(parents=True, exist_ok=True)
    n = 1
    while True:
        folder = root / f"{name}_seed{seed}_{n:03d}"
        try:
            folder.mkdir()
            return folder
        except FileExistsError:
            n += 1


def with_derived(frame: pd.DataFrame) -> pd.DataFrame:
    """Add derived columns used in summaries (share of pairs at level 3-4)."""
    frame = frame.copy()
    frame["deep_share"] = frame["level_share_3"] + frame["level_share_4"]
    return frame


def summarise(frame: pd.DataFrame) -> dict[str, dict[str, float]]:
    """End values, change from the start, and 5-95 % interval over replicates."""
    frame = with_derived(frame)
    first = frame[frame["month"] == frame["month"].min()]
    last = frame[frame["month"] == frame["month"].max()]
    out = {}
    for column, _, _ in SUMMARY_METRICS:
        end = last[column].astype(float)
        start = first[column].astype(float)
        out[column] = {
            "start": float(start.mean()),
            "end": float(end.mean()),
            "change": float(end.mean() - start.mean()),
            "end_low": float(np.nanquantile(end, 0.05)) if end.notna().any() else float("nan"),
            "end_high": float(np.nanquantile(end, 0.95)) if end.notna().any() else float("nan"),
        }
    return out


def write_run(
    folder: Path,
    scenario: Scenario,
    provenance: dict[str, Any],
    metrics: pd.DataFrame,
    events: pd.DataFrame,
    seeds: list[int],
    months: int,
    municipalities: pd.DataFrame | None = None,
) -> dict[str, Any]:
    """Write the time series, events, resolved scenario and summary.json (and, with municipalities, the
    per-municipality table municipalities.csv); return the summary."""
    metrics.to_csv(folder / "timeseries.csv", index=False)
    if municipalities is not None and not municipalities.empty:
        municipalities.to_csv(folder / "municipalities.csv", index=False)
    metrics.to_parquet(folder / "timeseries.parquet", index=False)
    events.to_csv(folder / "events.csv", index=False)
    resolved = scenario.model_dump(mode="json")
    (folder / "scenario.yaml").write_text(yaml.safe_dump(resolved, sort_keys=False, allow_unicode=True), encoding="utf-8")
    summary = {
        "scenario": scenario.name,
        "scenario_file": provenance.get("file"),
        "scenario_files": provenance.get("chain"),
        "scenario_sha256": provenance.get("sha256"),
        "seed": seeds[0],
        "replicate_seeds": seeds,
        "replicates": len(seeds),
        "months": months,
        "start": scenario.start,
        "hiap_sim_version": __version__,
        "python": platform.python_version(),
        "outcomes": summarise(metrics),
        "scenario_resolved": resolved,
    }
    if municipalities is not None and not municipalities.empty:
        summary["municipalities"] = municipal_summary(municipalities)
        summary["sector_collaboration"] = sector_summary(metrics)
    (folder / "summary.json").write_text(json.dumps(summary, indent=2, default=float), encoding="utf-8")
    return summary


# municipal level ---------------------------------------------------------------------------------------
def municipal_summary(table: pd.DataFrame) -> list[dict[str, Any]]:
    """Per municipality at the last month: means over replicates (maturity, support, collaboration)."""
    last = table[table["month"] == table["month"].max()]
    grouped = last.groupby("municipality", sort=False)
    out = []
    for name, rows in grouped:
        out.append({
            "municipality": name,
            "size_class": rows["size_class"].iloc[0],
            "population": int(rows["population"].iloc[0]),
            "maturity": float(rows["maturity"].mean()),
            "stage": rows["stage"].mode().iloc[0],
            "alderman_support": float(rows["alderman_support"].mean()),
            "has_lead": float(rows["has_lead"].astype(float).mean()),
            "sectors_collaborating": float(rows["sectors_collaborating"].mean()),
            "officers_collaborating_share": float(rows["officers_collaborating_share"].mean()),
            "initiatives_active": float(rows["initiatives_active"].mean()),
            "grants_held": float(rows["grants_held"].mean()),
        })
    return out


def sector_summary(frame: pd.DataFrame) -> dict[str, dict[str, float]]:
    """Share of each sector's officers collaborating with public health at the last month, with the RIVM
    2009 figure for comparison [RIVM2010 Table VIII.1]."""
    from hiap_sim.scenario.municipal import RIVM2010_COLLABORATION, SECTORS

    last = frame[frame["month"] == frame["month"].max()]
    out = {}
    for sector in SECTORS:
        values = last[f"collab_share_{sector}"].astype(float)
        out[sector] = {
            "simulated": float(values.mean()),
            "low": float(np.nanquantile(values, 0.05)),
            "high": float(np.nanquantile(values, 0.95)),
            "level": float(last[f"collab_level_{sector}"].astype(float).mean()),
            "rivm2010": RIVM2010_COLLABORATION[sector][0],
        }
    return out
