"""Shared fixtures: shipped scenarios and small, fast variants for tests."""

from __future__ import annotations

import pytest

from hiap_sim.scenario import load_scenario, scenario_from_dict


@pytest.fixture(scope="session")
def national():
    """The default scenario, as shipped."""
    return load_scenario("national_2025")


@pytest.fixture
def make_scenario():
    """Build a scenario from a raw mapping (library defaults fill the rest)."""

    def build(**raw):
        raw.setdefault("name", "test")
        return scenario_from_dict(raw)

    return build
