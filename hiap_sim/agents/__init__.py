"""Agents of the model: organisations (departments, pledge partners), civil servants, initiatives."""

from hiap_sim.agents.civil_servant import CivilServant
from hiap_sim.agents.initiative import Initiative
from hiap_sim.agents.organisation import Department, Organisation, PledgePartner

__all__ = ["CivilServant", "Department", "Initiative", "Organisation", "PledgePartner"]
