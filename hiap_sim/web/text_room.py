"""Web wording of a facilitated room in English and Dutch: teams, requests between participants, live events and
the room view for the projector. Merged into :data:`hiap_sim.web.text.WEB_CATALOGUE`."""

from __future__ import annotations

ROOM_WEB_CATALOGUE: dict[str, dict[str, str]] = {
    "web.err.teams": {"en": "a session has 1 to {most} teams, not {found}", "nl": "een sessie heeft 1 tot {most} teams, niet {found}"},
    "web.err.team_unknown": {"en": "there is no team {found} in this session; teams: {known}", "nl": "deze sessie heeft geen team {found}; teams: {known}"},
    "web.err.team_empty": {"en": "team {team} has no players yet: every team needs at least one before the game starts",
                           "nl": "team {team} heeft nog geen spelers: elk team heeft er minstens een nodig voordat het spel begint"},
    "web.new.teams": {"en": "Teams (each plays the same scenario and seed with its own roles)",
                      "nl": "Teams (elk speelt hetzelfde scenario en dezelfde seed met eigen rollen)"},
    "web.join.team": {"en": "Team {team}", "nl": "Team {team}"},
    "web.play.team": {"en": "team {team}", "nl": "team {team}"},
    "web.play.requests_for_you": {"en": "Asked of you", "nl": "Aan u gevraagd"},
    "web.play.requests_yours": {"en": "Your requests waiting for an answer", "nl": "Uw verzoeken die op antwoord wachten"},
    "web.play.answer_yes": {"en": "Yes, we join", "nl": "Ja, we doen mee"},
    "web.play.answer_no": {"en": "No", "nl": "Nee"},
    "web.play.reason": {"en": "Reason for a no", "nl": "Reden voor een nee"},
    "web.play.live": {"en": "Now, in this round", "nl": "Nu, in deze ronde"},
    "web.play.window_now": {"en": "Crisis window open now for: {topics}. The action 'seize the window' offers these topics.",
                            "nl": "Crisisvenster nu open voor: {topics}. De actie 'het venster benutten' biedt deze onderwerpen."},
    "web.play.waiting_answer": {"en": "Waiting for an answer", "nl": "Wacht op antwoord"},
    "web.fac.teams": {"en": "Teams", "nl": "Teams"},
    "web.fac.room_view": {"en": "Room view for the projector", "nl": "Zaalweergave voor de beamer"},
    "web.room.title": {"en": "Session {code}: the room", "nl": "Sessie {code}: de zaal"},
    "web.room.team": {"en": "Team {team}", "nl": "Team {team}"},
    "web.room.score": {"en": "Score", "nl": "Score"},
    "web.room.autopilot": {"en": "Autopilot", "nl": "Automatische piloot"},
    "web.room.difference": {"en": "Against the autopilot", "nl": "Tegen de automatische piloot"},
    "web.room.secured": {"en": "Health gap secured", "nl": "Gezondheidsachterstand veiliggesteld"},
    "web.room.network": {"en": "Trust and joint work between the ministries", "nl": "Vertrouwen en samenwerking tussen de ministeries"},
    "web.room.events": {"en": "Events", "nl": "Gebeurtenissen"},
    "web.room.not_started": {"en": "The game has not started yet.", "nl": "Het spel is nog niet begonnen."},
    "web.room.rounds": {"en": "Score after each round (team / autopilot)", "nl": "Score na elke ronde (team / automatische piloot)"},
    "web.room.legend": {"en": "Line width: trust between the officials; colour: the deepest joint work (grey: none).",
                        "nl": "Lijndikte: vertrouwen tussen de ambtenaren; kleur: de diepste samenwerking (grijs: geen)."},
}

__all__ = ["ROOM_WEB_CATALOGUE"]
