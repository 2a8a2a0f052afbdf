"""Property-based tests: scenario and experiment files generated from the schema, valid and mutated.

Properties: the command exits 0 or 2 and never shows a traceback; a file that validates runs for 12 months
with finite outputs (undefined metrics only where documented) and a strict-JSON summary. About 300 cases run
in the normal suite (``HIAP_FUZZ_SCALE`` multiplies them); ``benchmarks/bench_fuzz.py`` runs any number (1,300
by default) and prints the counts. Cases are derandomised, so CI sees the same ones every time.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from fuzz_inputs import Counts, check_experiment_case, check_scenario_case, experiment_documents, scenario_documents
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

SCALE = float(os.environ.get("HIAP_FUZZ_SCALE", "1"))
COUNTS = Counts()
SETTINGS = {"deadline": None, "derandomize": True, "database": None, "print_blob": True,
            "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]}


def examples(n: int) -> int:
    return max(1, int(n * SCALE))


def _scenario(case: tuple) -> None:
    kind, document = case
    with tempfile.TemporaryDirectory() as folder:
        check_scenario_case(Path(folder), kind, document, COUNTS)


def _experiment(case: tuple, run_small: bool) -> None:
    kind, document = case
    with tempfile.TemporaryDirectory() as folder:
        check_experiment_case(Path(folder), kind, document, COUNTS, run_small=run_small)


@settings(max_examples=examples(200), **SETTINGS)
@given(st.one_of(scenario_documents(mutate=False), scenario_documents(mutate=True)))
def test_generated_scenarios(case):
    _scenario(case)


@settings(max_examples=examples(100), **SETTINGS)
@given(st.one_of(experiment_documents(mutate=False), experiment_documents(mutate=True)))
def test_generated_experiments(case):
    _experiment(case, run_small=False)


def test_zz_report_counts(capsys):
    """Not a check: prints how many generated cases of each kind ran in this session (pytest -s shows it)."""
    with capsys.disabled():
        print("\nfuzz cases:", COUNTS.as_dict(), "total:", sum(v for k, v in COUNTS.as_dict().items() if ":" in k))
