"""The result folder of a sweep: self-describing, streamed to disk, safe to interrupt and resume.

Layout of ``results/<experiment>/``::

    manifest.json          experiment (normalised), base scenarios with hashes, versions, seeds, sessions
    experiment.yaml        the experiment file as given
    scenarios/<name>.yaml  each base scenario fully resolved
    samples.parquet/.csv   the sample matrix (one row per scenario x sample)
    plan.parquet           every run: run_id, sample, replicate, scenario, seed
    runs/part-*.parquet    finished runs (parameters, seed, outputs, status, error), written in parts
    timeseries/part-*.parquet  with a 'timeseries' block: the chosen metrics month by month, one row per
                           (run, kept month), written with the run part of the same name (before it)

Part files are written to a temporary name and renamed, so a kill never leaves half a part; a resumed
sweep reads the finished run ids and runs only the others. Analysis needs nothing outside the folder.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import socket
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import yaml

from hiap_sim.experiments.design import Design, derived_int
from hiap_sim.experiments.spec import NOT_IN_DESIGN, ExperimentError

FORMAT = "hiap-sim sweep results 1"
PACKAGES = ("hiap-sim", "mesa", "numpy", "pandas", "scipy", "SALib", "pyarrow", "pydantic", "dask", "distributed")
MODEL_CODE = ("model.py", "metrics.py", "agents", "mechanisms", "scenario")
BASE_COLUMNS = ("run_id", "sample", "replicate", "scenario", "seed", "status", "error", "duration_s", "worker", "finished_at")


class ResultFolderError(ExperimentError):
    """A result folder that cannot be used as asked (it belongs to another experiment, is busy, ...)."""


def package_versions() -> dict[str, str]:
    """Versions of Python and of the packages that shape the results."""
    versions = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def model_code_hash() -> str:
    """sha256 over the model's source files (model, metrics, agents, mechanisms, scenario schema)."""
    root = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for entry in MODEL_CODE:
        path = root / entry
        files = sorted(path.rglob("*.py")) if path.is_dir() else [path]
        for f in files:
            digest.update(str(f.relative_to(root)).encode())
            digest.update(f.read_bytes())
    return digest.hexdigest()


def dump_yaml(data: Any) -> str:
    """YAML text of plain data, with the C emitter when PyYAML has it (resolved scenarios are large)."""
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True)


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def run_schema(parameters: list[str], outputs: list[str]) -> pa.Schema:
    """Arrow schema of the per-run rows (fixed, so every part file has the same columns and types)."""
    fields = [
        pa.field("run_id", pa.int64()), pa.field("sample", pa.int64()), pa.field("replicate", pa.int64()),
        pa.field("scenario", pa.string()), pa.field("seed", pa.int64()),
    ]
    fields += [pa.field(p, pa.float64()) for p in parameters]
    fields += [pa.field(o, pa.float64()) for o in outputs]
    fields += [pa.field("status", pa.string()), pa.field("error", pa.string()), pa.field("duration_s", pa.float64()),
               pa.field("worker", pa.string()), pa.field("finished_at", pa.string())]
    return pa.schema(fields)


def experiment_yaml(design: Design) -> str:
    """The experiment as given: the file's text, or a YAML dump of an experiment built in code."""
    if design.file is not None and design.file.is_file():
        return design.file.read_text(encoding="utf-8")
    return dump_yaml(design.experiment.model_dump(mode="json", exclude_defaults=True))


def build_manifest(design: Design) -> dict[str, Any]:
    """Everything needed to reproduce and to analyse the sweep, without the experiment or scenario files."""
    e = design.experiment
    text = experiment_yaml(design)
    return {
        "format": FORMAT,
        "experiment": {
            "name": e.name,
            "file": str(design.file.resolve()) if design.file else None,
            "file_sha256": hashlib.sha256(text.encode()).hexdigest(),
            "content_sha256": e.content_hash(),
            "spec": e.model_dump(mode="json"),
        },
        "scenarios": design.provenance,
        "horizons": design.horizons,
        "model": design.model_name,
        "model_code_sha256": model_code_hash(),
        "method": e.method,
        "problem": design.problem,
        "parameters": [{"name": p.label, "path": p.path, "integer": p.path in design.integer_paths} for p in e.parameters],
        "outputs": design.output_labels,
        "n_local_samples": design.n_local,
        "n_samples": design.n_samples,
        "replicates": e.replicates,
        "n_runs": design.n_runs,
        "overrides": dict(design.overrides),
        "inactive": dict(design.inactive),
        "seeds": {
            "experiment_seed": e.seed,
            "common_random_numbers": e.common_random_numbers,
            "run_seed_rule": ("SeedSequence(experiment_seed, spawn_key=(1, replicate)) when common_random_numbers, else "
                              "SeedSequence(experiment_seed, spawn_key=(1, sample, replicate)); first 63 bits of generate_state(2)"),
            "sampling_seed": derived_int(e.seed, 0) % (2**32),
            "analysis_seed": design.analysis_seed(),
        },
        "versions": package_versions(),
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "host": socket.gethostname(),
        "sessions": [],
        "complete": False,
    }


@dataclass
class ResultStore:
    """An open result folder that a sweep appends finished runs to."""

    folder: Path
    design: Design
    manifest: dict[str, Any]
    schema: pa.Schema
    session: int
    warnings: list[str] = field(default_factory=list)
    buffer: list[dict[str, Any]] = field(default_factory=list)
    series_buffer: list[tuple[int, dict[str, Any]]] = field(default_factory=list)  # (run_id, month -> values) of buffered runs
    part: int = 0
    last_flush: float = field(default_factory=time.monotonic)
    finished: dict[int, str] = field(default_factory=dict)  # run_id -> status, of every stored or buffered run

    # ------------------------------------------------------------------ opening
    @classmethod
    def open(cls, folder: str | os.PathLike, design: Design) -> ResultStore:
        """Create the folder for a new sweep, or reopen one made by the same experiment to resume it.

        Refuses a folder that holds other files or the results of a different experiment, scenario or
        sample matrix, and one that another running sweep is writing to.
        """
        folder = Path(folder)
        manifest_path = folder / "manifest.json"
        fresh = build_manifest(design)
        warnings: list[str] = []
        if manifest_path.is_file():
            manifest = cls._check_resume(folder, fresh, design, warnings)
        else:
            if folder.exists() and any(folder.iterdir()):
                raise ResultFolderError(
                    f"the folder {folder} already holds files that are not hiap-sim sweep results; nothing was changed. "
                    "Choose another folder with --out, or move those files away.", file=folder)
            manifest = fresh
            cls._create(folder, design, manifest)
        # a killed session leaves parts but no manifest entry: number after both, so no part file is ever replaced
        numbers = [int(p.name.split("-")[1]) for p in (folder / "runs").glob("part-*.parquet")]
        session = max([len(manifest["sessions"]), *numbers]) + 1
        store = cls(folder, design, manifest, run_schema(design.parameter_labels, design.output_labels), session=session, warnings=warnings)
        store._lock()
        store.finished = store.finished_ids()
        return store

    @classmethod
    def _create(cls, folder: Path, design: Design, manifest: dict[str, Any]) -> None:
        """Write the static files into a temporary sibling and rename it into place (all or nothing)."""
        folder.parent.mkdir(parents=True, exist_ok=True)
        staging = folder.with_name(f".{folder.name}.partial-{os.getpid()}")
        staging.mkdir()
        try:
            (staging / "runs").mkdir()
            cls._write_static(staging, design)
            _write_atomic(staging / "manifest.json", json.dumps(manifest, indent=2, default=str))
            if folder.exists():
                folder.rmdir()  # empty (checked by the caller)
            os.replace(staging, folder)
        except BaseException:
            for path in sorted(staging.rglob("*"), reverse=True):
                path.unlink() if path.is_file() else path.rmdir()
            staging.rmdir()
            raise

    @staticmethod
    def _write_static(folder: Path, design: Design) -> None:
        (folder / "experiment.yaml").write_text(experiment_yaml(design), encoding="utf-8")
        if design.scenarios:
            (folder / "scenarios").mkdir(exist_ok=True)
            for name, raw in design.scenarios.items():
                dumped = dump_yaml(json.loads(json.dumps(raw)))
                (folder / "scenarios" / f"{name}.yaml").write_text(dumped, encoding="utf-8")
        samples = design.samples_frame()
        samples.to_parquet(folder / "samples.parquet", index=False)
        samples.to_csv(folder / "samples.csv", index=False)
        design.runs().to_parquet(folder / "plan.parquet", index=False)

    @staticmethod
    def _check_resume(folder: Path, fresh: dict[str, Any], design: Design, warnings: list[str]) -> dict[str, Any]:
        try:
            manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise ResultFolderError(f"the manifest of {folder} cannot be read ({exc}); the folder is not a usable result folder.", file=folder) from None
        if manifest.get("format") != FORMAT:
            raise ResultFolderError(f"{folder} holds results in another format ({manifest.get('format')!r}); choose another folder with --out.", file=folder)
        old, new = manifest["experiment"], fresh["experiment"]
        if old["content_sha256"] != new["content_sha256"]:
            raise ResultFolderError(
                f"{folder} holds the results of a different experiment (made from {old.get('file') or 'an experiment built in code'}); "
                "resuming would mix two designs, so nothing was changed. Choose another folder with --out, "
                "or delete that folder yourself if its results are no longer needed.", file=folder)
        for name, prov in fresh["scenarios"].items():
            before = manifest["scenarios"].get(name, {}).get("sha256")
            if before != prov["sha256"]:
                raise ResultFolderError(
                    f"the base scenario '{name}' has changed since this sweep started (its files now hash differently); resuming would "
                    f"mix runs of two scenarios. Restore the scenario, or start a new sweep in another folder with --out.", file=folder)
        if manifest.get("model") != fresh["model"]:
            raise ResultFolderError(f"{folder} was swept with model {manifest.get('model')}, not {fresh['model']}.", file=folder)
        stored = pd.read_parquet(folder / "samples.parquet")
        values = stored[design.parameter_labels].to_numpy(dtype=float) if design.parameter_labels else np.zeros((len(stored), 0))
        expected = design.samples_frame()[design.parameter_labels].to_numpy(dtype=float) if design.parameter_labels else values
        if values.shape != expected.shape or not np.array_equal(values, expected):
            raise ResultFolderError(
                f"the sample matrix drawn now differs from the one stored in {folder} (another SALib or numpy version?); resuming would "
                "mix two designs. Finish the sweep with the versions in its manifest, or start a new one with --out.", file=folder)
        for key in NOT_IN_DESIGN:  # settings that do not change the runs follow the experiment file
            manifest["experiment"]["spec"][key] = fresh["experiment"]["spec"][key]
        if manifest.get("model_code_sha256") != fresh["model_code_sha256"]:
            warnings.append("the model's source code has changed since this sweep started; runs before and after the change are mixed.")
        changed = {k: (v, fresh["versions"].get(k)) for k, v in manifest.get("versions", {}).items() if fresh["versions"].get(k) != v}
        if changed:
            warnings.append("package versions differ from the first session: " + ", ".join(f"{k} {a} -> {b}" for k, (a, b) in changed.items()) + ".")
        return manifest

    # ------------------------------------------------------------------ locking
    @property
    def lock_path(self) -> Path:
        return self.folder / ".lock"

    def _lock(self) -> None:
        me = {"pid": os.getpid(), "host": socket.gethostname()}
        for _ in range(2):
            try:
                fd = os.open(self.lock_path, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
            except FileExistsError:
                try:
                    holder = json.loads(self.lock_path.read_text())
                except (OSError, json.JSONDecodeError):
                    holder = {}
                if holder.get("host") == me["host"] and isinstance(holder.get("pid"), int) and not _pid_alive(holder["pid"]):
                    self.lock_path.unlink(missing_ok=True)  # left by a sweep that was killed
                    continue
                raise ResultFolderError(
                    f"another sweep (process {holder.get('pid', '?')} on {holder.get('host', '?')}) is writing to {self.folder}. Wait for it to finish; "
                    f"if it is no longer running, delete {self.lock_path}.", file=self.folder) from None
            with os.fdopen(fd, "w") as handle:
                json.dump(me, handle)
            return

    def close(self, *, interrupted: bool, executor: str, started: str, done: int, failed: int) -> None:
        """Flush, record this session in the manifest and release the lock."""
        self.flush()
        finished = self.finished
        self.manifest["sessions"].append({
            "session": self.session, "started": started, "ended": datetime.now(UTC).isoformat(timespec="seconds"),
            "executor": executor, "host": socket.gethostname(), "runs_done": done, "runs_failed": failed, "interrupted": interrupted,
        })
        self.manifest["complete"] = len(finished) == self.design.n_runs
        self.manifest["runs_finished"] = len(finished)
        self.write_manifest()
        self.lock_path.unlink(missing_ok=True)

    def write_manifest(self) -> None:
        _write_atomic(self.folder / "manifest.json", json.dumps(self.manifest, indent=2, default=str))

    # ------------------------------------------------------------------ runs
    def finished_ids(self) -> dict[int, str]:
        """Finished runs stored on disk: run_id -> status ('ok' or 'error')."""
        runs = read_runs(self.folder, columns=["run_id", "status"])
        return dict(zip(runs["run_id"].astype(int), runs["status"], strict=True))

    def add(self, row: dict[str, Any], flush_every: int = 100, flush_seconds: float = 5.0) -> None:
        """Buffer one finished run; write a part file every ``flush_every`` runs or ``flush_seconds``."""
        outputs = row.pop("outputs")
        series = row.pop("series", None)
        if series is not None:
            self.series_buffer.append((row["run_id"], series))
        sample_values = self.design.applied(row["sample"] % self.design.n_local)
        for p in self.design.experiment.parameters:
            row[p.label] = sample_values[p.path]
        for label in self.design.output_labels:
            row[label] = outputs.get(label, float("nan"))
        self.buffer.append(row)
        if self.finished.get(row["run_id"]) != "ok":  # a retried run that fails again stays failed; a success replaces a failure
            self.finished[row["run_id"]] = row["status"]
        if len(self.buffer) >= flush_every or time.monotonic() - self.last_flush >= flush_seconds:
            self.flush()

    def flush(self) -> None:
        """Write buffered runs as one part file (atomically: temporary name, then rename)."""
        self.last_flush = time.monotonic()
        if not self.buffer:
            return
        self.part += 1
        table = pa.Table.from_pylist(self.buffer, schema=self.schema)
        name = f"part-{self.session:03d}-{self.part:05d}.parquet"
        if self.series_buffer:  # first the series: a run part is only ever written with its series already on disk
            series_table = series_table_of(self.series_buffer, self.design.experiment.timeseries.metrics)
            (self.folder / "timeseries").mkdir(exist_ok=True)
            tmp_series = self.folder / "timeseries" / f".{name}.tmp"
            pq.write_table(series_table, tmp_series, compression="zstd")
            os.replace(tmp_series, self.folder / "timeseries" / name)
            self.series_buffer.clear()
        tmp = self.folder / "runs" / f".{name}.tmp"
        pq.write_table(table, tmp)
        if (self.folder / "runs" / name).exists():  # never replace stored runs
            raise ResultFolderError(f"part file {name} already exists; is another sweep writing to {self.folder}?", file=self.folder)
        os.replace(tmp, self.folder / "runs" / name)
        self.buffer.clear()


def series_schema(metrics: list[str]) -> pa.Schema:
    """Arrow schema of the time-series parts: run id, month, then one float32 column per kept metric."""
    return pa.schema([pa.field("run_id", pa.int64()), pa.field("month", pa.int32()), *(pa.field(m, pa.float32()) for m in metrics)])


def series_table_of(buffer: list[tuple[int, dict[str, Any]]], metrics: list[str]) -> pa.Table:
    """One Arrow table (a row per run and kept month) from buffered per-run series."""
    run_ids = np.concatenate([np.full(len(s["month"]), run_id, dtype=np.int64) for run_id, s in buffer])
    columns = {"run_id": run_ids, "month": np.concatenate([np.asarray(s["month"], dtype=np.int32) for _, s in buffer])}
    columns.update({m: np.concatenate([np.asarray(s[m], dtype=np.float32) for _, s in buffer]) for m in metrics})
    return pa.Table.from_pydict(columns, schema=series_schema(metrics))


def read_timeseries(folder: str | os.PathLike, metrics: list[str] | None = None, run_ids: Any = None) -> pd.DataFrame:
    """The kept time series of a result folder: one row per (run, month), columns run_id, month and the metrics.

    Only parts whose run part was written are read (a kill between the two leaves an orphan that a resumed
    sweep redoes); ``run_ids`` keeps only those runs. Empty when the sweep kept no time series.
    """
    folder = Path(folder)
    parts = [p for p in sorted((folder / "timeseries").glob("part-*.parquet")) if (folder / "runs" / p.name).is_file()]
    if not parts:
        return pd.DataFrame(columns=["run_id", "month", *(metrics or [])])
    columns = None if metrics is None else ["run_id", "month", *metrics]
    filters = None if run_ids is None else [("run_id", "in", [int(r) for r in run_ids])]
    table = pa.concat_tables([pq.read_table(p, columns=columns, filters=filters) for p in parts])
    frame = table.to_pandas()
    return frame.drop_duplicates(["run_id", "month"], keep="first").sort_values(["run_id", "month"], kind="stable").reset_index(drop=True)


def read_runs(folder: str | os.PathLike, columns: list[str] | None = None) -> pd.DataFrame:
    """All finished runs in a result folder, one row per run (a retried run keeps its successful row), by run_id."""
    parts = sorted((Path(folder) / "runs").glob("part-*.parquet"))
    if not parts:
        schema_columns = columns or list(BASE_COLUMNS)
        return pd.DataFrame({c: pd.Series(dtype="int64" if c in ("run_id", "sample", "replicate", "seed") else "object") for c in schema_columns})
    wanted = None if columns is None else list(dict.fromkeys([*columns, "run_id", "status"]))
    table = pa.concat_tables([pq.read_table(p, columns=wanted) for p in parts])
    frame = table.to_pandas()
    frame["_ok"] = frame["status"] == "ok"
    frame = frame.sort_values(["run_id", "_ok"], ascending=[True, False], kind="stable").drop_duplicates("run_id", keep="first")
    frame = frame.drop(columns="_ok").reset_index(drop=True)
    return frame[columns] if columns is not None else frame


@dataclass
class ResultSet:
    """A result folder loaded for analysis: manifest, sample matrix, finished runs."""

    folder: Path
    manifest: dict[str, Any]
    samples: pd.DataFrame
    runs: pd.DataFrame

    @property
    def parameters(self) -> list[str]:
        return [p["name"] for p in self.manifest["parameters"]]

    @property
    def outputs(self) -> list[str]:
        return list(self.manifest["outputs"])

    @property
    def scenarios(self) -> list[str]:
        return list(dict.fromkeys(self.samples["scenario"]))

    @property
    def ok(self) -> pd.DataFrame:
        """Successful runs only."""
        return self.runs[self.runs["status"] == "ok"]

    @property
    def failures(self) -> pd.DataFrame:
        """Failed runs with their error text."""
        return self.runs[self.runs["status"] != "ok"]

    @property
    def complete(self) -> bool:
        return len(self.runs) == self.manifest["n_runs"]

    def sample_means(self, scenario: str, output: str) -> pd.Series:
        """The output averaged over successful replicates, per local sample, in sample order (NaN: none succeeded)."""
        ok = self.ok[self.ok["scenario"] == scenario]
        n_local = self.manifest["n_local_samples"]
        offset = self.scenarios.index(scenario) * n_local
        means = ok.groupby("sample")[output].mean()
        return means.reindex(range(offset, offset + n_local)).set_axis(range(n_local))

    @property
    def series_metrics(self) -> list[str]:
        """Metrics kept month by month (empty when the sweep kept no time series)."""
        block = self.manifest["experiment"]["spec"].get("timeseries")
        return list(block["metrics"]) if block else []

    def timeseries(self, metrics: list[str] | None = None, run_ids: Any = None) -> pd.DataFrame:
        """The kept time series (one row per run and month), see :func:`read_timeseries`."""
        return read_timeseries(self.folder, metrics, run_ids)

    def values(self, scenario: str) -> np.ndarray:
        """Sample matrix (sampled parameter values) of one scenario, in sample order."""
        rows = self.samples[self.samples["scenario"] == scenario].sort_values("local_sample")
        return rows[self.parameters].to_numpy(dtype=float)


def load_results(folder: str | os.PathLike) -> ResultSet:
    """Load a result folder written by a sweep (complete or not); needs nothing outside the folder."""
    folder = Path(folder)
    manifest_path = folder / "manifest.json"
    if not manifest_path.is_file():
        raise ResultFolderError(f"{folder} is not a sweep result folder (no manifest.json). Give the folder a sweep wrote, e.g. results/<experiment>.", file=folder)
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ResultFolderError(f"manifest.json is damaged ({exc}).", file=manifest_path) from None
    if manifest.get("format") != FORMAT:
        raise ResultFolderError(f"unknown result format {manifest.get('format')!r}; expected {FORMAT!r}.", file=manifest_path)
    samples = pd.read_parquet(folder / "samples.parquet")
    runs = read_runs(folder)
    return ResultSet(folder, manifest, samples, runs)


def default_folder(results: str | os.PathLike, name: str, overrides: dict[str, int] | None = None) -> Path:
    """The default result folder of an experiment: results/<name>, or results/<name>-samples16-replicates2 with overrides."""
    suffix = "".join(f"-{key}{value}" for key, value in (overrides or {}).items())
    return Path(results) / f"{name}{suffix}"

