"""Scenario schema, loading and error reporting."""

from hiap_sim.scenario.loader import ScenarioError, load_scenario, resolve_scenario, scenario_from_dict
from hiap_sim.scenario.schema import Scenario

__all__ = ["Scenario", "ScenarioError", "load_scenario", "resolve_scenario", "scenario_from_dict"]
