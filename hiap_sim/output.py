"""Run folders: time series (CSV, Parquet), events, summary.json, the resolved scenario and plots.

A run never overwrites an earlier one: folders are numbered, and an explicit ``--out`` that already holds
files is refused unless the user asks to overwrite. Without ``--out``, results stay inside the results folder:
the scenario's name must be a safe folder name.

A metric that is undefined in a month (``acceptance_rate`` before any partner has decided; ``trust_with_<CODE>``
while that department does not exist, before ``active_from``, after ``active_until`` or a merger) is an empty
cell in timeseries.csv and a null in timeseries.parquet, and ``null`` in summary.json, which is strict JSON
(no NaN). Numbers in the CSV files are written with 12 significant digits (0.3, not 0.30000000000000004);
the Parquet file keeps full precision.
"""

from __future__ import annotations

import json
import math
import platform
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import yaml

from hiap_sim import __version__
from hiap_sim.scenario.fields import SAFE_NAME
from hiap_sim.scenario.schema import Scenario
from hiap_sim.text import render

if TYPE_CHECKING:
    from hiap_sim.events import EventLog

CSV_FLOAT_FORMAT = "%.12g"  # 12 significant digits: no binary noise such as 0.30000000000000004

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


class UnsafeNameError(Exception):
    """A name that would make a folder outside the results folder (or no valid folder at all)."""


def format_value(value: float | None, fmt: str) -> str:
    """A summary number for a table; an undefined one ('-') instead of 'nan'."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "-"
    return format(value, fmt)


def finite_or_none(value: Any) -> Any:
    """NaN and infinity (undefined values) as None, in nested dicts and lists too: summary.json stays strict JSON."""
    if isinstance(value, float | np.floating):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: finite_or_none(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [finite_or_none(v) for v in value]
    if isinstance(value, np.integer):
        return int(value)
    return value


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
    if not SAFE_NAME.match(name) or ".." in name:
        raise UnsafeNameError(f"the scenario name '{name[:60]}' cannot be a folder name inside {root}: use letters, digits, '_', '-' or '.' "
                              "(or choose the folder with --out).")
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
        # undefined (e.g. no partner decision yet at the start): None, never NaN
        start_mean = float(start.mean()) if start.notna().any() else None
        end_mean = float(end.mean()) if end.notna().any() else None
        out[column] = {
            "start": start_mean,
            "end": end_mean,
            "change": end_mean - start_mean if start_mean is not None and end_mean is not None else None,
            "end_low": float(np.nanquantile(end, 0.05)) if end.notna().any() else None,
            "end_high": float(np.nanquantile(end, 0.95)) if end.notna().any() else None,
        }
    return out


def event_table(log: EventLog) -> pd.DataFrame:
    """The typed event log as the table of ``events.csv``: month, date, kind, ``what`` (the event's message in
    English, rendered here at the edge) and the structured detail of each event."""
    frame = pd.DataFrame.from_records(log.records(lambda event: render(event, "en")))
    if frame.empty:
        return pd.DataFrame(columns=["month", "date", "kind", "what"])
    return frame


def write_run(
    folder: Path,
    scenario: Scenario,
    provenance: dict[str, Any],
    metrics: pd.DataFrame,
    events: pd.DataFrame,
    seeds: list[int],
    months: int,
    municipalities: pd.DataFrame | None = None,
    parameter_uncertainty: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Write the time series, events, resolved scenario and summary.json (and, with municipalities, the
    per-municipality table municipalities.csv); return the summary. ``parameter_uncertainty`` says how parameters
    were drawn per replicate (absent: every replicate ran the scenario's own values)."""
    metrics.to_csv(folder / "timeseries.csv", index=False, float_format=CSV_FLOAT_FORMAT)
    if municipalities is not None and not municipalities.empty:
        municipalities = with_calendar_dates(municipalities, scenario.start)
        municipalities.to_csv(folder / "municipalities.csv", index=False, float_format=CSV_FLOAT_FORMAT)
    metrics.to_parquet(folder / "timeseries.parquet", index=False)
    events.to_csv(folder / "events.csv", index=False, float_format=CSV_FLOAT_FORMAT)
    resolved = scenario.model_dump(mode="json")
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # the C emitter when available: same YAML, faster
    (folder / "scenario.yaml").write_text(yaml.dump(resolved, Dumper=dumper, sort_keys=False, allow_unicode=True), encoding="utf-8")
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
        "uncertainty": "seed noise and parameter uncertainty" if parameter_uncertainty else "seed noise (the scenario's parameter values in every replicate)",
        "scenario_resolved": resolved,
    }
    if parameter_uncertainty:
        summary["parameter_uncertainty"] = parameter_uncertainty
    if municipalities is not None and not municipalities.empty:
        summary["municipalities"] = municipal_summary(municipalities)
        summary["sector_collaboration"] = sector_summary(metrics)
    summary = finite_or_none(summary)
    (folder / "summary.json").write_text(json.dumps(summary, indent=2, allow_nan=False), encoding="utf-8")
    return summary


def with_calendar_dates(table: pd.DataFrame, start: str) -> pd.DataFrame:
    """Date each month as the time series do: month m >= 1 is the m-th simulated calendar month, month 0 (the
    state before the first step) the month before the start."""
    if "month" not in table.columns or "date" not in table.columns:
        return table
    from hiap_sim.scenario.fields import month_label

    table = table.copy()
    table["date"] = [month_label(start, int(m) - 1) for m in table["month"]]
    return table


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
