"""Game text of a facilitated room in English and Dutch: requests between participants (a proposal, an invitation
or an escalation that waits for the answer of the participant who plays the partner), who answered, the
answer seen from the answering side, and the comparison of teams. Merged into the game's catalogue
(:data:`hiap_sim.game.text.CATALOGUE`)."""

from __future__ import annotations

ROOM_CATALOGUE: dict[str, dict[str, str]] = {
    # answer policies without their internal names
    "policy.rule": {"en": "weigh each proposal", "nl": "elk voorstel afwegen"},
    "policy.focus": {"en": "only your focus topics", "nl": "alleen uw focusonderwerpen"},
    "policy.open": {"en": "join whatever you can staff", "nl": "aansluiten waar u mensen voor hebt"},
    # who answered, as the asking side reads it
    "decision.answered_player": {"en": "{partner} is played by a participant, who gave this answer",
                                 "nl": "{partner} wordt gespeeld door een deelnemer, die dit antwoord gaf"},
    "decision.answered_model": {"en": "the participant who plays {partner} did not answer before the round closed; the model answered for them",
                                "nl": "de deelnemer die {partner} speelt antwoordde niet voor het einde van de ronde; het model antwoordde namens hen"},
    "decision.answered_policy": {"en": "{partner} is played by a participant; their standing answer policy answered: {policy}",
                                 "nl": "{partner} wordt gespeeld door een deelnemer; hun vaste antwoordbeleid antwoordde: {policy}"},
    # the answer as the answering side reads it
    "decision.own_joins": {"en": "You ({partner}) joined {lead}'s work on {topic} (level {level})",
                           "nl": "U ({partner}) sloot aan bij het werk van {lead} aan {topic} (niveau {level})"},
    "decision.own_declines": {"en": "You ({partner}) declined {lead}'s proposal on {topic} (level {level}): {reason}",
                              "nl": "U ({partner}) wees het voorstel van {lead} voor {topic} af (niveau {level}): {reason}"},
    "decision.own_escalation_yes": {"en": "You ({partner}) agreed to level {level} on {topic} (lead {lead})",
                                    "nl": "U ({partner}) stemde in met niveau {level} voor {topic} (trekker {lead})"},
    "decision.own_escalation_no": {"en": "You ({partner}) did not want level {level} on {topic} (lead {lead}): {reason}",
                                   "nl": "U ({partner}) wilde geen niveau {level} voor {topic} (trekker {lead}): {reason}"},
    "decision.own_player": {"en": "your own answer", "nl": "uw eigen antwoord"},
    "decision.own_model": {"en": "you did not answer before the round closed; the model answered for you by your answer policy ({policy})",
                           "nl": "u antwoordde niet voor het einde van de ronde; het model antwoordde voor u volgens uw antwoordbeleid ({policy})"},
    "decision.own_policy": {"en": "answered at once by your answer policy ({policy})", "nl": "meteen beantwoord volgens uw antwoordbeleid ({policy})"},
    # a reason for a 'no', said by the one who says it
    "reason_own.no_fit": {"en": "no gain for our own goals", "nl": "geen winst voor onze eigen doelen"},
    "reason_own.low_trust": {"en": "we do not know them well enough yet (low trust)", "nl": "we kennen hen nog te weinig (weinig vertrouwen)"},
    "reason_own.no_urgency": {"en": "we do not feel the urgency", "nl": "we voelen de urgentie niet"},
    "reason_own.no_political_cover": {"en": "our minister does not back it (no political cover)",
                                      "nl": "onze minister staat er niet achter (geen politieke dekking)"},
    "reason_own.no_capacity": {"en": "no staff free (capacity full)", "nl": "geen mensen vrij (capaciteit vol)"},
    "reason_own.no_budget": {"en": "no money for it", "nl": "geen geld voor"},
    "reason_own.autonomy": {"en": "we do not want to give up control at this level", "nl": "we willen op dit niveau geen zeggenschap inleveren"},
    "reason_own.silo": {"en": "we keep to our own dossiers (silo)", "nl": "we blijven bij onze eigen dossiers (verkokering)"},
    # requests
    "request.propose": {"en": "{asker} proposes joint work on {topic} at level {level}, with {partners}",
                        "nl": "{asker} stelt gezamenlijk werk voor aan {topic} op niveau {level}, met {partners}"},
    "request.seize_window": {"en": "{asker} proposes to use the crisis window for {topic} at level {level}, with {partners}",
                             "nl": "{asker} stelt voor het crisisvenster te benutten voor {topic} op niveau {level}, met {partners}"},
    "request.invite": {"en": "{asker} invites {partners} to join #{initiative} {topic} (level {level})",
                       "nl": "{asker} nodigt {partners} uit om aan te sluiten bij #{initiative} {topic} (niveau {level})"},
    "request.escalate": {"en": "{asker} proposes to take #{initiative} {topic} to level {level} (members: {partners})",
                         "nl": "{asker} stelt voor #{initiative} {topic} naar niveau {level} te brengen (deelnemers: {partners})"},
    "request.advice": {"en": "The model's advice for {partner}: by its own rule it would say yes with a chance of {probability:.0%}.",
                       "nl": "Advies van het model voor {partner}: volgens de eigen regel zou het met {probability:.0%} kans ja zeggen."},
    "request.advice_against": {"en": "What weighs against it most: {reason}.", "nl": "Wat het zwaarst tegen weegt: {reason}."},
    "request.waiting": {"en": "Waiting for the answer of the participant who plays {partners}. It comes in this round; "
                              "at round close the model answers for whoever has not.",
                        "nl": "Wacht op het antwoord van de deelnemer die {partners} speelt. Dat komt in deze ronde; "
                              "bij het einde van de ronde antwoordt het model voor wie niet heeft geantwoord."},
    "request.failed": {"en": "Your request could not be carried out when it was answered: {message}",
                       "nl": "Uw verzoek kon niet worden uitgevoerd toen het beantwoord was: {message}"},
    "request.failed_other": {"en": "The request could not be carried out when it was answered: {message}",
                             "nl": "Het verzoek kon niet worden uitgevoerd toen het beantwoord was: {message}"},
    "request.you_said": {"en": "You answered: {answer}", "nl": "U antwoordde: {answer}"},
    "request.yes": {"en": "yes", "nl": "ja"},
    "request.no": {"en": "no", "nl": "nee"},
    "error.request_unknown": {"en": "there is no open request {request} this round", "nl": "er is deze ronde geen open verzoek {request}"},
    "error.request_not_yours": {"en": "request {request} is not addressed to an organisation you play",
                                "nl": "verzoek {request} is niet gericht aan een organisatie die u speelt"},
    "error.request_answered": {"en": "request {request} has been answered already", "nl": "verzoek {request} is al beantwoord"},
    "error.request_accept": {"en": "an answer is yes (true) or no (false), found {found}", "nl": "een antwoord is ja (true) of nee (false), gevonden: {found}"},
    "error.request_reason": {"en": "a 'no' needs one of these reasons: {known}; found '{found}'",
                             "nl": "een 'nee' heeft een van deze redenen nodig: {known}; gevonden: '{found}'"},
    # comparing teams in the debrief
    "teams.title": {"en": "The teams compared", "nl": "De teams vergeleken"},
    "teams.team": {"en": "Team {team}", "nl": "Team {team}"},
    "teams.score": {"en": "Team {team}: {you:.1f} points against the autopilot's {autopilot:.1f} ({diff:+.1f})",
                    "nl": "Team {team}: {you:.1f} punten tegen {autopilot:.1f} van de automatische piloot ({diff:+.1f})"},
    "teams.same": {"en": "The teams ended level: {you:.1f} points each.", "nl": "De teams eindigden gelijk: elk {you:.1f} punten."},
    "teams.ahead": {"en": "Team {best} ended {gap:.1f} points ahead of team {worst}.", "nl": "Team {best} eindigde {gap:.1f} punten voor team {worst}."},
    "teams.opened": {"en": "The gap opened most in round {turn} ({gap:+.1f} points that round).",
                     "nl": "Het verschil ontstond vooral in ronde {turn} ({gap:+.1f} punten in die ronde)."},
    "teams.did": {"en": "In that round team {team} decided: {actions}.", "nl": "In die ronde besloot team {team}: {actions}."},
    "teams.did_nothing": {"en": "In that round team {team} took no decisions.", "nl": "In die ronde nam team {team} geen besluiten."},
    "teams.answers": {"en": "Team {team}: {yes} of {asked} partner answers were yes; most frequent reason for a no: {reason}.",
                      "nl": "Team {team}: {yes} van {asked} antwoorden van partners waren ja; meest genoemde reden voor een nee: {reason}."},
    "teams.answers_all_yes": {"en": "Team {team}: {yes} of {asked} partner answers were yes.",
                              "nl": "Team {team}: {yes} van {asked} antwoorden van partners waren ja."},
    "teams.work": {"en": "Team {team} ended with {active} pieces of joint work under way and {completed} completed; health gap secured {secured:.1f}.",
                   "nl": "Team {team} eindigde met {active} lopende gezamenlijke trajecten en {completed} afgeronde; gezondheidsachterstand veiliggesteld {secured:.1f}."},
    "teams.none": {"en": "-", "nl": "-"},
}

__all__ = ["ROOM_CATALOGUE"]
