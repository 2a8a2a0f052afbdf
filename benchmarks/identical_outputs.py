"""Do two revisions give byte-identical outputs? Every shipped scenario x 3 seeds, old and new code in one process.

Usage: python benchmarks/identical_outputs.py [--old 6928cee] [--seeds 1 2 3] [--out benchmarks/identical_outputs_results.json]

Speed work that keeps every rule and every random draw in place must not change a single output. For each shipped
scenario (``scenarios/*.yaml``) and seed this runs the old revision (``git archive``, imported as ``hiap_sim_old``
as in ``bench_country.py``) and the working tree, and compares md5 digests of

- the monthly metrics (``timeseries.csv`` at full float precision),
- the event log (``events.csv``),
- the model's counters, and for scenarios with municipalities their counters and the per-municipality table.

Slow scenarios run a shorter horizon (``SHORT``): the whole country is simulated, only fewer months. Exits 1 when
any digest differs.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_country import ROOT, old_package  # noqa: E402

SHORT = {"national_2025_municipalities": 60, "rivm_municipalities_2009": 96, "regional_networks_2021": 96,
         "regional_networks_2021_structural": 96}  # months (the others run to their horizon)


def digests(package: str, name: str, seed: int) -> tuple[list[str], float]:
    model_module = importlib.import_module(f"{package}.model")
    loader = importlib.import_module(f"{package}.scenario")
    scenario = loader.load_scenario(name, {})
    start = time.perf_counter()
    model = model_module.HiapModel(scenario, seed=seed, months=SHORT.get(name))
    metrics = model.run()
    seconds = time.perf_counter() - start
    extra = hashlib.md5(json.dumps(sorted(model.counters.items()), default=str).encode())
    if model.municipal is not None:
        extra.update(model.municipal.table().to_csv(index=False).encode())
        extra.update(json.dumps(sorted(model.municipal.counters.items()), default=str).encode())
    return [hashlib.md5(metrics.to_csv(index=False).encode()).hexdigest(),
            hashlib.md5(model.events().to_csv(index=False).encode()).hexdigest(), extra.hexdigest()], seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--old", default="6928cee", help="git revision to compare with (default: before the exact speed-ups)")
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--out", type=Path, default=None, help="write the comparison as JSON here")
    args = parser.parse_args()
    names = sorted(path.stem for path in (ROOT / "scenarios").glob("*.yaml"))
    results, differ = {}, []
    with tempfile.TemporaryDirectory() as tmp:
        old = old_package(args.old, Path(tmp))
        for name in names:
            for seed in args.seeds:
                before, old_seconds = digests(old, name, seed)
                after, new_seconds = digests("hiap_sim", name, seed)
                same = before == after
                results[f"{name}/{seed}"] = {"identical": same, "months": SHORT.get(name), "old_s": round(old_seconds, 3),
                                             "new_s": round(new_seconds, 3), "md5": after}
                if not same:
                    differ.append(f"{name}/{seed}")
                print(f"{name:40s} seed {seed}  {'identical' if same else 'DIFFERENT'}  old {old_seconds:6.2f} s  new {new_seconds:6.2f} s", flush=True)
    print(f"{len(results) - len(differ)} of {len(results)} runs identical")
    if args.out:
        args.out.write_text(json.dumps({"old": args.old, "seeds": args.seeds, "identical": not differ, "runs": results}, indent=2) + "\n",
                            encoding="utf-8")
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
