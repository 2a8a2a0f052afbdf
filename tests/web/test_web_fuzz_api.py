"""A schemathesis pass over the web app: every operation of its OpenAPI schema (served in test mode only) gets
generated requests, valid and invalid ones, without a token and with a real session's facilitator and player
tokens; no answer may be a server error (5xx).

The pass in CI is derandomised (the same cases every run) with ``FUZZ_EXAMPLES`` cases per operation and mode
(543 cases, about 20 s: in test mode each live stream ends after half a second). A larger pass draws fresh cases, ``SLOW_FUZZ_EXAMPLES`` per operation and mode (about
3,100 cases, under 2 minutes); it runs when ``HIAP_SIM_LARGE_FUZZ=1`` is set, e.g.
``HIAP_SIM_LARGE_FUZZ=1 .venv/bin/python -m pytest tests/web/test_web_fuzz_api.py``. Counts go to
``test-artifacts/web/fuzz_api.json`` and ``fuzz_api_large.json``.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from web_helpers import GENEROUS, TOKEN_HEADER, Server, call, create_session, join

FUZZ_EXAMPLES = 6
SLOW_FUZZ_EXAMPLES = 40
MODES = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)


@dataclass
class Tally:
    """Cases sent, answers by status, and the server errors met (method, path, status, request)."""

    cases: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    operations: set[str] = field(default_factory=set)
    server_errors: list[str] = field(default_factory=list)
    seconds: Counter[str] = field(default_factory=Counter)

    def report(self) -> dict[str, Any]:
        return {"cases": self.cases, "operations": len(self.operations), "server_errors": len(self.server_errors),
                "statuses": {str(k): v for k, v in sorted(self.statuses.items())}, "examples": self.server_errors[:20],
                "slowest_operations_seconds": {k: round(v, 2) for k, v in self.seconds.most_common(5)}}


@pytest.fixture(scope="module")
def fuzz_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("fuzz")
    running = Server(folder / "sessions.sqlite", folder / "server.log", args=(*GENEROUS, "--test-mode")).start()
    yield running
    running.stop()
    assert "Traceback" not in running.log.read_text()


def send_cases(server: Server, tally: Tally, strategy: Any, label: str, examples: int, derandomize: bool) -> None:
    """Send ``examples`` generated cases of one operation and count the answers."""

    @settings(max_examples=examples, deadline=None, database=None, derandomize=derandomize, phases=[Phase.explicit, Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(case=strategy)
    def send(case: Any) -> None:
        began = time.perf_counter()
        response = case.call(base_url=server.url, timeout=60)
        tally.seconds[f"{case.method.upper()} {case.operation.path}"] += time.perf_counter() - began
        tally.cases += 1
        tally.statuses[response.status_code] += 1
        tally.operations.add(f"{case.method.upper()} {case.operation.path}")
        if response.status_code >= 500:
            tally.server_errors.append(f"{label} {case.method} {case.formatted_path} -> {response.status_code}: "
                                       f"body={case.body!r:.200} query={case.query!r:.100}")

    with contextlib.suppress(Unsatisfiable):  # nothing invalid to generate (no parameters or body, in negative mode)
        send()


def fuzz(server: Server, examples: int, derandomize: bool) -> Tally:
    """Every operation and mode, three ways: no token; a real session's code with its facilitator's token; the
    same code with a player's token. A real explorer run's id for the explorer's operations."""
    schema = schemathesis.openapi.from_url(f"{server.url}/openapi.json")
    session = create_session(server, ["programme_director", "dg:SZW"], turns=4)
    code = session["code"]
    player = join(server, code, "programme_director", "Anna")
    assert server.api("POST", f"/api/sessions/{code}/rounds/open", {"timer_minutes": 0}, session["facilitator_token"]).status == 200
    run = server.api("POST", "/api/explorer", {"scenario": "national_2025"}).data["run"]
    ways: list[tuple[str, dict[str, str], dict[str, str]]] = [
        ("anonymous", {}, {}),
        ("facilitator", {"code": code}, {TOKEN_HEADER: session["facilitator_token"]}),
        ("player", {"code": code}, {TOKEN_HEADER: player}),
    ]
    tally = Tally()
    for result in schema.get_all_operations():
        operation = result.ok()
        for way, fixed_path, headers in ways:
            path_parameters = {k: v for k, v in fixed_path.items() if f"{{{k}}}" in operation.path}
            if "{run_id}" in operation.path:
                path_parameters["run_id"] = run
            if way != "anonymous" and not path_parameters:
                continue  # without a session in the path, a token changes nothing
            for mode in MODES:
                strategy = operation.as_strategy(generation_mode=mode, path_parameters=path_parameters or None, headers=headers or None)
                send_cases(server, tally, strategy, f"{way} {mode}", examples, derandomize)
    return tally


def test_the_schema_is_served_in_test_mode(fuzz_server: Server) -> None:
    schema = call("GET", f"{fuzz_server.url}/openapi.json")
    assert schema.status == 200
    assert {"/api/sessions", "/api/sessions/{code}/act", "/api/explorer/{run_id}/step"} <= set(schema.data["paths"])


def test_no_generated_request_gets_a_server_error(fuzz_server: Server, artifacts: Path) -> None:
    tally = fuzz(fuzz_server, FUZZ_EXAMPLES, derandomize=True)
    (artifacts / "fuzz_api.json").write_text(json.dumps(tally.report(), indent=2))
    assert tally.server_errors == []
    assert len(tally.operations) >= 25 and tally.cases >= 400
    assert call("GET", f"{fuzz_server.url}/api/scenarios").status == 200  # still up


@pytest.mark.slow
@pytest.mark.skipif(os.environ.get("HIAP_SIM_LARGE_FUZZ") != "1", reason="the larger pass runs with HIAP_SIM_LARGE_FUZZ=1")
def test_a_larger_pass_finds_no_server_error(fuzz_server: Server, artifacts: Path) -> None:
    tally = fuzz(fuzz_server, SLOW_FUZZ_EXAMPLES, derandomize=False)
    (artifacts / "fuzz_api_large.json").write_text(json.dumps(tally.report(), indent=2))
    assert tally.server_errors == []
