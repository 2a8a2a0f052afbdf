"""The starting state of a scenario (a warm start): relations between organisations and joint work already under
way in the first month, each with its source.

Without this block a run starts from an empty world: every pair of organisations at the institutional baseline,
no joint work, no contact remembered. The sources describe no such world: in 2025 there are existing relations
and accords, strongest between VWS, SZW and OCW [ABD2024]; in 2008 the programme ministry Jeugd & Gezin had been
at work since 2007 [HHS2016]. A warm start states that situation, so that the first simulated year is not a
start-up transient.

Every stated value names where it comes from: a source key (ABD2024, HHS2016, RIVM2010, REG2021, AIG2016) with
the figure, or the word 'assumption' with a range.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, Field

from hiap_sim.scenario.common import Approach, Frame, Funding
from hiap_sim.scenario.fields import SOURCE_KEYS, Strict, param, share

JOINT_WORK_LEVELS = (2, 4)  # cooperation .. integration: levels 0 (none) and 1 (ad hoc) are no joint work


def check_source(value: str) -> str:
    """A stated starting value cites a source key or says 'assumption' (pydantic after-validator)."""
    text = str(value).strip()
    if not any(key in text for key in SOURCE_KEYS) and "assumption" not in text.lower():
        raise ValueError(f"expected a source key ({', '.join(SOURCE_KEYS)}) with the figure, or the word 'assumption' with a range, "
                         f"found '{text}'")
    return text


Source = Annotated[str, AfterValidator(check_source)]


class InitialRelation(Strict):
    """Trust between two organisations at the start: the institutional trust a newcomer of either starts with
    towards the other, and the trust their officials have in each other in the first month."""

    between: list[str] = Field(..., min_length=2, max_length=2, description="the two organisations (department codes)",
                               json_schema_extra={"unit": "codes", "source": ""})
    trust: float = share(0.3, "trust between the two organisations at the start (the schema's baseline_cross is the empty world's value)")
    source: Source = param(..., "where the value comes from: a source key and figure, or 'assumption' with a range", unit="text")


class InitialJointWork(Strict):
    """A piece of joint work under way at the start, seeded through the joint-work pipeline as if it had started
    ``age_months`` before: its coordinator and the partners' contact persons have met each month since (their
    trust is what the contact rule makes of that many months of joint-work meetings), its staff time and budget are
    committed, and its project money ends after ``months_left``."""

    topic: str = param(..., "topic of the work (a topic of the scenario)", unit="topic name")
    lead: str = param(..., "lead department (a department of the scenario, active at the start)", unit="code")
    partners: list[str] = Field(..., min_length=1, description="partner departments (active at the start; not the lead)",
                                json_schema_extra={"unit": "codes", "source": ""})
    level: int = param(2, "collaboration level now: 2 cooperation, 3 coordination, 4 integration", unit="level",
                       ge=JOINT_WORK_LEVELS[0], le=JOINT_WORK_LEVELS[1], source="ABD2024 6.1 (ladder)")
    age_months: int = param(0, "months since the work started", unit="months", ge=0, le=600)
    progress: float = param(0.0, "progress towards the work's goal (0 just started, 1 the goal met: completed work is not under way)",
                            unit="0-1", ge=0.0, lt=1.0)
    funding: Funding = param("project", "project (money ends after months_left), structural, or population-based", unit="choice", source="REG2021")
    months_left: int | None = param(None, "months of project money left (project funding only; required then)", unit="months", ge=1, le=120)
    frame: Frame | None = param(None, "frame of the work; empty = the lead's strategy", unit="choice", source="ABD2024")
    approach: Approach | None = param(None, "approach of the work; empty = the lead's strategy", unit="choice", source="ABD2024")
    source: Source = param(..., "where the work, its level, age and funding come from: source keys and figures, or 'assumption' with ranges", unit="text")


class InitialState(Strict):
    """Relations and joint work at the start (a warm start). Empty: the empty world of a cold start."""

    relations: list[InitialRelation] = Field(default_factory=list, description="trust between pairs of organisations at the start",
                                             json_schema_extra={"unit": "", "source": "ABD2024; HHS2016"})
    joint_work: list[InitialJointWork] = Field(default_factory=list, description="joint work under way at the start",
                                               json_schema_extra={"unit": "", "source": "ABD2024; HHS2016; AIG2016"})
    met_recently: Literal["stated", "all"] = param(
        "stated", "department pairs whose officials met within the contact memory before the start, so that the ladder shows them at ad hoc "
                  "(level 1) from month 0: 'stated' = pairs with a stated relation or joint work; 'all' = every pair active at the start "
                  "(e.g. an interdepartmental working group of all ministries)", unit="choice", source="ABD2024 ('Impact op Gezondheid')")

    @property
    def empty(self) -> bool:
        """Nothing stated: a cold start."""
        return not self.relations and not self.joint_work and self.met_recently == "stated"
