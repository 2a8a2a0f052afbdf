"""Text of the web app in English and Dutch.

The web pages take their own wording (navigation, buttons, the facilitator's controls, error messages of the
web layer) from :data:`WEB_CATALOGUE`; every game sentence (actions, fields, reasons, news, dashboard, debrief)
comes from the game's catalogue (:mod:`hiap_sim.game.text`), so the terminal and the browser say the same.
"""

from __future__ import annotations

from typing import Any

from hiap_sim.game.text import LANGUAGES, Text
from hiap_sim.text import fill

WEB_CATALOGUE: dict[str, dict[str, str]] = {
    # ------------------------------------------------------------------ navigation
    "web.title": {"en": "hiap-sim", "nl": "hiap-sim"},
    "web.tagline": {"en": "Cooperation on Health in All Policies between Dutch ministries and municipalities",
                    "nl": "Samenwerking aan gezondheid in al het beleid tussen ministeries en gemeenten"},
    "web.nav.home": {"en": "Home", "nl": "Start"},
    "web.nav.explorer": {"en": "Explorer", "nl": "Verkenner"},
    "web.nav.facilitate": {"en": "Run a session", "nl": "Sessie leiden"},
    "web.nav.join": {"en": "Join a session", "nl": "Deelnemen"},
    "web.lang": {"en": "Nederlands", "nl": "English"},
    "web.home.explorer": {"en": "Explore the model: choose a scenario, move the sliders, step through the months and watch the cooperation network change.",
                          "nl": "Verken het model: kies een scenario, verschuif de schuifjes, stap door de maanden en zie het samenwerkingsnetwerk veranderen."},
    "web.home.facilitate": {"en": "Run a training session: create it from a scenario, give the join code to the room, open and close the rounds, inject events and show the debrief.",
                            "nl": "Leid een trainingssessie: maak haar aan vanuit een scenario, geef de zaal de deelnamecode, open en sluit de rondes, breng gebeurtenissen in en toon de nabespreking."},
    "web.home.join": {"en": "Take part in a session: enter the code your trainer gives you and pick a role.",
                      "nl": "Doe mee aan een sessie: voer de code van uw trainer in en kies een rol."},
    # ------------------------------------------------------------------ explorer
    "web.explorer.title": {"en": "Explorer", "nl": "Verkenner"},
    "web.explorer.scenario": {"en": "Scenario", "nl": "Scenario"},
    "web.explorer.seed": {"en": "Seed", "nl": "Seed"},
    "web.explorer.knobs": {"en": "Headline knobs (applied on reset)", "nl": "Hoofdknoppen (gelden na opnieuw beginnen)"},
    "web.explorer.levers": {"en": "Levers (switch on or off at any moment)", "nl": "Maatregelen (op elk moment aan of uit)"},
    "web.explorer.run": {"en": "Run", "nl": "Start"},
    "web.explorer.stop": {"en": "Stop", "nl": "Stop"},
    "web.explorer.step": {"en": "Step one month", "nl": "Eén maand verder"},
    "web.explorer.year": {"en": "Step a year", "nl": "Een jaar verder"},
    "web.explorer.reset": {"en": "Reset", "nl": "Opnieuw"},
    "web.explorer.month": {"en": "Month", "nl": "Maand"},
    "web.explorer.of": {"en": "of", "nl": "van"},
    "web.explorer.step_time": {"en": "time per step", "nl": "tijd per stap"},
    "web.explorer.network": {"en": "Cooperation network of the ministries", "nl": "Samenwerkingsnetwerk van de ministeries"},
    "web.explorer.sectors": {"en": "Cooperation network of municipal sectors (mean over municipalities)",
                             "nl": "Samenwerkingsnetwerk van gemeentelijke sectoren (gemiddeld over gemeenten)"},
    "web.explorer.network_help": {"en": "Line width = trust between the officials of two organisations; colour = the deepest joint work between them.",
                                  "nl": "Lijndikte = vertrouwen tussen de ambtenaren van twee organisaties; kleur = het diepste gezamenlijke werk tussen hen."},
    "web.explorer.events": {"en": "Events", "nl": "Gebeurtenissen"},
    "web.explorer.finished": {"en": "The scenario's horizon is reached.", "nl": "Het einde van het scenario is bereikt."},
    "web.knob.urgency": {"en": "Urgency of health", "nl": "Urgentie van gezondheid"},
    "web.knob.trust": {"en": "Trust between departments", "nl": "Vertrouwen tussen departementen"},
    "web.knob.budget": {"en": "Budget for joint work", "nl": "Budget voor gezamenlijk werk"},
    "web.knob.political_commitment": {"en": "Political commitment", "nl": "Politieke betrokkenheid"},
    "web.level.0": {"en": "none", "nl": "geen"},
    "web.level.1": {"en": "ad hoc contact", "nl": "ad-hoccontact"},
    "web.level.2": {"en": "cooperation", "nl": "samenwerking"},
    "web.level.3": {"en": "coordination", "nl": "coördinatie"},
    "web.level.4": {"en": "integration", "nl": "integratie"},
    "web.chart.trust": {"en": "Trust", "nl": "Vertrouwen"},
    "web.chart.levels": {"en": "Department pairs by deepest joint work (%)", "nl": "Paren departementen naar diepste gezamenlijk werk (%)"},
    "web.chart.initiatives": {"en": "Joint initiatives", "nl": "Gezamenlijke initiatieven"},
    "web.chart.health": {"en": "Health gap closed (%)", "nl": "Gezondheidskloof gedicht (%)"},
    "web.chart.climate": {"en": "Urgency, commitment and HiaP index", "nl": "Urgentie, betrokkenheid en HiaP-index"},
    "web.chart.wins": {"en": "Small wins and proposals", "nl": "Kleine successen en voorstellen"},
    "web.chart.municipal": {"en": "Municipalities", "nl": "Gemeenten"},
    "web.metric.trust_cross": {"en": "across departments", "nl": "tussen departementen"},
    "web.metric.trust_coordinator": {"en": "with the coordinator", "nl": "met de coördinator"},
    "web.metric.level_share_2": {"en": "cooperation", "nl": "samenwerking"},
    "web.metric.level_share_3": {"en": "coordination", "nl": "coördinatie"},
    "web.metric.level_share_4": {"en": "integration", "nl": "integratie"},
    "web.metric.initiatives_active": {"en": "active", "nl": "actief"},
    "web.metric.initiatives_stalled": {"en": "stalled", "nl": "stilgevallen"},
    "web.metric.initiatives_completed": {"en": "completed", "nl": "afgerond"},
    "web.metric.initiatives_abandoned": {"en": "abandoned", "nl": "gestopt"},
    "web.metric.health_gap_reduction": {"en": "arrived", "nl": "bereikt"},
    "web.metric.health_gap_secured": {"en": "secured", "nl": "veiliggesteld"},
    "web.metric.urgency_mean": {"en": "urgency", "nl": "urgentie"},
    "web.metric.commitment_mean": {"en": "commitment", "nl": "betrokkenheid"},
    "web.metric.hiap_index": {"en": "HiaP index", "nl": "HiaP-index"},
    "web.metric.small_wins": {"en": "small wins", "nl": "kleine successen"},
    "web.metric.proposals": {"en": "proposals", "nl": "voorstellen"},
    "web.metric.municipal_collab_share": {"en": "officers working with public health", "nl": "ambtenaren die met publieke gezondheid werken"},
    "web.metric.municipal_maturity_mean": {"en": "maturity (stage / 5)", "nl": "volwassenheid (fase / 5)"},
    "web.metric.municipal_priority_share": {"en": "sectors prioritising inequalities", "nl": "sectoren met prioriteit voor gezondheidsverschillen"},
    # ------------------------------------------------------------------ facilitator: new session
    "web.new.title": {"en": "New training session", "nl": "Nieuwe trainingssessie"},
    "web.new.scenario": {"en": "Scenario", "nl": "Scenario"},
    "web.new.roles": {"en": "Roles offered to the players", "nl": "Rollen voor de spelers"},
    "web.new.roles_help": {"en": "Players pick one of these when they join; organisations nobody plays follow the model's own rules.",
                           "nl": "Spelers kiezen er bij deelname één; organisaties die niemand speelt volgen de regels van het model."},
    "web.new.seed": {"en": "Seed (empty: the scenario's)", "nl": "Seed (leeg: die van het scenario)"},
    "web.new.turns": {"en": "Rounds (empty: the scenario's)", "nl": "Rondes (leeg: die van het scenario)"},
    "web.new.months": {"en": "Months per round (empty: the scenario's)", "nl": "Maanden per ronde (leeg: die van het scenario)"},
    "web.new.lang": {"en": "Language of the game", "nl": "Taal van het spel"},
    "web.new.create": {"en": "Create session", "nl": "Sessie aanmaken"},
    "web.new.passphrase": {"en": "Facilitator passphrase", "nl": "Wachtwoord voor spelleiders"},
    "web.new.passphrase_help": {"en": "This server asks for the passphrase it was started with before it creates a session.",
                                "nl": "Deze server vraagt het wachtwoord waarmee hij is gestart voordat hij een sessie aanmaakt."},
    # ------------------------------------------------------------------ facilitator
    "web.fac.title": {"en": "Facilitator — session {code}", "nl": "Spelleider — sessie {code}"},
    "web.fac.join_code": {"en": "Join code", "nl": "Deelnamecode"},
    "web.fac.join_at": {"en": "Players join at", "nl": "Spelers doen mee via"},
    "web.fac.private_link": {"en": "Your facilitator link (keep it private; it lets you back in after closing the browser)",
                             "nl": "Uw spelleiderslink (houd die voor uzelf; daarmee komt u terug na het sluiten van de browser)"},
    "web.fac.players": {"en": "Players", "nl": "Spelers"},
    "web.fac.no_players": {"en": "Nobody has joined yet.", "nl": "Er heeft nog niemand meegedaan."},
    "web.fac.role": {"en": "role", "nl": "rol"},
    "web.fac.name": {"en": "name", "nl": "naam"},
    "web.fac.submitted": {"en": "submitted", "nl": "ingeleverd"},
    "web.fac.decisions": {"en": "decisions this round", "nl": "besluiten deze ronde"},
    "web.fac.rejoin": {"en": "rejoin link", "nl": "link om terug te komen"},
    "web.fac.free_roles": {"en": "Free roles", "nl": "Vrije rollen"},
    "web.fac.rounds": {"en": "Rounds", "nl": "Rondes"},
    "web.fac.timer": {"en": "Timer (minutes, 0 = none)", "nl": "Timer (minuten, 0 = geen)"},
    "web.fac.start": {"en": "Start the game: open round 1", "nl": "Start het spel: open ronde 1"},
    "web.fac.open": {"en": "Open round {round}", "nl": "Open ronde {round}"},
    "web.fac.close": {"en": "Close round {round} now", "nl": "Sluit ronde {round} nu"},
    "web.fac.pause": {"en": "Pause", "nl": "Pauzeer"},
    "web.fac.resume": {"en": "Resume", "nl": "Hervat"},
    "web.fac.events": {"en": "Inject an event", "nl": "Een gebeurtenis inbrengen"},
    "web.fac.crisis": {"en": "Crisis", "nl": "Crisis"},
    "web.fac.crisis_kind": {"en": "kind", "nl": "soort"},
    "web.fac.size": {"en": "size (0-1)", "nl": "omvang (0-1)"},
    "web.fac.departments": {"en": "departments (none ticked: by kind / all)", "nl": "departementen (niets aangevinkt: naar soort / alle)"},
    "web.fac.inject_crisis": {"en": "Start the crisis", "nl": "Start de crisis"},
    "web.fac.budget_cut": {"en": "Budget cut", "nl": "Bezuiniging"},
    "web.fac.fraction": {"en": "fraction cut (0-0.9)", "nl": "deel dat wordt gekort (0-0,9)"},
    "web.fac.inject_cut": {"en": "Cut the budgets", "nl": "Kort de budgetten"},
    "web.fac.election": {"en": "Early election", "nl": "Vervroegde verkiezingen"},
    "web.fac.inject_election": {"en": "The cabinet falls", "nl": "Het kabinet valt"},
    "web.fac.events_done": {"en": "Events injected", "nl": "Ingebrachte gebeurtenissen"},
    "web.fac.scores": {"en": "Score after each round", "nl": "Score na elke ronde"},
    "web.fac.round": {"en": "round", "nl": "ronde"},
    "web.fac.period": {"en": "period", "nl": "periode"},
    "web.fac.players_score": {"en": "players", "nl": "spelers"},
    "web.fac.show_debrief": {"en": "Show the debrief", "nl": "Toon de nabespreking"},
    "web.fac.last_news": {"en": "News of round {round}", "nl": "Nieuws van ronde {round}"},
    "web.fac.event_added": {"en": "Event injected: it is in the news at the end of this round.", "nl": "Gebeurtenis ingebracht: ze staat aan het eind van deze ronde in het nieuws."},
    # ------------------------------------------------------------------ states
    "web.state.lobby": {"en": "waiting for players", "nl": "wacht op spelers"},
    "web.state.open": {"en": "round {round} open", "nl": "ronde {round} open"},
    "web.state.closed": {"en": "round {round} closed", "nl": "ronde {round} gesloten"},
    "web.state.finished": {"en": "game over", "nl": "spel afgelopen"},
    "web.state.paused": {"en": "paused", "nl": "gepauzeerd"},
    "web.time_left": {"en": "time left", "nl": "resterende tijd"},
    "web.round_of": {"en": "Round {round} of {turns}", "nl": "Ronde {round} van {turns}"},
    "web.about": {"en": "{scenario}: {turns} {turns:round|rounds} of {months} {months:month|months}", "nl": "{scenario}: {turns} {turns:ronde|rondes} van {months} {months:maand|maanden}"},
    "web.period": {"en": "{start} to {end}", "nl": "{start} tot {end}"},
    # ------------------------------------------------------------------ join
    "web.join.title": {"en": "Join a session", "nl": "Deelnemen aan een sessie"},
    "web.join.code": {"en": "Session code", "nl": "Sessiecode"},
    "web.join.next": {"en": "Next", "nl": "Verder"},
    "web.join.name": {"en": "Your name", "nl": "Uw naam"},
    "web.join.pick": {"en": "Pick a free role", "nl": "Kies een vrije rol"},
    "web.join.taken": {"en": "taken", "nl": "bezet"},
    "web.join.take": {"en": "Take this role", "nl": "Neem deze rol"},
    "web.join.started": {"en": "This game has started; new players cannot join. If you played before, ask the facilitator for your rejoin link.",
                         "nl": "Dit spel is begonnen; nieuwe spelers kunnen niet meer instappen. Speelde u al mee, vraag de spelleider dan om uw link."},
    "web.join.no_free": {"en": "Every role is taken.", "nl": "Alle rollen zijn bezet."},
    # ------------------------------------------------------------------ player
    "web.play.title": {"en": "{role} — session {code}", "nl": "{role} — sessie {code}"},
    "web.play.your_role": {"en": "Your role", "nl": "Uw rol"},
    "web.play.waiting_start": {"en": "The facilitator has not started the game yet. This page updates by itself.",
                               "nl": "De spelleider is nog niet begonnen. Deze pagina werkt zichzelf bij."},
    "web.play.waiting_round": {"en": "Round {round} is closed. Read the news and the partner decisions; the facilitator opens the next round.",
                               "nl": "Ronde {round} is gesloten. Lees het nieuws en de besluiten van partners; de spelleider opent de volgende ronde."},
    "web.play.paused": {"en": "The facilitator has paused the game.", "nl": "De spelleider heeft het spel gepauzeerd."},
    "web.play.submitted": {"en": "You have submitted your decisions for round {round}. Waiting for the other players or the timer.",
                           "nl": "U heeft uw besluiten voor ronde {round} ingeleverd. Wachten op de andere spelers of de timer."},
    "web.play.finished": {"en": "The game is over.", "nl": "Het spel is afgelopen."},
    "web.play.decide": {"en": "Take a decision", "nl": "Neem een besluit"},
    "web.play.action": {"en": "action", "nl": "actie"},
    "web.play.choose": {"en": "— choose —", "nl": "— kies —"},
    "web.play.default": {"en": "(your default)", "nl": "(uw standaard)"},
    "web.play.do": {"en": "Take this decision", "nl": "Neem dit besluit"},
    "web.play.submit": {"en": "Submit my decisions for this round", "nl": "Lever mijn besluiten voor deze ronde in"},
    "web.play.submit_confirm": {"en": "Submit? You cannot take more decisions this round.", "nl": "Inleveren? U kunt deze ronde geen besluiten meer nemen."},
    "web.play.this_round": {"en": "Your decisions this round and the answers", "nl": "Uw besluiten deze ronde en de antwoorden"},
    "web.play.none_yet": {"en": "No decisions yet this round.", "nl": "Nog geen besluiten deze ronde."},
    "web.play.last_round": {"en": "What happened in round {round} ({start} to {end})", "nl": "Wat er gebeurde in ronde {round} ({start} tot {end})"},
    "web.play.cost": {"en": "cost", "nl": "kosten"},
    "web.play.free": {"en": "Free now", "nl": "Nu vrij"},
    "web.play.no_initiatives": {"en": "You take part in no joint work yet.", "nl": "U doet nog aan geen gezamenlijk werk mee."},
    "web.play.done": {"en": "Done.", "nl": "Gedaan."},
    "web.play.debrief": {"en": "See the debrief", "nl": "Bekijk de nabespreking"},
    # ------------------------------------------------------------------ debrief
    "web.debrief.title": {"en": "Debrief — session {code}", "nl": "Nabespreking — sessie {code}"},
    "web.debrief.not_yet": {"en": "The debrief is available once the first round has closed.", "nl": "De nabespreking is er zodra de eerste ronde gesloten is."},
    "web.debrief.events": {"en": "Events the facilitator injected", "nl": "Gebeurtenissen ingebracht door de spelleider"},
    # ------------------------------------------------------------------ events (facilitator log)
    "web.event.crisis": {"en": "crisis: {crisis}, size {size:.2f}{where}", "nl": "crisis: {crisis}, omvang {size:.2f}{where}"},
    "web.event.budget_cut": {"en": "budget cut of {fraction:.0%} for {departments}", "nl": "bezuiniging van {fraction:.0%} voor {departments}"},
    "web.event.election": {"en": "early election: the cabinet falls", "nl": "vervroegde verkiezingen: het kabinet valt"},
    "web.event.all": {"en": "all departments", "nl": "alle departementen"},
    "web.event.turn": {"en": "round {turn}", "nl": "ronde {turn}"},
    # ------------------------------------------------------------------ errors
    "web.err.title": {"en": "Something is not right", "nl": "Er klopt iets niet"},
    "web.err.back": {"en": "Back to the start page", "nl": "Terug naar de startpagina"},
    "web.err.no_session": {"en": "There is no session with the code '{code}'. Check the code with your facilitator.",
                           "nl": "Er is geen sessie met de code '{code}'. Controleer de code bij uw spelleider."},
    "web.err.not_facilitator": {"en": "Only the facilitator of session {code} can do this; your token is not the facilitator's.",
                                "nl": "Alleen de spelleider van sessie {code} kan dit; uw sleutel is niet die van de spelleider."},
    "web.err.no_token": {"en": "This needs a token: open the page through your join or facilitator link.",
                         "nl": "Hiervoor is een sleutel nodig: open de pagina via uw deelname- of spelleiderslink."},
    "web.err.not_player": {"en": "This token does not belong to a player of session {code}. Join the session first, or open your rejoin link.",
                           "nl": "Deze sleutel hoort niet bij een speler van sessie {code}. Doe eerst mee, of open uw link om terug te komen."},
    "web.err.wrong_role": {"en": "Your token holds the role {held}; you cannot act for {asked}.",
                           "nl": "Uw sleutel hoort bij de rol {held}; u kunt niet handelen namens {asked}."},
    "web.err.role_taken": {"en": "The role {role} is already taken; pick a free one.", "nl": "De rol {role} is al bezet; kies een vrije."},
    "web.err.role_unknown": {"en": "'{role}' is not a role in this session; roles: {known}.", "nl": "'{role}' is geen rol in deze sessie; rollen: {known}."},
    "web.err.started": {"en": "The game has started: new players cannot join any more.", "nl": "Het spel is begonnen: nieuwe spelers kunnen niet meer instappen."},
    "web.err.no_players": {"en": "Nobody has joined yet: a round needs at least one player.", "nl": "Er doet nog niemand mee: een ronde heeft minstens één speler nodig."},
    "web.err.round_not_open": {"en": "No round is open right now; wait for the facilitator to open the next one.",
                               "nl": "Er is nu geen ronde open; wacht tot de spelleider de volgende opent."},
    "web.err.round_open": {"en": "Round {round} is still open; close it first.", "nl": "Ronde {round} is nog open; sluit die eerst."},
    "web.err.paused": {"en": "The game is paused; wait until the facilitator resumes it.", "nl": "Het spel is gepauzeerd; wacht tot de spelleider het hervat."},
    "web.err.not_paused": {"en": "The game is not paused.", "nl": "Het spel is niet gepauzeerd."},
    "web.err.already_submitted": {"en": "You have already submitted your decisions for round {round}.", "nl": "U heeft uw besluiten voor ronde {round} al ingeleverd."},
    "web.err.finished": {"en": "The game is over; see the debrief.", "nl": "Het spel is voorbij; bekijk de nabespreking."},
    "web.err.not_started": {"en": "The game has not started yet.", "nl": "Het spel is nog niet begonnen."},
    "web.err.unknown_department": {"en": "'{found}' is not a department here; choose from: {known}.", "nl": "'{found}' is hier geen departement; kies uit: {known}."},
    "web.err.unknown_crisis": {"en": "'{found}' is not a kind of crisis; choose one of: {known}.", "nl": "'{found}' is geen soort crisis; kies een van: {known}."},
    "web.err.event_fields": {"en": "A {kind} event does not take {fields}.", "nl": "Een gebeurtenis '{kind}' kent {fields} niet."},
    "web.err.scenario": {"en": "Scenario problem: {message}", "nl": "Probleem met het scenario: {message}"},
    "web.err.game": {"en": "The game cannot be set up: {message}", "nl": "Het spel kan niet worden opgezet: {message}"},
    "web.err.no_roles": {"en": "Offer at least one role.", "nl": "Bied minstens één rol aan."},
    "web.err.no_run": {"en": "This exploration is no longer on the server (it was restarted or the run was cleared); press Reset.",
                       "nl": "Deze verkenning staat niet meer op de server (die is herstart of de run is opgeruimd); druk op Opnieuw."},
    "web.err.unknown_lever": {"en": "'{found}' is not a lever; choose one of: {known}.", "nl": "'{found}' is geen maatregel; kies een van: {known}."},
    "web.err.request": {"en": "The request is not valid: {message}", "nl": "Het verzoek is niet geldig: {message}"},
    "web.err.not_found": {"en": "There is no page at this address.", "nl": "Op dit adres staat geen pagina."},
    "web.err.internal": {"en": "The server ran into an error ({message}); the session is kept. Try again, or tell the facilitator.",
                         "nl": "De server liep tegen een fout aan ({message}); de sessie blijft bewaard. Probeer het opnieuw, of meld het de spelleider."},
    "web.err.passphrase": {"en": "The facilitator passphrase is not right: ask whoever started the server for it.",
                           "nl": "Het wachtwoord voor spelleiders klopt niet: vraag het aan wie de server heeft gestart."},
    "web.err.too_many_guesses": {"en": "Too many wrong session codes or passphrases from this computer; try again in {seconds} s.",
                                 "nl": "Te veel verkeerde sessiecodes of wachtwoorden vanaf deze computer; probeer het over {seconds} s opnieuw."},
    "web.err.too_many_sessions": {"en": "This computer has created the most sessions allowed for now; try again in {seconds} s.",
                                  "nl": "Deze computer heeft voorlopig het maximum aantal sessies aangemaakt; probeer het over {seconds} s opnieuw."},
    "web.err.explorer_busy": {"en": "The explorer has used its share of the server's time for this computer; try again in {seconds} s.",
                              "nl": "De verkenner heeft het deel van de servertijd voor deze computer opgebruikt; probeer het over {seconds} s opnieuw."},
    "web.err.too_large": {"en": "The request is too large: at most {limit} bytes.", "nl": "Het verzoek is te groot: hoogstens {limit} bytes."},
    "web.err.bad_length": {"en": "The request's Content-Length is not a number of bytes (the limit is {limit}).",
                           "nl": "De Content-Length van het verzoek is geen aantal bytes (de grens is {limit})."},
    "web.err.replay": {"en": "Session {code} no longer replays to its saved result (the model changed since it was played): {message}",
                       "nl": "Sessie {code} geeft bij herhalen niet meer het bewaarde resultaat (het model is veranderd sinds het spel): {message}"},
}


class WebText:
    """Messages of the web app in one language; falls back to the game's catalogue for game wording."""

    def __init__(self, lang: str = "en") -> None:
        self.lang = lang if lang in LANGUAGES else "en"
        self.game = Text(self.lang)

    def __call__(self, key: str, **values: Any) -> str:
        entry = WEB_CATALOGUE.get(key)
        if entry is None:
            return self.game(key, **values)
        return fill(entry[self.lang], values) if values else entry[self.lang]

    def has(self, key: str) -> bool:
        return key in WEB_CATALOGUE or self.game.has(key)


def pick_language(cookie: str | None, accept: str | None = None) -> str:
    """The language from the user's choice (cookie), else the browser's preference, else English."""
    if cookie in LANGUAGES:
        return str(cookie)
    if accept and accept.lower().startswith("nl"):
        return "nl"
    return "en"


__all__ = ["LANGUAGES", "WEB_CATALOGUE", "WebText", "pick_language"]
