"""Warm start (scenario block ``initial``): a scenario begins with the relations and joint work it states, seeded
through the joint-work pipeline; without the block the world starts empty; bad entries are refused clearly."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from hiap_sim.mechanisms import trust as trust_rules
from hiap_sim.model import HiapModel
from hiap_sim.pipeline.table import FUNDINGS, PHASES, STALLED
from hiap_sim.scenario import load_scenario
from hiap_sim.scenario.loader import ScenarioError


def officials(model: HiapModel, code: str) -> np.ndarray:
    return np.flatnonzero(model.staff_org == model.org_codes[code])


def test_national_2025_begins_with_the_stated_joint_work_and_trust(national):
    model = HiapModel(national, seed=3)
    initial = national.initial
    assert len(initial.joint_work) >= 3 and len(initial.relations) >= 3
    table = model.work.table
    assert table.n == len(initial.joint_work) and len(model.live) == len(initial.joint_work)
    for row, work in enumerate(initial.joint_work):
        view = model.initiatives[row]
        assert model.topic_names[view.topic] == work.topic
        assert model.organisations[view.lead].code == work.lead
        assert sorted(model.organisations[p].code for p in view.partners) == sorted(work.partners)
        assert view.level == work.level and view.progress == pytest.approx(work.progress)
        assert view.started == -work.age_months and view.funding == work.funding
        assert view.funding_end == (work.months_left if work.funding == "project" else None)
        assert view.phase == ("preparing" if work.progress < 0.2 else "building" if work.progress < 0.5 else view.phase)
        assert view.origin == "ongoing"
    # seeded work is no new work, and no partner was asked
    assert model.counters["initiatives_initial"] == len(initial.joint_work)
    assert model.counters["initiatives_new"] == 0 and model.counters["proposals"] == 0
    # stated relations: institutional trust and the trust of officials who are in no seeded work together
    members = {int(table.coordinator[r]) for r in range(table.n)} | {int(c) for c in table.contact[: table.n].ravel() if c >= 0}
    for relation in initial.relations:
        a, b = (model.org_codes[c] for c in relation.between)
        assert model.org_baseline[a, b] == pytest.approx(relation.trust) == model.org_baseline[b, a]
        outsiders_a = [i for i in officials(model, relation.between[0]) if i not in members]
        outsiders_b = [j for j in officials(model, relation.between[1]) if j not in members]
        assert np.allclose(model.trust[np.ix_(outsiders_a, outsiders_b)], relation.trust)
    # an unstated pair stays at the empty world's baseline
    assert model.org_baseline[model.org_codes["FIN"], model.org_codes["LNV"]] == pytest.approx(national.parameters.trust.baseline_cross)
    # the metrics of month 0 show it: joint work in progress, ladder above 'none', staff time committed
    first = model.records[0]
    assert first["initiatives_active"] == len(initial.joint_work) and first["initiatives_new"] == 0
    assert first["level_share_2"] > 0 and first["level_share_0"] == 0  # met_recently: all
    assert first["fte_used"] > 0 and first["trust_cross"] > national.parameters.trust.baseline_cross


def test_members_of_seeded_work_trust_each_other_as_their_months_of_meetings_make_them(national):
    """The coordinator and each contact met for the work's age; a pair in two pieces met in both (the rates add)."""
    model = HiapModel(national, seed=3)
    table = model.work.table
    tp, cp = national.parameters.trust, national.parameters.contacts
    ages: dict[tuple[int, int], list[int]] = {}
    for row, work in enumerate(national.initial.joint_work):
        coordinator = int(table.coordinator[row])
        for partner in table.partner_list(row):
            contact = int(table.contact[row, partner])
            ages.setdefault((min(coordinator, contact), max(coordinator, contact)), []).append(work.age_months)
    assert any(len(v) > 1 for v in ages.values())  # VWS and SZW share two pieces (debt, work and health): the same two officials
    for (a, b), pair_ages in ages.items():
        base = model.baseline[a, b]
        expected = base
        for months_before in range(max(pair_ages), 0, -1):
            rate = cp.joint_work_meetings * sum(age >= months_before for age in pair_ages)
            expected = trust_rules.expected_trust_after_meetings(expected, base, 1, rate, tp.contact_step, 1.0, tp.decay_per_month)
        assert model.trust[a, b] == pytest.approx(expected) == model.trust[b, a]
        assert model.trust[a, b] > base
    # a pair in one piece: the closed rule over its age
    single = next((pair, v[0]) for pair, v in ages.items() if len(v) == 1)
    (a, b), age = single
    base = model.baseline[a, b]
    assert model.trust[a, b] == pytest.approx(trust_rules.expected_trust_after_meetings(base, base, age, cp.joint_work_meetings, tp.contact_step, 1.0,
                                                                                        tp.decay_per_month))


def test_expected_trust_after_meetings_matches_the_contact_rule_drawn_month_by_month():
    rng = np.random.default_rng(7)
    trust = np.full(100_000, 0.3)
    for _ in range(18):
        k = rng.poisson(1.0, trust.size)
        trust = np.where(k > 0, 1 - (1 - trust) * (1 - 0.014) ** k, trust - 0.02 * (trust - 0.3))
    assert trust_rules.expected_trust_after_meetings(0.3, 0.3, 18, 1.0, 0.014, 1.0, 0.02) == pytest.approx(trust.mean(), abs=0.001)
    assert trust_rules.expected_trust_after_meetings(0.3, 0.3, 0, 1.0, 0.014, 1.0, 0.02) == 0.3


def test_without_the_block_the_world_starts_empty():
    cold = HiapModel(load_scenario("national_2025", {"initial": {}}), seed=3)
    assert cold.work.table.n == 0 and cold.counters["initiatives_initial"] == 0
    assert np.allclose(cold.org_baseline[~np.eye(cold.n_org, dtype=bool)], cold.params.trust.baseline_cross)
    first = cold.records[0]
    assert first["level_share_0"] == 1.0 and first["initiatives_active"] == 0 and first["fte_used"] == 0


def test_seeded_project_money_ends_after_the_months_left():
    """Seeded work is in the pipeline: its project money ends when the scenario says, without follow-up it stalls."""
    scenario = load_scenario("national_2025", {
        "initial": {"joint_work": [{"topic": "work_health", "lead": "VWS", "partners": ["SZW"], "level": 2, "age_months": 6, "progress": 0.1,
                                    "funding": "project", "months_left": 3, "source": "assumption (test)"}]},
        "levers.financing.ministry_follow_up_probability": 0.0, "crises.scheduled": [], "budget_cuts": []})
    model = HiapModel(scenario, seed=1, months=4)
    model.run(2)
    assert model.work.table.phase[0] <= PHASES.index("implementing")
    model.run(1)
    assert model.work.table.phase[0] == STALLED and model.work.table.reason[0] == "funding_ended"
    assert model.work.table.funding[0] == FUNDINGS.index("project")


def test_segv_2008_begins_with_the_programme_ministry_at_work():
    scenario = load_scenario("segv_2008")
    model = HiapModel(scenario, seed=1, months=1)
    leads = {model.organisations[view.lead].code for view in model.live}
    assert leads == {"JG"}
    assert model.org_baseline[model.org_codes["VWS"], model.org_codes["JG"]] == pytest.approx(0.4)


BAD = """\
extends: national_2025
initial:
  relations:
    - between: [VWS, SZX]
      trust: 0.4
      source: "assumption, range 0.3-0.5"
    - between: [OCW, OCW]
      trust: 0.4
      source: a guess
  joint_work:
    - topic: debt_livelyhood
      lead: VWS
      partners: [SZW, VWS, NOPE]
      level: 5
      age_months: 3
      funding: project
      source: "assumption"
    - topic: air_quality
      lead: VWS
      partners: [IenW]
      funding: structural
      months_left: 4
      source: ABD2024
    - topic: air_quality
      lead: VWS
      partners: [BZK]
      funding: structural
      source: ABD2024
"""


def problems_of(path: Path) -> str:
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    return str(caught.value)


def test_bad_initial_entries_name_file_field_expected_and_found(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(BAD)
    text = problems_of(path)
    lines = {line.split(": ", 2)[1]: line for line in text.splitlines() if line.startswith(str(path))}
    expected = {
        "initial.relations.0.between.1": ["'SZX' is not a department", "Did you mean 'SZW'?"],
        "initial.relations.1.between": ["expected two different organisations", "'OCW' twice"],
        "initial.relations.1.source": ["expected a source key", "or the word 'assumption'", "found 'a guess'"],
        "initial.joint_work.0.topic": ["'debt_livelyhood' is not a topic", "Did you mean 'debt_livelihood'?"],
        "initial.joint_work.0.partners.1": ["expected partners other than the lead", "'VWS'"],
        "initial.joint_work.0.partners.2": ["'NOPE' is not a department", "expected one of VWS"],
        "initial.joint_work.0.level": ["expected a number from 2 to 4", "found 5"],
        "initial.joint_work.0": ["expected months_left", "for project funding, found none"],
        "initial.joint_work.1.months_left": ["expected no months_left for structural funding", "found 4"],
        "initial.joint_work.2.topic": ["at most one piece of joint work per lead and topic", "VWS on 'air_quality' again"],
    }
    for field, fragments in expected.items():
        assert field in lines, f"{field} missing in:\n{text}"
        line = lines[field]
        assert line.startswith(f"{path}:") and all(fragment in line for fragment in fragments), line


def test_a_department_that_does_not_exist_yet_is_refused(tmp_path):
    path = tmp_path / "later.yaml"
    path.write_text("extends: segv_2008\ninitial:\n  relations:\n    - {between: [VWS, IenM], trust: 0.4, source: assumption}\n")
    text = problems_of(path)
    assert "initial.relations.0.between.1" in text and "'IenM' does not exist at the start (2008-12" in text
