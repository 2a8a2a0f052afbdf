"""Property-based fuzzing of scenario and experiment files at scale (the test suite runs about 300 cases).

Generates scenario and experiment files from the schema, valid and mutated (tests/fuzz_inputs.py), and checks:
exit code 0 or 2, no traceback, and every valid file runs (scenarios: 12 months with finite outputs and a
strict-JSON summary; small experiments: a serial sweep). Prints and saves the counts of each kind of case.

Usage:  .venv/bin/python benchmarks/bench_fuzz.py [--scenarios 900] [--experiments 400] [--seed 0]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from fuzz_inputs import Counts, check_experiment_case, check_scenario_case, experiment_documents, scenario_documents  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenarios", type=int, default=900)
    parser.add_argument("--experiments", type=int, default=400)
    parser.add_argument("--seed", type=int, default=0, help="hypothesis seed (same seed, same cases)")
    args = parser.parse_args()
    counts = Counts()
    common = {"deadline": None, "database": None, "suppress_health_check": list(HealthCheck)}

    @seed(args.seed)
    @settings(max_examples=args.scenarios, **common)
    @given(st.one_of(scenario_documents(mutate=False), scenario_documents(mutate=True)))
    def scenarios(case):
        with tempfile.TemporaryDirectory() as folder:
            check_scenario_case(Path(folder), *case, counts)

    @seed(args.seed)
    @settings(max_examples=args.experiments, **common)
    @given(st.one_of(experiment_documents(mutate=False), experiment_documents(mutate=True)))
    def experiments(case):
        with tempfile.TemporaryDirectory() as folder:
            check_experiment_case(Path(folder), *case, counts, run_small=True)

    started = time.perf_counter()
    if args.scenarios:
        scenarios()
    if args.experiments:
        experiments()
    result = counts.as_dict()
    cases = sum(v for k, v in result.items() if ":" in k)
    print(json.dumps(result, indent=2))
    print(f"{cases} generated cases, all passed, in {time.perf_counter() - started:.0f} s")
    (ROOT / "benchmarks" / "bench_fuzz_results.json").write_text(json.dumps({"cases": cases, "counts": result}, indent=2) + "\n")


if __name__ == "__main__":
    main()
