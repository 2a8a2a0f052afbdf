"""Decisions matter in the direction the sources state, over many seeds, each with an explicit statistical
criterion. Every comparison is paired by seed: the same seed gives both arms the same world (elections,
crises, turnover), so the difference measures the decision.
"""

from __future__ import annotations

import numpy as np
import pytest
from game_helpers import play_script, script
from scipy import stats

from hiap_sim.game import GameSession
from hiap_sim.scenario import load_scenario

P = "programme_director"
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def cold():
    """national_2025 from a cold start (no joint work or relations under way): the scripted proposals below would
    otherwise repeat work that VWS already leads in the warm start (a lead cannot propose its own topic twice)."""
    return load_scenario("national_2025", {"initial": {}})


def test_hfap_framing_gets_more_acceptances_than_hiap_for_the_same_proposal(cold):
    """[ABD2024 5.2, HHS2016 #17, RIVM2010]: health framed as serving the partner's own goals is taken up more.

    Criterion: over 40 seeds, after two turns of play, the same three proposals (to nine partners) framed HfaP
    get more acceptances in total than framed HiaP; seeds where HfaP got more outnumber the others with a
    one-sided sign test p < 0.001; HfaP never gets fewer in a seed (it only raises the partner's value).
    """
    proposals = [("work_health", ["EZK", "OCW", "BZK"]), ("food_environment", ["EZK", "OCW", "SZW"]), ("air_quality", ["BZK", "EZK", "SZW"])]
    accepted = {"HfaP": [], "HiaP": []}
    for seed in range(40):
        for frame, counts in accepted.items():
            session = GameSession(cold, [P], seed=seed, turns=3)
            session.end_turn()
            session.end_turn()
            decisions = [d for topic, partners in proposals
                         for d in session.act(P, {"do": "propose", "topic": topic, "partners": partners, "frame": frame}).decisions]
            assert len(decisions) == 9
            counts.append(sum(d["accept"] for d in decisions))
    hfap, hiap = np.array(accepted["HfaP"]), np.array(accepted["HiaP"])
    assert hfap.sum() > hiap.sum()
    better, worse = int((hfap > hiap).sum()), int((hfap < hiap).sum())
    assert worse == 0
    assert stats.binomtest(better, better + worse, 0.5, alternative="greater").pvalue < 0.001


def test_ignoring_relations_in_the_first_turns_lowers_later_acceptance(cold):
    """[RIVM2010 good relations 92 %; HHS2016; AIG2016]: relations built first make later proposals land.

    Arm 'invest': turns 1-2 invest in the relationship with five ministries. Arm 'ignore': spend a fifth of
    staff time on relations and invest in none. Turn 3: the same four proposals (seven partner decisions), to
    partners for whom they are a close call (fit neither nil nor full, enough capacity: EZK, SZW, OCW, BZK,
    IenW). Criteria over 120 seeds: the partners' acceptance chance is higher after investing in more seeds than
    not (one-sided Wilcoxon signed-rank p < 0.001), and the realised acceptance rate is higher (one-sided
    Fisher exact test on all decisions, p < 0.05). Power of the second criterion: the acceptance chance rises by
    about 0.10 (7 decisions a seed), so the expected difference is about 84 acceptances of 840 with a standard
    deviation of about 20; p < 0.05 needs about 34: power about 0.99 (about 0.89 with 60 seeds; see
    docs/validation/provenance.md).
    """
    partners = ("EZK", "SZW", "OCW", "BZK", "IenW")
    later = [
        {"do": "propose", "topic": "food_environment", "partners": ["EZK"]},
        {"do": "propose", "topic": "housing_quality", "partners": ["SZW"]},
        {"do": "propose", "topic": "alcohol_tobacco", "partners": ["OCW", "BZK", "IenW"]},
        {"do": "propose", "topic": "loneliness_inclusion", "partners": ["IenW", "EZK"]},
    ]
    chance = {"invest": [], "ignore": []}
    accepted = {"invest": 0, "ignore": 0}
    asked = 0
    for seed in range(120):
        for arm in ("invest", "ignore"):
            session = GameSession(cold, [P], seed=seed, turns=3)
            for turn in (1, 2):
                if arm == "invest":
                    for partner in partners:
                        session.act(P, {"do": "invest_relation", "partner": partner})
                elif turn == 1:
                    session.act(P, {"do": "set_strategy", "relation_share": 0.2})
                session.end_turn()
            decisions = [d for action in later for d in session.act(P, action).decisions]
            chance[arm].append(np.mean([d["probability"] for d in decisions]))
            accepted[arm] += sum(d["accept"] for d in decisions)
            asked += len(decisions) if arm == "invest" else 0
    invest, ignore = np.array(chance["invest"]), np.array(chance["ignore"])
    assert invest.mean() > ignore.mean()
    assert stats.wilcoxon(invest, ignore, alternative="greater").pvalue < 0.001
    table = [[accepted["invest"], asked - accepted["invest"]], [accepted["ignore"], asked - accepted["ignore"]]]
    assert accepted["invest"] > accepted["ignore"]
    assert stats.fisher_exact(table, alternative="greater").pvalue < 0.05


def test_focused_small_wins_beats_autopilot_in_most_seeds_and_doing_nothing_does_not(cold):
    """[AIG2016, ABD2024 6.3 (Termeer)]: a few topics, framed in partners' terms, relations first, structural
    money and small visible results build trust and results.

    Criterion over 30 seeds (8 turns of 6 months each): the focused small-wins script (tests/game/scripts/
    small_wins.yaml) scores above the autopilot of the same scenario and seed in at least 20 seeds, with a
    one-sided binomial test against 50 % p < 0.01. As a check that the yardstick can be lost, a player who
    decides nothing scores below the autopilot in at least 20 of the same seeds.

    From a cold start. From the warm start of national_2025 (joint work already under way for player and autopilot
    alike) the script beats the autopilot in 17 of the 30 seeds (16 since investing in a relationship includes a regular
    bilateral): below the criterion. From the warm start, good play is tested with its own script below.
    """
    plan = script("small_wins.yaml")
    wins = idle_wins = 0
    for seed in range(30):
        session = GameSession(cold, [P], seed=seed, turns=8)
        play_script(session, plan)
        you, autopilot = session.scores()
        wins += you.total > autopilot.total
        idle = GameSession(cold, [P], seed=seed, turns=8)
        idle.sim.run_for(8 * idle.months_per_turn)  # no decisions at all (its autopilot is the one above)
        idle_you = idle.scores()[0]
        idle_wins += idle_you.total > autopilot.total
    assert wins >= 20, wins
    assert stats.binomtest(wins, 30, 0.5, alternative="greater").pvalue < 0.01
    assert idle_wins <= 10, idle_wins


@pytest.fixture(scope="module")
def warm():
    """national_2025 as shipped: a warm start with relations and joint work under way [ABD2024]."""
    return load_scenario("national_2025")


@pytest.fixture(scope="module")
def warm_games(warm):
    """Scores of seeds 0-29 of the warm national_2025 (8 turns): good play, overload and their autopilot (the same in
    both sessions of a seed: the autopilot makes no player's decision)."""
    good, overload = script("relations_first.yaml"), script("integrate_everywhere.yaml")
    totals = {"good": [], "overload": [], "autopilot": []}
    for seed in range(30):
        played = GameSession(warm, [P], seed=seed, turns=8)
        play_script(played, good)
        you, autopilot = played.scores()
        over = GameSession(warm, [P], seed=seed, turns=8)
        play_script(over, overload)
        totals["good"].append(you.total)
        totals["overload"].append(over.scores()[0].total)
        totals["autopilot"].append(autopilot.total)
    return {k: np.array(v) for k, v in totals.items()}


def test_good_play_beats_the_autopilot_from_the_warm_start_and_overload_does_not(warm_games):
    """[HHS2016 #12; RIVM2010; ABD2024 5.2, 6.1; AIG2016]: relations first, health in the partners' terms and ambition
    within capacity pay off; integration everywhere beyond a small team's capacity does not ('organiseren van je eigen
    teleurstelling' [ABD2024]).

    Criteria over seeds 0-29 of national_2025 from its warm start (8 turns of 6 months each), each arm paired with
    the autopilot of the same seed:
    - the good-play script (tests/game/scripts/relations_first.yaml) scores above the autopilot in at least 22 of
      30 seeds (one-sided binomial test against 50 %, p < 0.01);
    - the overload script (tests/game/scripts/integrate_everywhere.yaml) scores below the autopilot in at least 20
      of the same 30 seeds (one-sided binomial p < 0.05): ``test_overload_scores_below_the_autopilot_from_the_warm_start``;
    - good play scores above overload in at least 22 of the 30 seeds.
    Criteria and scripts were fixed (committed) before the first run on these seeds.
    Measured: good play above the autopilot in 24/30, above overload in 22/30.
    """
    good, overload, autopilot = warm_games["good"], warm_games["overload"], warm_games["autopilot"]
    good_wins = int((good > autopilot).sum())
    assert good_wins >= 22, good_wins
    assert stats.binomtest(good_wins, 30, 0.5, alternative="greater").pvalue < 0.01
    assert int((good > overload).sum()) >= 22, int((good > overload).sum())


@pytest.mark.xfail(strict=True, reason="measured: overload below the autopilot in 13 of 30 seeds (criterion: at least 20). On seeds 100-119 its health "
                                       "points exceed the autopilot's (36.7 vs 29.6: reinforcing the work under way), its depth, trust and small-win "
                                       "points fall short; fact 16 ('ambition within capacity') "
                                       "fails for the same reason (docs/validation/provenance.md)")
def test_overload_scores_below_the_autopilot_from_the_warm_start(warm_games):
    """The second criterion of the test above: integration everywhere scores below the autopilot in at least 20 of
    seeds 0-29 (one-sided binomial p < 0.05). Fixed before the first run; failing, so left failing."""
    losses = int((warm_games["overload"] < warm_games["autopilot"]).sum())
    assert losses >= 20, losses
    assert stats.binomtest(losses, 30, 0.5, alternative="greater").pvalue < 0.05
