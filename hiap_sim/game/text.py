"""All game text in English and Dutch: one catalogue, keyed by message, with ``{name}`` placeholders.

The engine, the terminal interface and the debrief take every sentence from here, so a web front end can
reuse the same wording. ``Text(lang)(key, **values)`` fills a message in; names of topics, themes,
departments, levers and reasons have their own keys and fall back to the scenario's names.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from hiap_sim.game.text_room import ROOM_CATALOGUE
from hiap_sim.text import LANGUAGES, fill, number
from hiap_sim.text import render as render_event

if TYPE_CHECKING:
    from hiap_sim.control import Event

CATALOGUE: dict[str, dict[str, str]] = {
    # ------------------------------------------------------------------ roles
    "role.programme_director": {"en": "HiaP programme director of {org}", "nl": "programmadirecteur HiaP bij {org}"},
    "role.dg": {"en": "Director-general at {org}", "nl": "directeur-generaal bij {org}"},
    "role.health_officer": {"en": "Public health officer of {org}", "nl": "beleidsmedewerker publieke gezondheid van {org}"},
    "role.alderman": {"en": "Alderman for health of {org}", "nl": "wethouder gezondheid van {org}"},
    "role.brief.programme_director": {
        "en": "You lead the HiaP programme at {org}. Win other ministries over to joint work on the determinants of health: "
              "build relations, frame proposals in their terms, choose your ambition per topic, seek political cover and seize crises.",
        "nl": "U leidt het HiaP-programma bij {org}. Win andere ministeries voor gezamenlijk werk aan de determinanten van gezondheid: "
              "bouw relaties, breng voorstellen in hun termen, kies per onderwerp uw ambitie, zoek politieke dekking en benut crises.",
    },
    "role.brief.dg": {
        "en": "You are a DG at {org}. Health is not your core business, but it serves your goals. Decide which proposals you join, "
              "start joint work of your own, and keep your minister on board.",
        "nl": "U bent DG bij {org}. Gezondheid is niet uw kerntaak, maar het dient uw doelen. Bepaal bij welke voorstellen u aansluit, "
              "start zelf gezamenlijk werk en houd uw minister aan boord.",
    },
    "role.brief.health_officer": {
        "en": "You are the public health officer of {org}. Win the other sectors of the town hall (youth, housing, sport, social affairs, ...) "
              "over to joint work on health inequalities: build relations, frame proposals in their terms, choose level, approach and funding, "
              "commission local evidence from the GGD and ask the alderman for backing.",
        "nl": "U bent beleidsmedewerker publieke gezondheid van {org}. Win de andere sectoren in het gemeentehuis (jeugd, wonen, sport, sociale zaken, ...) "
              "voor gezamenlijk werk aan gezondheidsverschillen: bouw relaties, breng voorstellen in hun termen, kies niveau, aanpak en financiering, "
              "laat lokale onderbouwing maken door de GGD en vraag de wethouder om steun.",
    },
    "role.brief.alderman": {
        "en": "You are the alderman for health of {org}. Your support makes the difference for the officials: back their joint work in the college, "
              "take a local health policy note and structural money to the council, and make small wins visible.",
        "nl": "U bent wethouder gezondheid van {org}. Uw steun maakt het verschil voor de ambtenaren: steun hun gezamenlijk werk in het college, "
              "breng een lokale nota gezondheidsbeleid en structureel geld naar de raad, en maak kleine successen zichtbaar.",
    },
    # ------------------------------------------------------------------ actions
    "action.invest_relation": {"en": "Invest in a relationship", "nl": "Investeren in een relatie"},
    "action.propose": {"en": "Propose joint work", "nl": "Gezamenlijk werk voorstellen"},
    "action.seize_window": {"en": "Seize a crisis window", "nl": "Een crisisvenster benutten"},
    "action.invite": {"en": "Invite a partner to joint work", "nl": "Een partner uitnodigen voor gezamenlijk werk"},
    "action.reinforce": {"en": "Invest staff and money in joint work", "nl": "Mensen en geld in gezamenlijk werk steken"},
    "action.escalate": {"en": "Raise the level of joint work", "nl": "Het niveau van gezamenlijk werk verhogen"},
    "action.scale_down": {"en": "Scale joint work down a level", "nl": "Gezamenlijk werk een niveau afschalen"},
    "action.end": {"en": "End or leave joint work", "nl": "Gezamenlijk werk beëindigen of verlaten"},
    "action.publicise": {"en": "Publicise small wins", "nl": "Kleine successen zichtbaar maken"},
    "action.commission_evidence": {"en": "Commission evidence (cost-benefit analysis)", "nl": "Onderbouwing laten maken (MKBA)"},
    "action.shared_narrative": {"en": "Build a shared narrative", "nl": "Een gedeeld verhaal bouwen"},
    "action.political_cover": {"en": "Seek political cover (your minister, or the college of the municipality)", "nl": "Politieke dekking zoeken (bij uw minister, of bij het college van de gemeente)"},
    "action.propose_lever": {"en": "Propose a structural lever to the cabinet", "nl": "Een structurele maatregel voorstellen aan het kabinet"},
    "action.set_strategy": {"en": "Set your strategy (topics, time split, defaults)", "nl": "Uw strategie bepalen (onderwerpen, tijdsverdeling, standaarden)"},
    "action.set_answer_policy": {"en": "Decide how you answer proposals", "nl": "Bepalen hoe u op voorstellen reageert"},
    "action.policy_note": {"en": "Put a local health policy note to the council", "nl": "Een lokale nota gezondheidsbeleid aan de raad voorleggen"},
    "action.local_budget": {"en": "Ask the council for structural money for joint health work", "nl": "De raad om structureel geld voor gezamenlijk gezondheidswerk vragen"},
    "help.policy_note": {"en": "Adopted (more likely with strong college support), its topics rise on the local agenda, support is anchored and the note is the shared vision of stage 4 'Beleid'.",
                         "nl": "Aangenomen (kansrijker met sterke steun van het college) stijgen de onderwerpen op de lokale agenda, wordt steun verankerd en is de nota de gedeelde visie van fase 4 'Beleid'."},
    "help.local_budget": {"en": "Structural money earmarked by the council: a larger budget for joint work, and project-funded work gets structural follow-up more often.",
                          "nl": "Structureel geld dat de raad oormerkt: meer budget voor gezamenlijk werk, en projectwerk krijgt vaker structureel vervolg."},
    "help.invest_relation": {
        "en": "Three of your officials meet their counterparts about weekly for the coming turn; trust grows, and so do proposals from them.",
        "nl": "Drie van uw ambtenaren spreken hun tegenhangers komende ronde ongeveer wekelijks; het vertrouwen groeit, en daarmee hun voorstellen.",
    },
    "help.propose": {
        "en": "Choose topic, partners, level, ambition, frame (HfaP: health serves their goals), approach and funding; they answer at once.",
        "nl": "Kies onderwerp, partners, niveau, ambitie, framing (HfaP: gezondheid dient hun doelen), aanpak en financiering; zij antwoorden direct.",
    },
    "help.seize_window": {
        "en": "A crisis has opened a window on related topics: partners touched by it take up proposals more readily.",
        "nl": "Een crisis heeft een venster geopend voor verwante onderwerpen: geraakte partners pakken voorstellen eerder op.",
    },
    "help.invite": {"en": "Ask one more organisation to join joint work you lead.", "nl": "Vraag nog een organisatie aan te sluiten bij werk dat u trekt."},
    "help.reinforce": {"en": "Extra staff and money for one turn: the work progresses faster.", "nl": "Een ronde extra mensen en geld: het werk vordert sneller."},
    "help.escalate": {
        "en": "Ask the partners to move one level up the ladder (coordination, integration); it pays off only when trust and the topic warrant it.",
        "nl": "Vraag de partners een trede hoger op de ladder (coördinatie, integratie); dat loont alleen als vertrouwen en onderwerp het rechtvaardigen.",
    },
    "help.scale_down": {"en": "Lower the level: less cost and formality, less shared yield.", "nl": "Verlaag het niveau: minder kosten en formaliteit, minder gezamenlijke opbrengst."},
    "help.end": {"en": "As lead you end the work; as partner you leave it (a broken commitment costs trust).",
                 "nl": "Als trekker beëindigt u het werk; als partner stapt u eruit (een gebroken toezegging kost vertrouwen)."},
    "help.publicise": {"en": "Make new small wins visible: ministers and officials involved gain commitment and awareness.",
                       "nl": "Maak nieuwe kleine successen zichtbaar: betrokken ministers en ambtenaren winnen aan betrokkenheid en bewustzijn."},
    "help.commission_evidence": {"en": "A social cost-benefit analysis; after some months every partner weighs the quantified gains.",
                                 "nl": "Een maatschappelijke kosten-batenanalyse; na enkele maanden wegen alle partners de becijferde baten mee."},
    "help.shared_narrative": {"en": "A story of urgency that sets the agenda across government: urgency rises everywhere.",
                              "nl": "Een verhaal over urgentie dat de agenda zet in de hele rijksoverheid: de urgentie stijgt overal."},
    "help.political_cover": {"en": "Ask your minister to back your joint work visibly; more likely when health feels urgent.",
                             "nl": "Vraag uw minister uw gezamenlijk werk zichtbaar te steunen; kansrijker als gezondheid urgent voelt."},
    "help.propose_lever": {"en": "Coordinating minister, envoy, programme directorate, regional budget, rotation or a legal duty; the cabinet decides.",
                           "nl": "Coördinerend minister, gezant, programmadirectie, regionaal budget, roulatie of een wettelijke plicht; het kabinet beslist."},
    "help.set_strategy": {"en": "Focus topics, share of staff time on relations, and your default ambition, frame, approach and funding.",
                          "nl": "Focusonderwerpen, deel van de tijd voor relaties, en uw standaard ambitie, framing, aanpak en financiering."},
    "help.set_answer_policy": {"en": "rule: your officials weigh each proposal as the model does; focus: join only your focus topics; open: join whatever you can staff.",
                               "nl": "afwegen: uw ambtenaren wegen elk voorstel zoals het model; focus: alleen aansluiten bij uw focusonderwerpen; open: aansluiten waar u mensen voor hebt."},
    # ------------------------------------------------------------------ fields and choices
    "field.partner": {"en": "partner organisation", "nl": "partnerorganisatie"},
    "field.partners": {"en": "partner organisations", "nl": "partnerorganisaties"},
    "field.topic": {"en": "topic", "nl": "onderwerp"},
    "field.focus_topics": {"en": "focus topics", "nl": "focusonderwerpen"},
    "field.topics": {"en": "topics of the note", "nl": "onderwerpen van de nota"},
    "field.level": {"en": "level to start at", "nl": "startniveau"},
    "field.ambition": {"en": "ambition", "nl": "ambitie"},
    "field.frame": {"en": "frame", "nl": "framing"},
    "field.approach": {"en": "approach", "nl": "aanpak"},
    "field.funding": {"en": "funding", "nl": "financiering"},
    "field.initiative": {"en": "joint work", "nl": "gezamenlijk werk"},
    "field.lever": {"en": "structural lever", "nl": "structurele maatregel"},
    "field.relation_share": {"en": "share of staff time on relations (0.1-0.9)", "nl": "deel van de tijd voor relaties (0,1-0,9)"},
    "field.policy": {"en": "answer policy", "nl": "reactiebeleid"},
    "choice.HfaP": {"en": "HfaP — health serves the partner's own goals", "nl": "HfaP — gezondheid dient de eigen doelen van de partner"},
    "choice.HiaP": {"en": "HiaP — ask the partner to serve health", "nl": "HiaP — vraag de partner gezondheid te dienen"},
    "choice.small_wins": {"en": "small wins — frequent visible results", "nl": "kleine successen — vaak zichtbare resultaten"},
    "choice.area": {"en": "area-based — concrete cases", "nl": "gebiedsgericht — concrete casussen"},
    "choice.system": {"en": "system change — change the rules (slow, large payoff)", "nl": "systeemverandering — regels veranderen (traag, grote opbrengst)"},
    "choice.structural": {"en": "structural money", "nl": "structureel geld"},
    "choice.project": {"en": "project money (ends after two years)", "nl": "projectgeld (stopt na twee jaar)"},
    "choice.population": {"en": "population-based / revolving fund", "nl": "populatiebekostiging / revolverend fonds"},
    "choice.inform": {"en": "inform (level 2)", "nl": "informeren (niveau 2)"},
    "choice.coordinate": {"en": "coordinate (level 3)", "nl": "coördineren (niveau 3)"},
    "choice.integrate": {"en": "integrate (level 4)", "nl": "integreren (niveau 4)"},
    "choice.rule": {"en": "rule — weigh each proposal", "nl": "afwegen — elk voorstel afwegen zoals het model"},
    "choice.focus": {"en": "focus — only your focus topics", "nl": "focus — alleen uw focusonderwerpen"},
    "choice.open": {"en": "open — join whatever you can staff", "nl": "open — aansluiten waar u mensen voor hebt"},
    "level.1": {"en": "ad hoc", "nl": "ad hoc"},
    "level.2": {"en": "cooperation", "nl": "samenwerking"},
    "level.3": {"en": "coordination", "nl": "coördinatie"},
    "level.4": {"en": "integration", "nl": "integratie"},
    "lever.coordinating_minister": {"en": "coordinating minister for health", "nl": "coördinerend minister voor gezondheid"},
    "lever.government_envoy": {"en": "government envoy for health", "nl": "regeringsgezant voor gezondheid"},
    "lever.programme_directorate": {"en": "programme directorate", "nl": "programmadirectie"},
    "lever.working_group": {"en": "interdepartmental working group", "nl": "interdepartementale werkgroep"},
    "lever.legal_duty": {"en": "legal duty to screen policy for health", "nl": "wettelijke plicht tot gezondheidstoets"},
    "lever.financing": {"en": "financing model", "nl": "financieringsmodel"},
    "lever.shared_narrative": {"en": "shared narrative", "nl": "gedeeld verhaal"},
    "lever.quantification": {"en": "quantified evidence (cost-benefit)", "nl": "becijferde onderbouwing (MKBA)"},
    "lever.rotation_programme": {"en": "rotation programme", "nl": "roulatieprogramma"},
    "lever.regional_budget": {"en": "structural regional budgets", "nl": "structurele regionale budgetten"},
    # ------------------------------------------------------------------ reasons, hints, why things ended
    "reason.no_fit": {"en": "no gain for its own goals", "nl": "geen winst voor de eigen doelen"},
    "reason.low_trust": {"en": "does not know you well enough yet (low trust)", "nl": "kent u nog te weinig (weinig vertrouwen)"},
    "reason.no_urgency": {"en": "does not feel the urgency", "nl": "voelt de urgentie niet"},
    "reason.no_political_cover": {"en": "its minister does not back it (no political cover)", "nl": "de eigen minister staat er niet achter (geen politieke dekking)"},
    "reason.no_capacity": {"en": "no staff free (capacity full)", "nl": "geen mensen vrij (capaciteit vol)"},
    "reason.no_budget": {"en": "no money for it", "nl": "geen geld voor"},
    "reason.autonomy": {"en": "does not want to give up control at this level", "nl": "wil op dit niveau geen zeggenschap inleveren"},
    "reason.silo": {"en": "keeps to its own dossiers (silo)", "nl": "blijft bij de eigen dossiers (verkokering)"},
    "hint.no_fit_hiap": {"en": "try framing it as {goal} (HfaP: health as a means to {partner}'s own goals)",
                         "nl": "probeer het te brengen als {goal} (HfaP: gezondheid als middel voor de eigen doelen van {partner})"},
    "hint.no_fit_hfap": {"en": "the topic is far from its goals; {topic} fits {partner} better", "nl": "het onderwerp ligt ver van de eigen doelen; {topic} past beter bij {partner}"},
    "hint.no_fit_none": {"en": "{partner} has no stake in this topic: ask partners whose goals it serves, or offer {partner} {topic}",
                         "nl": "{partner} heeft geen belang bij dit onderwerp: vraag partners wier doelen het dient, of bied {partner} {topic} aan"},
    "hint.low_trust": {"en": "invest in the relationship with {partner} for a turn or two, then ask again",
                       "nl": "investeer een of twee rondes in de relatie met {partner} en vraag het dan opnieuw"},
    "hint.no_urgency": {"en": "seize a crisis window, commission evidence or build a shared narrative to raise urgency",
                        "nl": "benut een crisisvenster, laat een MKBA maken of bouw een gedeeld verhaal om de urgentie te verhogen"},
    "hint.no_political_cover": {"en": "{partner}'s minister is lukewarm: publicise small wins, seek cover, or propose a coordinating minister",
                                "nl": "de minister van {partner} is lauw: maak kleine successen zichtbaar, zoek dekking of stel een coördinerend minister voor"},
    "hint.no_capacity": {"en": "{partner}'s staff are fully committed: ask later, or at a lower level",
                         "nl": "de mensen van {partner} zitten vol: vraag het later, of op een lager niveau"},
    "hint.no_budget": {"en": "money is short: ask at a lower level (cooperation costs least)", "nl": "het geld is krap: vraag op een lager niveau (samenwerking kost het minst)"},
    "hint.autonomy": {"en": "level {level} costs it too much control: start at cooperation (level 2) and raise it when trust is there",
                      "nl": "niveau {level} kost te veel zeggenschap: begin met samenwerking (niveau 2) en verhoog als het vertrouwen er is"},
    "hint.silo": {"en": "{partner} keeps to its own dossiers: build ties with its officials; a shared narrative or a coordinating minister lowers the walls",
                  "nl": "{partner} blijft bij de eigen dossiers: bouw banden met de ambtenaren; een gedeeld verhaal of coördinerend minister verlaagt de schotten"},
    "why.coordinator_left": {"en": "its coordinator left and nobody took over", "nl": "de trekker vertrok en niemand nam het over"},
    "why.funding_ended": {"en": "the project money ran out", "nl": "het projectgeld was op"},
    "why.legal_barrier": {"en": "it hit a legal barrier", "nl": "het liep vast op een juridische barrière"},
    "why.election": {"en": "a partner's new minister pulled out", "nl": "de nieuwe minister van een partner trok zich terug"},
    "why.faded": {"en": "participation faded without formal agreements", "nl": "de deelname verwaterde zonder formele afspraken"},
    "why.formality": {"en": "it became a formality ahead of trust", "nl": "het werd plichtpleging, vóór het vertrouwen er was"},
    "why.opposing_interests": {"en": "the partners' interests clashed", "nl": "de belangen van de partners botsten"},
    "why.goal_met": {"en": "its goal was met", "nl": "het doel is bereikt"},
    "why.ended_by_lead": {"en": "the lead ended it", "nl": "de trekker heeft het beëindigd"},
    "why.withdrawn": {"en": "it withdrew", "nl": "het trok zich terug"},
    "why.reorganisation": {"en": "a reorganisation", "nl": "een reorganisatie"},
    "why.overload": {"en": "more joint work than staff to carry it", "nl": "meer gezamenlijk werk dan mensen om het te dragen"},
    "phase.preparing": {"en": "preparing", "nl": "voorbereiding"},
    "phase.building": {"en": "building", "nl": "opbouw"},
    "phase.formalised": {"en": "formalised", "nl": "geformaliseerd"},
    "phase.implementing": {"en": "implementing", "nl": "uitvoering"},
    "phase.completed": {"en": "completed", "nl": "afgerond"},
    "phase.stalled": {"en": "stalled", "nl": "stilgevallen"},
    "phase.abandoned": {"en": "abandoned", "nl": "gestopt"},
    "cause.scheduled": {"en": "elections", "nl": "verkiezingen"},
    "cause.regular": {"en": "end of term", "nl": "einde kabinetsperiode"},
    "cause.early fall": {"en": "the cabinet fell", "nl": "het kabinet viel"},
    "crisis.industrial_pollution": {"en": "industrial pollution", "nl": "industriële vervuiling"},
    "crisis.pfas": {"en": "PFAS", "nl": "PFAS"},
    "crisis.gas_extraction": {"en": "gas extraction", "nl": "gaswinning"},
    "crisis.pandemic": {"en": "pandemic", "nl": "pandemie"},
    "crisis.economic": {"en": "economic crisis", "nl": "economische crisis"},
    "crisis.other": {"en": "public health", "nl": "volksgezondheid"},
    # ------------------------------------------------------------------ results of actions
    "result.invest_relation": {"en": "{pairs} of your officials will meet {pairs:a counterpart|their counterparts} at {partner} about weekly for {months} {months:month|months}.",
                               "nl": "{pairs} van uw ambtenaren {pairs:spreekt een tegenhanger|spreken hun tegenhangers} bij {partner} {months} {months:maand|maanden} lang ongeveer wekelijks."},
    "result.propose_yes": {"en": "Joint work #{initiative} on {topic} starts at level {level} with {partners} (proposed by one of your {rank}).",
                           "nl": "Gezamenlijk werk #{initiative} over {topic} start op niveau {level} met {partners} (voorgesteld door een van uw {rank})."},
    "result.propose_no": {"en": "Nobody joined your proposal on {topic}.", "nl": "Niemand sloot aan bij uw voorstel over {topic}."},
    "result.invite_yes": {"en": "{partner} joins #{initiative}.", "nl": "{partner} sluit aan bij #{initiative}."},
    "result.invite_no": {"en": "{partner} does not join #{initiative}.", "nl": "{partner} sluit niet aan bij #{initiative}."},
    "result.reinforce": {"en": "#{initiative} gets extra staff and money for {months} {months:month|months}.", "nl": "#{initiative} krijgt {months} {months:maand|maanden} extra mensen en geld."},
    "result.escalate_yes": {"en": "#{initiative} moves up to level {level}.", "nl": "#{initiative} gaat naar niveau {level}."},
    "result.escalate_no": {"en": "Most partners of #{initiative} do not want level {level} yet.", "nl": "De meeste partners van #{initiative} willen nog geen niveau {level}."},
    "result.scale_down": {"en": "#{initiative} now works at level {level}.", "nl": "#{initiative} werkt nu op niveau {level}."},
    "result.end_lead": {"en": "You ended #{initiative}.", "nl": "U heeft #{initiative} beëindigd."},
    "result.end_partner": {"en": "You left #{initiative}; the others will remember.", "nl": "U bent uit #{initiative} gestapt; de anderen onthouden dat."},
    "result.publicise": {"en": "{wins} small {wins:win|wins} of #{initiative} made public.", "nl": "{wins} {wins:klein succes|kleine successen} van #{initiative} zichtbaar gemaakt."},
    "result.evidence": {"en": "A cost-benefit analysis is under way; it counts from {date}.", "nl": "Een MKBA is in de maak; die telt mee vanaf {date}."},
    "result.narrative": {"en": "A shared narrative of urgency now frames the agenda.", "nl": "Een gedeeld verhaal over urgentie zet nu de agenda."},
    "result.cover_yes": {"en": "Your minister backs your work in public (commitment now {commitment:.2f}).", "nl": "Uw minister steunt uw werk publiekelijk (betrokkenheid nu {commitment:.2f})."},
    "result.cover_no": {"en": "Your minister will not stick their neck out now (commitment {commitment:.2f}).", "nl": "Uw minister steekt nu de nek niet uit (betrokkenheid {commitment:.2f})."},
    "result.lever_yes": {"en": "The cabinet adopts a {lever}; it starts in {date}.", "nl": "Het kabinet neemt een {lever} aan; die start in {date}."},
    "result.lever_no": {"en": "The cabinet does not adopt a {lever} now.", "nl": "Het kabinet neemt nu geen {lever} aan."},
    "result.strategy": {"en": "Strategy updated.", "nl": "Strategie bijgewerkt."},
    "result.local_publicise": {"en": "{wins} small {wins:win|wins} of #{initiative} made public; alderman support now {support:.2f}.",
                               "nl": "{wins} {wins:klein succes|kleine successen} van #{initiative} zichtbaar gemaakt; steun van de wethouder nu {support:.2f}."},
    "result.local_evidence": {"en": "The GGD prepares a local analysis; sectors weigh it from {date}.", "nl": "De GGD maakt een lokale analyse; sectoren wegen die mee vanaf {date}."},
    "result.local_cover_yes": {"en": "The college backs the joint health work in public (support now {support:.2f}).",
                               "nl": "Het college steunt het gezamenlijke gezondheidswerk publiekelijk (steun nu {support:.2f})."},
    "result.local_cover_no": {"en": "The college will not commit itself now (support {support:.2f}).", "nl": "Het college legt zich nu niet vast (steun {support:.2f})."},
    "result.note_yes": {"en": "The council adopts the local health policy note on {topics}.", "nl": "De raad stelt de lokale nota gezondheidsbeleid over {topics} vast."},
    "result.note_no": {"en": "The council does not adopt the health policy note now.", "nl": "De raad stelt de nota gezondheidsbeleid nu niet vast."},
    "result.budget_yes": {"en": "The council earmarks {amount:.0f} k EUR a year for joint health work.", "nl": "De raad oormerkt {amount:.0f} k euro per jaar voor gezamenlijk gezondheidswerk."},
    "result.budget_no": {"en": "The council does not earmark structural money now.", "nl": "De raad oormerkt nu geen structureel geld."},
    "result.council_why": {
        "en": "The council's chance of a yes was {chance:.0%}: it follows the alderman's support in the college (now {support:.2f} on a 0-1 scale); college support and the alderman's leadership are the most-cited political factors (~78 % [RIVM2010]).",
        "nl": "De kans op een ja in de raad was {chance:.0%}: die volgt de steun voor de wethouder in het college (nu {support:.2f} op een schaal van 0-1); steun van het college en het voortouw van de wethouder zijn de meest genoemde politieke factoren (~78 % [RIVM2010]).",
    },
    "result.council_tip": {
        "en": "Tip: raise the support first — ask the college for visible backing and publicise small wins — and put it to the council again in a later turn.",
        "nl": "Tip: vergroot eerst de steun — vraag het college om zichtbare steun en maak kleine successen zichtbaar — en leg het in een latere ronde opnieuw aan de raad voor.",
    },
    "result.policy": {"en": "You now answer proposals by '{policy}'.", "nl": "U reageert nu op voorstellen volgens '{policy}'."},
    # ------------------------------------------------------------------ errors (refused actions)
    "error.action_not_mapping": {"en": "an action must be a mapping with 'do: <action>', found {found}", "nl": "een actie moet een mapping zijn met 'do: <actie>', gevonden: {found}"},
    "error.unknown_action": {"en": "unknown action '{found}'; choose one of: {known}", "nl": "onbekende actie '{found}'; kies een van: {known}"},
    "error.action_not_for_role": {"en": "the role {role} cannot take the action '{action}'", "nl": "de rol {role} kan de actie '{action}' niet nemen"},
    "error.unknown_fields": {"en": "'{action}' does not take {found}; it takes: {known}", "nl": "'{action}' kent {found} niet; wel: {known}"},
    "error.missing_field": {"en": "'{action}' is missing: {field}", "nl": "bij '{action}' ontbreekt: {field}"},
    "error.partner_count": {"en": "name 1 to {most} partner organisations", "nl": "noem 1 tot {most} partnerorganisaties"},
    "error.partner_twice": {"en": "a partner is named twice", "nl": "een partner staat er twee keer in"},
    "error.no_topics": {"en": "name at least one topic", "nl": "noem minstens één onderwerp"},
    "error.bad_level": {"en": "'{found}' is not a level: choose 2 (cooperation), 3 (coordination) or 4 (integration)",
                        "nl": "'{found}' is geen niveau: kies 2 (samenwerking), 3 (coördinatie) of 4 (integratie)"},
    "error.bad_choice": {"en": "'{found}' is not a valid {field}; choose one of: {known}", "nl": "'{found}' is geen geldige {field}; kies een van: {known}"},
    "error.bad_share": {"en": "'{found}' is not a share between 0.1 and 0.9", "nl": "'{found}' is geen aandeel tussen 0,1 en 0,9"},
    "error.own_org": {"en": "{found} is your own organisation; choose another one", "nl": "{found} is uw eigen organisatie; kies een andere"},
    "error.unknown_org": {"en": "'{found}' is not an organisation you can work with; choose one of: {known}", "nl": "'{found}' is geen organisatie waarmee u kunt werken; kies een van: {known}"},
    "error.unknown_topic": {"en": "unknown topic '{found}'; choose one of: {known}", "nl": "onbekend onderwerp '{found}'; kies een van: {known}"},
    "error.unknown_initiative": {"en": "'{found}' is not joint work of yours; yours: {known}", "nl": "'{found}' is geen gezamenlijk werk van u; het uwe: {known}"},
    "error.no_window": {"en": "no crisis window is open on {topic}; open now: {open}", "nl": "er is geen crisisvenster open voor {topic}; nu open: {open}"},
    "error.already_leading": {"en": "you already lead work on {topic} (#{initiative}): invite a partner to it instead", "nl": "u trekt al werk over {topic} (#{initiative}): nodig daar een partner voor uit"},
    "error.ambition_below_level": {"en": "an ambition to {ambition} is below the starting level {level}; raise the ambition or start lower",
                                   "nl": "de ambitie {ambition} ligt onder het startniveau {level}; verhoog de ambitie of begin lager"},
    "error.already_investing": {"en": "you already invest in the relationship with {partner} this turn", "nl": "u investeert deze ronde al in de relatie met {partner}"},
    "error.lead_only": {"en": "only the lead of #{initiative} can do this ('{action}')", "nl": "alleen de trekker van #{initiative} kan dit ('{action}')"},
    "error.not_active": {"en": "#{initiative} is {phase}, not active", "nl": "#{initiative} is {phase}, niet actief"},
    "error.already_member": {"en": "{partner} already takes part in #{initiative}", "nl": "{partner} doet al mee aan #{initiative}"},
    "error.top_level": {"en": "#{initiative} already works at integration, the top level", "nl": "#{initiative} werkt al op integratie, het hoogste niveau"},
    "error.bottom_level": {"en": "#{initiative} already works at cooperation, the lowest level of joint work", "nl": "#{initiative} werkt al op samenwerking, het laagste niveau"},
    "error.no_new_wins": {"en": "#{initiative} has no new small wins to show yet", "nl": "#{initiative} heeft nog geen nieuwe kleine successen om te tonen"},
    "error.already_reinforced": {"en": "#{initiative} already gets extra staff and money this turn", "nl": "#{initiative} krijgt deze ronde al extra mensen en geld"},
    "error.evidence_exists": {"en": "a cost-benefit analysis already exists or is under way", "nl": "er is al een MKBA, of die is in de maak"},
    "error.narrative_exists": {"en": "a shared narrative is already in place", "nl": "er is al een gedeeld verhaal"},
    "error.lever_exists": {"en": "the {lever} is already in place or adopted", "nl": "de maatregel ({lever}) is er al of is aangenomen"},
    "error.lever_asked": {"en": "you already asked the cabinet for the {lever} this turn", "nl": "u heeft het kabinet deze ronde al om deze maatregel ({lever}) gevraagd"},
    "error.cover_asked": {"en": "you already asked your minister this turn", "nl": "u heeft uw minister deze ronde al gevraagd"},
    "error.no_staff_time": {"en": "not enough staff time: '{action}' needs {need:.2f} FTE this turn and {free:.2f} FTE is free; end or scale down joint work, or wait a turn",
                            "nl": "niet genoeg mensen: '{action}' vraagt deze ronde {need:.2f} fte en er is {free:.2f} fte vrij; beëindig of verlaag werk, of wacht een ronde"},
    "error.no_money": {"en": "not enough money: '{action}' needs {need:.2f} {unit} and {free:.2f} is free", "nl": "niet genoeg geld: '{action}' vraagt {need:.2f} {unit} en er is {free:.2f} vrij"},
    "error.game_over": {"en": "the game is over; see the debrief", "nl": "het spel is voorbij; bekijk de nabespreking"},
    "error.local_evidence_exists": {"en": "a local analysis is already in hand or under way", "nl": "er is al een lokale analyse, of die is in de maak"},
    "error.local_cover_asked": {"en": "you already asked the college this turn", "nl": "u heeft het college deze ronde al gevraagd"},
    "error.note_in_force": {"en": "a health policy note is in force until {until}", "nl": "er is een nota gezondheidsbeleid van kracht tot {until}"},
    "error.note_asked": {"en": "you already put a note to the council this turn", "nl": "u heeft de raad deze ronde al een nota voorgelegd"},
    "error.budget_earmarked": {"en": "the council has already earmarked structural money", "nl": "de raad heeft al structureel geld geoormerkt"},
    "error.budget_asked": {"en": "you already asked the council for money this turn", "nl": "u heeft de raad deze ronde al om geld gevraagd"},
    "error.local_relation_share": {"en": "in a municipality the time split is not yours to set; choose focus topics, ambition, frame, approach or funding",
                                   "nl": "in een gemeente bepaalt u de tijdsverdeling niet; kies focusonderwerpen, ambitie, framing, aanpak of financiering"},
    "error.unknown_player": {"en": "no player holds the role '{role}'; players: {known}", "nl": "geen speler heeft de rol '{role}'; spelers: {known}"},
    # ------------------------------------------------------------------ decisions
    "decision.joins": {"en": "{partner} joins {topic} (lead {lead}, level {level})", "nl": "{partner} sluit aan bij {topic} (trekker {lead}, niveau {level})"},
    "decision.declines": {"en": "{partner} declined {topic} (lead {lead}, level {level}): {reason}", "nl": "{partner} wees {topic} af (trekker {lead}, niveau {level}): {reason}"},
    "decision.escalation_yes": {"en": "{partner} agrees to level {level} on {topic}", "nl": "{partner} stemt in met niveau {level} voor {topic}"},
    "decision.escalation_no": {"en": "{partner} does not want level {level} on {topic}: {reason}", "nl": "{partner} wil geen niveau {level} voor {topic}: {reason}"},
    "decision.by_you": {"en": "your organisation's answer, by your policy: {policy}", "nl": "het antwoord van uw organisatie, volgens uw beleid: {policy}"},
    "decision.chance": {"en": "chance {probability:.0%}", "nl": "kans {probability:.0%}"},
    # ------------------------------------------------------------------ news
    "news.cabinet": {"en": "A new cabinet takes office ({cause}); every minister's commitment to health is redrawn.",
                     "nl": "Een nieuw kabinet treedt aan ({cause}); de betrokkenheid van elke minister bij gezondheid verandert."},
    "news.crisis": {"en": "Crisis: {kind} (size {size:.2f}), touching {departments}; a window opens for related topics.",
                    "nl": "Crisis: {kind} (omvang {size:.2f}), raakt {departments}; er opent een venster voor verwante onderwerpen."},
    "news.crisis_economic": {"en": "An economic crisis (size {size:.2f}): urgency for health falls across government.",
                             "nl": "Een economische crisis (omvang {size:.2f}): de urgentie voor gezondheid daalt in de hele rijksoverheid."},
    "news.budget_cut": {"en": "Budget cut of {fraction:.0%} for {departments}.", "nl": "Bezuiniging van {fraction:.0%} voor {departments}."},
    "news.reorganisation": {"en": "Reorganisation: {what}", "nl": "Reorganisatie: {what}"},
    "news.lever_on": {"en": "Starts: {lever}.", "nl": "Van start: {lever}."},
    "news.lever_off": {"en": "Ends: {lever}.", "nl": "Beëindigd: {lever}."},
    "news.started": {"en": "Started: {label} at level {level}.", "nl": "Gestart: {label} op niveau {level}."},
    "news.stalled": {"en": "Stalled: {label} — {why}.", "nl": "Stilgevallen: {label} — {why}."},
    "news.revived": {"en": "Picked up again: {label}.", "nl": "Weer opgepakt: {label}."},
    "news.completed": {"en": "Completed: {label} — {why}.", "nl": "Afgerond: {label} — {why}."},
    "news.abandoned": {"en": "Abandoned: {label} — {why}.", "nl": "Gestopt: {label} — {why}."},
    "news.escalation": {"en": "{label} moves up to level {level}.", "nl": "{label} gaat naar niveau {level}."},
    "news.joined": {"en": "{partner} joins {label}.", "nl": "{partner} sluit aan bij {label}."},
    "news.left": {"en": "{partner} leaves {label} — {why}.", "nl": "{partner} stapt uit {label} — {why}."},
    "news.funding": {"en": "Structural follow-up money for {label}.", "nl": "Structureel vervolggeld voor {label}."},
    "news.coordinator_left": {"en": "The coordinator of {label} leaves for another post.", "nl": "De trekker van {label} vertrekt naar een andere functie."},
    "news.contact_left": {"en": "Your contact at {partner} for {label} has a new job; the successor starts without the ties.",
                          "nl": "Uw contactpersoon bij {partner} voor {label} heeft een nieuwe baan; de opvolger begint zonder de banden."},
    "news.own_turnover": {"en": "{count} of your officials {count:has|have} moved on; {count:the successor starts|their successors start} at baseline trust.",
                          "nl": "{count} van uw ambtenaren {count:is|zijn} vertrokken; {count:de opvolger begint|hun opvolgers beginnen} met basisvertrouwen."},
    "news.turnover_all": {"en": "Across government {count} {count:official|officials} changed posts.", "nl": "In de rijksoverheid {count:wisselde|wisselden} {count} {count:ambtenaar|ambtenaren} van functie."},
    "news.elsewhere": {"en": "Elsewhere in government: {new} new joint {new:initiative|initiatives}, {ended} ended.",
                      "nl": "Elders in de rijksoverheid: {new} {new:nieuw gezamenlijk initiatief|nieuwe gezamenlijke initiatieven}, {ended} beëindigd."},
    "news.window_open": {"en": "A crisis window is open on: {topics}.", "nl": "Er is een crisisvenster open voor: {topics}."},
    "news.lever_proposal": {"en": "{org} proposed a {lever}: {result}.", "nl": "{org} stelde een {lever} voor: {result}."},
    "news.adopted": {"en": "adopted", "nl": "aangenomen"},
    "news.rejected": {"en": "rejected", "nl": "afgewezen"},
    "news.nothing": {"en": "A quiet period.", "nl": "Een rustige periode."},
    "label.initiative": {"en": "#{id} {topic} ({lead} with {partners})", "nl": "#{id} {topic} ({lead} met {partners})"},
    "figure.work_label": {"en": "#{id} {topic} ({lead})", "nl": "#{id} {topic} ({lead})"},
    # ------------------------------------------------------------------ dashboard
    "dash.title": {"en": "Dashboard {date} (turn {turn} of {turns})", "nl": "Dashboard {date} (ronde {turn} van {turns})"},
    "dash.indicator": {"en": "indicator", "nl": "indicator"},
    "dash.value": {"en": "now", "nl": "nu"},
    "dash.change": {"en": "last turn", "nl": "vorige ronde"},
    "dash.autopilot": {"en": "autopilot", "nl": "automatische piloot"},
    "dash.trust_cross": {"en": "trust across ministries", "nl": "vertrouwen tussen ministeries"},
    "dash.trust_own": {"en": "trust of others in {org}", "nl": "vertrouwen van anderen in {org}"},
    "dash.depth": {"en": "ministry pairs in real joint work", "nl": "paren ministeries in echt gezamenlijk werk"},
    "dash.initiatives_active": {"en": "joint initiatives active / stalled", "nl": "gezamenlijke initiatieven actief / stil"},
    "dash.initiatives_ended": {"en": "completed / abandoned", "nl": "afgerond / gestopt"},
    "dash.small_wins": {"en": "small wins", "nl": "kleine successen"},
    "dash.health": {"en": "health gap secured", "nl": "gezondheidskloof veiliggesteld"},
    "dash.urgency": {"en": "urgency of health (mean)", "nl": "urgentie van gezondheid (gemiddeld)"},
    "dash.commitment": {"en": "ministers' commitment (mean)", "nl": "betrokkenheid ministers (gemiddeld)"},
    "dash.own_commitment": {"en": "your minister's commitment", "nl": "betrokkenheid van uw minister"},
    "dash.free_staff": {"en": "your free staff time", "nl": "uw vrije capaciteit"},
    "dash.free_money": {"en": "your free budget", "nl": "uw vrije budget"},
    "dash.levers": {"en": "structural levers in place", "nl": "structurele maatregelen"},
    "dash.score": {"en": "score", "nl": "score"},
    "dash.none": {"en": "none", "nl": "geen"},
    "dash.health_secured": {"en": "health gap secured (arrived or on its way, % of the gap)", "nl": "gezondheidskloof veiliggesteld (bereikt of onderweg, % van de kloof)"},
    "dash.local.health_secured": {"en": "local health gap secured (arrived or on its way, % of the gap)",
                                  "nl": "lokale gezondheidskloof veiliggesteld (bereikt of onderweg, % van de kloof)"},
    "dash.depth_share": {"en": "ministry pairs in real joint work (level 2 or deeper)", "nl": "paren ministeries in echt gezamenlijk werk (niveau 2 of dieper)"},
    "dash.counts_of": {"en": "({part} of {whole})", "nl": "({part} van {whole})"},
    "unit.percent_value": {"en": "{value} %", "nl": "{value} %"},
    "unit.points_change": {"en": "{value} pp", "nl": "{value} procentpunt"},
    "unit.scale": {"en": "0-1", "nl": "schaal 0-1"},
    "unit.count": {"en": "number", "nl": "aantal"},
    "unit.percent_of_gap": {"en": "% of the gap", "nl": "% van de kloof"},
    "unit.stage": {"en": "stage 1-5", "nl": "fase 1-5"},
    "dash.local.maturity": {"en": "maturity stage", "nl": "ontwikkelfase"},
    "dash.local.support": {"en": "alderman support (college, portfolio alderman)", "nl": "steun wethouder (college, portefeuillehouder)"},
    "dash.local.trust": {"en": "trust between public health and the other sectors", "nl": "vertrouwen tussen publieke gezondheid en de andere sectoren"},
    "dash.local.sectors": {"en": "sectors in joint work with public health (of {total})", "nl": "sectoren in gezamenlijk werk met publieke gezondheid (van {total})"},
    "dash.local.health": {"en": "local health gap secured (%)", "nl": "lokale gezondheidskloof veiliggesteld (%)"},
    "dash.local.urgency": {"en": "local urgency of health inequalities", "nl": "lokale urgentie van gezondheidsverschillen"},
    "dash.local.structures": {"en": "in place", "nl": "aanwezig"},
    "dash.local.lead": {"en": "IGB lead", "nl": "IGB-trekker"},
    "dash.local.igb": {"en": "IGB assigned", "nl": "IGB belegd"},
    "dash.local.note": {"en": "health policy note", "nl": "nota gezondheidsbeleid"},
    "dash.local.budget": {"en": "structural money", "nl": "structureel geld"},
    "dash.local.evidence": {"en": "local evidence in hand", "nl": "lokale onderbouwing beschikbaar"},
    "dash.local.yes": {"en": "yes", "nl": "ja"},
    "dash.local.no": {"en": "no", "nl": "nee"},
    "dash.local.free_staff": {"en": "free staff time of public health", "nl": "vrije capaciteit publieke gezondheid"},
    "dash.local.free_money": {"en": "free budget for joint work", "nl": "vrij budget voor gezamenlijk werk"},
    "news.local.small_win": {"en": "Small win: {label}.", "nl": "Klein succes: {label}."},
    "news.local.maturity_up": {"en": "Your municipality rises to stage {stage} ({name}).", "nl": "Uw gemeente stijgt naar fase {stage} ({name})."},
    "news.local.maturity_down": {"en": "Your municipality falls back to stage {stage} ({name}).", "nl": "Uw gemeente valt terug naar fase {stage} ({name})."},
    "news.local.election": {"en": "Municipal elections: the new college's support for health {before:.2f} -> {after:.2f}.",
                            "nl": "Gemeenteraadsverkiezingen: steun van het nieuwe college voor gezondheid {before:.2f} -> {after:.2f}."},
    "hint.local.no_political_cover": {"en": "the college is lukewarm: ask the alderman for backing, publicise small wins, or put a health policy note to the council",
                                      "nl": "het college is lauw: vraag de wethouder om steun, maak kleine successen zichtbaar, of leg een nota gezondheidsbeleid aan de raad voor"},
    "hint.local.no_urgency": {"en": "{partner} does not feel the urgency: commission local evidence (GGD health monitor) or pick a topic on the local agenda",
                              "nl": "{partner} voelt de urgentie niet: laat lokale onderbouwing maken (GGD-monitor) of kies een onderwerp van de lokale agenda"},
    "hint.local.no_budget": {"en": "the budget for joint work is short: ask at level 2, or let the alderman ask the council for structural money",
                             "nl": "het budget voor gezamenlijk werk is krap: vraag op niveau 2, of laat de wethouder de raad om structureel geld vragen"},
    "hint.local.silo": {"en": "{partner} keeps to its own tasks: build ties with its officer first, and frame the work in its goals (HfaP)",
                        "nl": "{partner} blijft bij de eigen taken: bouw eerst een band met de beleidsmedewerker, en breng het werk in hun doelen (HfaP)"},
    "dash.relations": {"en": "Your relations", "nl": "Uw relaties"},
    "dash.org": {"en": "organisation", "nl": "organisatie"},
    "dash.trust": {"en": "trust", "nl": "vertrouwen"},
    "dash.fit": {"en": "best topic for them", "nl": "beste onderwerp voor hen"},
    "dash.joint": {"en": "joint work with you", "nl": "gezamenlijk werk met u"},
    "dash.your_work": {"en": "Your joint work", "nl": "Uw gezamenlijk werk"},
    "dash.col.id": {"en": "#", "nl": "#"},
    "dash.col.topic": {"en": "topic", "nl": "onderwerp"},
    "dash.col.members": {"en": "lead + partners", "nl": "trekker + partners"},
    "dash.col.level": {"en": "level (target)", "nl": "niveau (doel)"},
    "dash.col.how": {"en": "frame / approach / funding", "nl": "framing / aanpak / financiering"},
    "dash.col.phase": {"en": "phase", "nl": "fase"},
    "dash.col.progress": {"en": "progress", "nl": "voortgang"},
    "dash.col.wins": {"en": "small wins (new)", "nl": "kleine successen (nieuw)"},
    # ------------------------------------------------------------------ score
    "score.health": {"en": "health gap secured", "nl": "gezondheidskloof veiliggesteld"},
    "score.depth": {"en": "depth of cooperation", "nl": "diepte van samenwerking"},
    "score.trust": {"en": "trust", "nl": "vertrouwen"},
    "score.small_wins": {"en": "small wins", "nl": "kleine successen"},
    "score.staff_time": {"en": "staff time used", "nl": "ingezette capaciteit"},
    "score.money": {"en": "money used", "nl": "ingezet geld"},
    "score.total": {"en": "total", "nl": "totaal"},
    "score.you": {"en": "you", "nl": "u"},
    "score.autopilot": {"en": "autopilot", "nl": "automatische piloot"},
    "score.line": {"en": "Score {you:.1f} vs autopilot {autopilot:.1f} ({diff:+.1f})", "nl": "Score {you:.1f} tegen automatische piloot {autopilot:.1f} ({diff:+.1f})"},
    # ------------------------------------------------------------------ lessons from the sources
    "lesson.coordinator_left": {
        "en": "Joint work that rests on one coordinator stalls when that person leaves: the pledges depended on one enthusiastic coordinator, "
              "and ministries kept their partners 'with changing contact persons'. Formalise, fund structurally and share the coordination.",
        "nl": "Gezamenlijk werk dat op één trekker rust, valt stil als die vertrekt: de pledges hingen af van één enthousiaste coördinator, "
              "en ministeries hielden hun partners 'met wisselende contactpersonen'. Formaliseer, financier structureel en deel de coördinatie.",
    },
    "lesson.funding_ended": {
        "en": "Project money ends and structural follow-up is rare: regional networks and pledges lived on short project subsidies; structural "
              "or population-based financing keeps work alive.",
        "nl": "Projectgeld stopt en structureel vervolg is zeldzaam: regionale netwerken en pledges leefden van korte projectsubsidies; structurele "
              "of populatiebekostiging houdt het werk in leven.",
    },
    "lesson.election": {
        "en": "After a cabinet change a partner whose minister cares less may renege: without political cover results rest on officials' drive and are fragile.",
        "nl": "Na een kabinetswissel kan een partner met een minder betrokken minister afhaken: zonder politieke dekking rusten resultaten op de inzet van ambtenaren en zijn ze kwetsbaar.",
    },
    "lesson.formality": {
        "en": "Raising the level ahead of trust turns joint work into formality ('plichtpleging'), and partners drift off.",
        "nl": "Het niveau verhogen vóór het vertrouwen er is, maakt van gezamenlijk werk plichtpleging, en partners haken af.",
    },
    "lesson.faded": {
        "en": "Unformalised work loses participants; scaling up 'at a good moment' prevents non-commitment.",
        "nl": "Werk zonder formele afspraken verliest deelnemers; 'op een goed moment' opschalen voorkomt vrijblijvendheid.",
    },
    "lesson.legal_barrier": {
        "en": "System change runs into legal barriers; concrete, area-based cases are quicker, less polarised and easier to evaluate.",
        "nl": "Systeemverandering loopt vast op juridische barrières; concrete, gebiedsgerichte casussen zijn sneller, minder gepolariseerd en beter te evalueren.",
    },
    "lesson.opposing_interests": {
        "en": "Without a real shared interest cooperation becomes a formality: parallel interests are necessary.",
        "nl": "Zonder echt gedeeld belang wordt samenwerking een formaliteit: parallelle belangen zijn nodig.",
    },
    "lesson.economic_crisis": {
        "en": "An economic crisis pushes health off the agenda: in 2009 the financial crisis removed political urgency for health inequalities.",
        "nl": "Een economische crisis duwt gezondheid van de agenda: in 2009 haalde de financiële crisis de politieke urgentie voor gezondheidsverschillen weg.",
    },
    "lesson.crisis": {
        "en": "'Never waste a good crisis': a crisis opens a window in which partners take up related proposals more readily.",
        "nl": "'Never waste a good crisis': een crisis opent een venster waarin partners verwante voorstellen eerder oppakken.",
    },
    "lesson.budget_cut": {
        "en": "Budget cuts make ministries defensive: they retreat into their own dossiers (some argue scarcity can also spur change).",
        "nl": "Bezuinigingen maken ministeries defensief: ze trekken zich terug op de eigen dossiers (sommigen stellen dat schaarste ook tot verandering kan aanzetten).",
    },
    "lesson.cabinet": {
        "en": "A new cabinet redraws ministers' commitment; health inequalities disappear from and return to the agenda with shocks.",
        "nl": "Een nieuw kabinet herverdeelt de betrokkenheid van ministers; gezondheidsverschillen verdwijnen van en keren terug op de agenda.",
    },
    "lesson.no_fit": {
        "en": "Proposals framed in the partner's own terms (participation, employability, livelihood security) are taken up more than those framed as 'health': Health for all Policies.",
        "nl": "Voorstellen in de termen van de partner (participatie, inzetbaarheid, bestaanszekerheid) worden vaker opgepakt dan voorstellen over 'gezondheid': Health for all Policies.",
    },
    "lesson.low_trust": {
        "en": "Good relations are the most-cited enabler (92 % of officials); trust grows through contact and kept commitments, and solid ties take 5-10 years.",
        "nl": "Goede relaties zijn de meest genoemde succesfactor (92 % van de ambtenaren); vertrouwen groeit door contact en nagekomen afspraken, en stevige banden kosten 5-10 jaar.",
    },
    "lesson.autonomy": {
        "en": "Each step up the ladder costs autonomy, flexibility and control: decide per topic whether to inform, coordinate or integrate.",
        "nl": "Elke trede hoger kost autonomie, flexibiliteit en zeggenschap: bepaal per onderwerp of u informeert, coördineert of integreert.",
    },
    "lesson.no_capacity": {
        "en": "Lack of resources (money, staff) is the most-cited barrier (63 % of officials).",
        "nl": "Gebrek aan middelen (geld, mensen) is de meest genoemde belemmering (63 % van de ambtenaren).",
    },
    "lesson.no_budget": {
        "en": "Lack of resources (money, staff) is the most-cited barrier (63 % of officials).",
        "nl": "Gebrek aan middelen (geld, mensen) is de meest genoemde belemmering (63 % van de ambtenaren).",
    },
    "lesson.no_political_cover": {
        "en": "Visible ministerial support speeds cooperation; without it results depend on officials and are slower and more fragile.",
        "nl": "Zichtbare steun van de minister versnelt samenwerking; zonder die steun hangt het af van ambtenaren en gaat het trager en kwetsbaarder.",
    },
    "lesson.no_urgency": {
        "en": "Without urgency little moves: an online platform launched while urgency was low drew little participation.",
        "nl": "Zonder urgentie beweegt er weinig: een online platform dat werd gelanceerd toen de urgentie laag was, trok weinig deelnemers.",
    },
    "lesson.maturity_up": {
        "en": "Municipalities grow through stages: IGB assigned to the health officer, a lead and several sectors working consciously, political support and a shared vision, and finally anchoring in structure and budget.",
        "nl": "Gemeenten groeien door fasen: IGB belegd bij de beleidsmedewerker, een trekker en meerdere sectoren die er bewust aan werken, politieke steun en een gedeelde visie, en ten slotte verankering in structuur en budget.",
    },
    "lesson.maturity_down": {
        "en": "A stage can be lost: when the lead leaves, political support lapses or joint work is not anchored, a municipality falls back.",
        "nl": "Een fase kan verloren gaan: als de trekker vertrekt, de politieke steun wegvalt of gezamenlijk werk niet is verankerd, valt een gemeente terug.",
    },
    "lesson.municipal_election": {
        "en": "College support and the portfolio alderman's leadership are the most-cited political factors; a new college can weaken or strengthen them.",
        "nl": "Steun van het college en leiderschap van de portefeuillehouder zijn de meest genoemde politieke factoren; een nieuw college kan die verzwakken of versterken.",
    },
    "lesson.policy_note": {
        "en": "A local health policy note adopted by the council turns a shared vision into policy: the step from 'Beproefd' to 'Beleid'.",
        "nl": "Een door de raad vastgestelde lokale nota gezondheidsbeleid maakt van een gedeelde visie beleid: de stap van 'Beproefd' naar 'Beleid'.",
    },
    "lesson.local_budget": {
        "en": "Lack of money and staff is the most-cited barrier; short project money without structural follow-up makes local networks fragile.",
        "nl": "Gebrek aan geld en mensen is de meest genoemde belemmering; kort projectgeld zonder structureel vervolg maakt lokale netwerken kwetsbaar.",
    },
    "lesson.local_evidence": {
        "en": "Data and advice from the GGD help sectors see the health side of their policy; small municipalities lack evaluation capacity.",
        "nl": "Gegevens en advies van de GGD helpen sectoren de gezondheidskant van hun beleid te zien; kleine gemeenten missen evaluatiecapaciteit.",
    },
    "lesson.local_cover": {
        "en": "Collaboration among officials is easier with political support: college support and the alderman's leadership matter most.",
        "nl": "Samenwerking tussen ambtenaren gaat makkelijker met politieke steun: steun van het college en leiderschap van de wethouder wegen het zwaarst.",
    },
    "lesson.silo": {
        "en": "Accountability in silos taxes joint work: each minister is judged on their own dossiers ('verkokering').",
        "nl": "Verantwoording per koker belast gezamenlijk werk: elke minister wordt afgerekend op de eigen dossiers (verkokering).",
    },
    "lesson.small_wins": {
        "en": "Small wins build mutual trust and the choice to continue.",
        "nl": "Kleine successen bouwen wederzijds vertrouwen en de keuze om door te gaan.",
    },
    "lesson.completed": {
        "en": "Joint work with a concrete goal ends when the goal is met.",
        "nl": "Gezamenlijk werk met een concreet doel stopt als het doel is bereikt.",
    },
    "lesson.political_lever": {
        "en": "A coordinating minister or envoy adds agenda power ('doorzettingsmacht'), but the effect depends on the cabinet's goodwill.",
        "nl": "Een coördinerend minister of gezant geeft doorzettingsmacht, maar het effect hangt af van de gunfactor in het kabinet.",
    },
    "lesson.evidence": {
        "en": "Quantified health effects (social cost-benefit analysis) raise the perceived benefit and lower polarisation.",
        "nl": "Becijferde gezondheidseffecten (MKBA) verhogen de ervaren baten en verminderen polarisatie.",
    },
    "lesson.narrative": {
        "en": "A shared narrative that stresses urgency sets the agenda.",
        "nl": "Een gedeeld verhaal dat de urgentie benadrukt, zet de agenda.",
    },
    "lesson.turnover": {
        "en": "Successors inherit the post, not the ties: VWS kept the same core partners from 2009 to 2015, 'though often with changing contact persons'.",
        "nl": "Opvolgers erven de functie, niet de banden: VWS hield van 2009 tot 2015 dezelfde kernpartners, 'zij het vaak met wisselende contactpersonen'.",
    },
    "lesson.relation": {
        "en": "Chance and relations start cooperation: a chance visit of an SZW official kept prevention alive through other ministries' themes.",
        "nl": "Toeval en relaties starten samenwerking: een toevallig bezoek van een SZW-ambtenaar hield preventie levend via de thema's van andere ministeries.",
    },
    "lesson.political_cover": {
        "en": "Political cover speeds cooperation; without it everything rests on officials' drive and relations.",
        "nl": "Politieke dekking versnelt samenwerking; zonder dekking rust alles op de inzet en relaties van ambtenaren.",
    },
    "lesson.structural": {
        "en": "A programme directorate bundles people and money and raises cooperation while it exists, as the programme ministry Jeugd & Gezin did.",
        "nl": "Een programmadirectie bundelt mensen en geld en versterkt samenwerking zolang die bestaat, zoals het programmaministerie Jeugd & Gezin.",
    },
    "lesson.regional": {
        "en": "Structural regional budgets and population-based financing let regional networks outlive project money.",
        "nl": "Structurele regionale budgetten en populatiebekostiging laten regionale netwerken het projectgeld overleven.",
    },
    "rank.officer": {"en": "officers", "nl": "beleidsmedewerkers"},
    "rank.local_officer": {"en": "public health officers", "nl": "beleidsmedewerkers publieke gezondheid"},
    "rank.local_head": {"en": "heads of public health", "nl": "hoofden publieke gezondheid"},
    "rank.senior": {"en": "senior advisers", "nl": "senior adviseurs"},
    "rank.director": {"en": "directors", "nl": "directeuren"},
    "rank.dg": {"en": "directors-general", "nl": "directeuren-generaal"},
    "source.ABD2024": {"en": "ABDTOPConsult, exploration of Health in All Policies for the Ministry of VWS (2024)",
                       "nl": "ABDTOPConsult, verkenning Health in All Policies voor het ministerie van VWS (2024)"},
    "source.HHS2016": {"en": "De Haagse Hogeschool, interdepartmental cooperation on socio-economic health differences 2008-2015 (2016)",
                       "nl": "De Haagse Hogeschool, interdepartementale samenwerking aan sociaaleconomische gezondheidsverschillen 2008-2015 (2016)"},
    "source.RIVM2010": {"en": "RIVM report 270161002, intersectoral collaboration in 16 municipalities (2010)",
                        "nl": "RIVM-rapport 270161002, intersectorale samenwerking in 16 gemeenten (2010)"},
    "source.REG2021": {"en": "Regional health networks (GROZ, HealthKIC, Institute for Positive Health, Alles is Gezondheid), reaction to a discussion paper (2021)",
                       "nl": "Regionale gezondheidsnetwerken (GROZ, HealthKIC, Institute for Positive Health, Alles is Gezondheid), reactie op een discussienotitie (2021)"},
    "source.AIG2016": {"en": "Maastricht University and Radboud university medical center, evaluation of the 'Alles is Gezondheid' pledges (2016)",
                       "nl": "Universiteit Maastricht en Radboudumc, evaluatie van de pledges van 'Alles is Gezondheid' (2016)"},
    # ------------------------------------------------------------------ events named in the debrief
    "event.coordinator_left": {"en": "Coordinator left, work stalled", "nl": "Trekker vertrok, werk viel stil"},
    "event.funding_ended": {"en": "Project money ran out", "nl": "Projectgeld was op"},
    "event.election": {"en": "Partner pulled out after a cabinet change", "nl": "Partner haakte af na kabinetswissel"},
    "event.formality": {"en": "Work became a formality", "nl": "Werk werd plichtpleging"},
    "event.faded": {"en": "Participation faded", "nl": "Deelname verwaterde"},
    "event.legal_barrier": {"en": "Legal barrier", "nl": "Juridische barrière"},
    "event.opposing_interests": {"en": "Interests clashed", "nl": "Belangen botsten"},
    "event.economic_crisis": {"en": "Economic crisis", "nl": "Economische crisis"},
    "event.crisis": {"en": "Crisis", "nl": "Crisis"},
    "event.budget_cut": {"en": "Budget cut", "nl": "Bezuiniging"},
    "event.cabinet": {"en": "New cabinet", "nl": "Nieuw kabinet"},
    "event.completed": {"en": "Joint work completed", "nl": "Gezamenlijk werk afgerond"},
    "event.turnover": {"en": "Contact persons changed", "nl": "Contactpersonen wisselden"},
    "event.small_wins": {"en": "Small wins", "nl": "Kleine successen"},
    "event.maturity_up": {"en": "Your municipality rose a maturity stage", "nl": "Uw gemeente steeg een ontwikkelfase"},
    "event.maturity_down": {"en": "Your municipality fell back a maturity stage", "nl": "Uw gemeente viel een ontwikkelfase terug"},
    "event.municipal_election": {"en": "Municipal elections", "nl": "Gemeenteraadsverkiezingen"},
    "event.policy_note": {"en": "Local health policy note", "nl": "Lokale nota gezondheidsbeleid"},
    "event.local_budget": {"en": "Structural money for joint health work", "nl": "Structureel geld voor gezamenlijk gezondheidswerk"},
    "event.local_evidence": {"en": "Local evidence from the GGD", "nl": "Lokale onderbouwing van de GGD"},
    "event.local_cover": {"en": "Backing from the college", "nl": "Steun van het college"},
    "event.decline": {"en": "Partners declined: {reason}", "nl": "Partners wezen af: {reason}"},
    "event.political_lever": {"en": "Coordinating minister or envoy", "nl": "Coördinerend minister of gezant"},
    "event.evidence": {"en": "Cost-benefit evidence", "nl": "MKBA-onderbouwing"},
    "event.narrative": {"en": "Shared narrative", "nl": "Gedeeld verhaal"},
    "event.structural": {"en": "Programme directorate", "nl": "Programmadirectie"},
    "event.regional": {"en": "Regional budgets", "nl": "Regionale budgetten"},
    "event.relation": {"en": "Investing in relationships", "nl": "Investeren in relaties"},
    "event.political_cover": {"en": "Seeking political cover", "nl": "Politieke dekking zoeken"},
    # ------------------------------------------------------------------ debrief
    "debrief.title": {"en": "Debrief: {scenario}, seed {seed}", "nl": "Nabespreking: {scenario}, seed {seed}"},
    "debrief.intro": {
        "en": "Session {session}: {players}. {turns} {turns:turn|turns} of {months} {months:month|months}, {start} to {end}. The autopilot played the same scenario and seed "
              "with the model's own rules for your {orgs:organisation|organisations}, facing the same elections, crises and staff turnover.",
        "nl": "Sessie {session}: {players}. {turns} {turns:ronde|rondes} van {months} {months:maand|maanden}, {start} tot {end}. De automatische piloot speelde hetzelfde scenario en "
              "dezelfde seed met de eigen regels van het model voor uw {orgs:organisatie|organisaties}, met dezelfde verkiezingen, crises en personeelswisselingen.",
    },
    "debrief.unfinished": {"en": "The session is not finished: this debrief covers turn 1 to {turn}.", "nl": "De sessie is niet af: deze nabespreking gaat over ronde 1 tot {turn}."},
    "debrief.score": {"en": "Score: you and the autopilot", "nl": "Score: u en de automatische piloot"},
    "debrief.component": {"en": "component", "nl": "onderdeel"},
    "debrief.difference": {"en": "difference", "nl": "verschil"},
    "debrief.verdict_better": {"en": "You beat the autopilot by {diff:.1f} points.", "nl": "U versloeg de automatische piloot met {diff:.1f} punten."},
    "debrief.verdict_worse": {"en": "The autopilot beat you by {diff:.1f} points.", "nl": "De automatische piloot versloeg u met {diff:.1f} punten."},
    "debrief.verdict_tie": {"en": "You and the autopilot ended level, at {score:.1f} points each.", "nl": "U en de automatische piloot eindigden gelijk, met elk {score:.1f} punten."},
    "debrief.health_secured": {
        "en": "Health gap secured by the end: {you:.1f} % of the gap (arrived {arrived:.1f} %, on its way {coming:.1f} %); autopilot {autopilot:.1f} %. Completed joint work improves health years later: the score counts the effect from the moment it is secured.",
        "nl": "Gezondheidskloof veiliggesteld aan het eind: {you:.1f} % van de kloof (bereikt {arrived:.1f} %, onderweg {coming:.1f} %); automatische piloot {autopilot:.1f} %. Afgerond gezamenlijk werk verbetert de gezondheid jaren later: de score telt het effect vanaf het moment dat het is veiliggesteld.",
    },
    "debrief.outcomes": {"en": "Your decisions on the outcome curves", "nl": "Uw besluiten op de uitkomstcurves"},
    "debrief.outcomes_caption": {
        "en": "Solid: your game; dashed: autopilot. Numbered markers are your decisions (see the timeline); grey lines separate turns.",
        "nl": "Doorgetrokken: uw spel; gestreept: automatische piloot. Genummerde markeringen zijn uw besluiten (zie de tijdlijn); grijze lijnen scheiden de rondes.",
    },
    "debrief.score_figure": {"en": "Score over the game", "nl": "Score in de loop van het spel"},
    "debrief.work_figure": {"en": "Your joint work over time", "nl": "Uw gezamenlijk werk in de tijd"},
    "debrief.work_caption": {"en": "Each bar is one initiative your organisation took part in; colour = level, x = abandoned, check = completed.",
                             "nl": "Elke balk is een initiatief waaraan uw organisatie deelnam; kleur = niveau, x = gestopt, vinkje = afgerond."},
    "debrief.timeline": {"en": "Timeline of your decisions", "nl": "Tijdlijn van uw besluiten"},
    "debrief.col.n": {"en": "no.", "nl": "nr."},
    "debrief.col.turn": {"en": "turn", "nl": "ronde"},
    "debrief.col.date": {"en": "date", "nl": "datum"},
    "debrief.col.role": {"en": "role", "nl": "rol"},
    "debrief.col.decision": {"en": "decision", "nl": "besluit"},
    "debrief.col.result": {"en": "what happened", "nl": "wat er gebeurde"},
    "debrief.no_decisions": {"en": "No decisions were taken.", "nl": "Er zijn geen besluiten genomen."},
    "debrief.turning_points": {"en": "Turning points", "nl": "Keerpunten"},
    "debrief.turning_intro": {"en": "The turns in which your score moved most, and what happened in them.", "nl": "De rondes waarin uw score het meest veranderde, en wat er toen gebeurde."},
    "debrief.turning_point": {"en": "Turn {turn} ({start} to {end}): score {change:+.1f}, mostly {component} ({component_change:+.1f}).",
                              "nl": "Ronde {turn} ({start} tot {end}): score {change:+.1f}, vooral {component} ({component_change:+.1f})."},
    "debrief.comparison": {"en": "You and the autopilot", "nl": "U en de automatische piloot"},
    "debrief.measure": {"en": "measure", "nl": "maat"},
    "debrief.proposals": {"en": "proposals by your {orgs:organisation|organisations}", "nl": "voorstellen van uw {orgs:organisatie|organisaties}"},
    "debrief.acceptance": {"en": "partners who said yes to them", "nl": "partners die er ja op zeiden"},
    "debrief.started": {"en": "joint work started with your {orgs:organisation|organisations}", "nl": "gezamenlijk werk gestart met uw {orgs:organisatie|organisaties}"},
    "debrief.completed": {"en": "of which completed", "nl": "waarvan afgerond"},
    "debrief.abandoned": {"en": "of which abandoned", "nl": "waarvan gestopt"},
    "debrief.wins_own": {"en": "small wins in your joint work", "nl": "kleine successen in uw gezamenlijk werk"},
    "debrief.declines": {"en": "Why partners said no", "nl": "Waarom partners nee zeiden"},
    "debrief.reason": {"en": "reason", "nl": "reden"},
    "debrief.count": {"en": "times", "nl": "keer"},
    "debrief.lessons": {"en": "Lessons from the sources", "nl": "Lessen uit de bronnen"},
    "debrief.lessons_intro": {"en": "For each major event of your game, what the Dutch experience says about it.", "nl": "Per belangrijke gebeurtenis in uw spel: wat de Nederlandse ervaring erover zegt."},
    "debrief.event_count": {"en": "{count} {count:time|times}, e.g. {example}", "nl": "{count} keer, bijv. {example}"},
    "debrief.sources": {"en": "Sources", "nl": "Bronnen"},
    "debrief.files": {"en": "Debrief written to {folder}", "nl": "Nabespreking geschreven naar {folder}"},
    "figure.trust": {"en": "trust across ministries", "nl": "vertrouwen tussen ministeries"},
    "figure.local.trust": {"en": "trust between public health and the other sectors", "nl": "vertrouwen tussen publieke gezondheid en de andere sectoren"},
    "figure.local.depth": {"en": "sectors in joint work with public health (level 2+, %)", "nl": "sectoren in gezamenlijk werk met publieke gezondheid (niveau 2+, %)"},
    "figure.depth": {"en": "ministry pairs in joint work (level 2+)", "nl": "paren ministeries in gezamenlijk werk (niveau 2+)"},
    "figure.small_wins": {"en": "small wins (cumulative)", "nl": "kleine successen (cumulatief)"},
    "figure.health": {"en": "health gap secured (%)", "nl": "gezondheidskloof veiliggesteld (%)"},
    "figure.you": {"en": "you", "nl": "u"},
    "figure.autopilot": {"en": "autopilot", "nl": "automatische piloot"},
    "figure.turn": {"en": "turn", "nl": "ronde"},
    "figure.points": {"en": "points", "nl": "punten"},
    # ------------------------------------------------------------------ terminal interface
    "ui.welcome": {"en": "hiap-sim training game — {scenario}", "nl": "hiap-sim trainingsspel — {scenario}"},
    "ui.session": {"en": "Session {session} (saved after every decision; continue later with: {command})",
                   "nl": "Sessie {session} (na elk besluit opgeslagen; later verder met: {command})"},
    "ui.turn": {"en": "Turn {turn} of {turns} — decisions for {start} to {end}", "nl": "Ronde {turn} van {turns} — besluiten voor {start} tot {end}"},
    "ui.player": {"en": "Your move, {role}", "nl": "Aan zet: {role}"},
    "ui.pass": {"en": "Pass the keyboard to: {role}", "nl": "Geef het toetsenbord aan: {role}"},
    "ui.menu": {"en": "What do you do?", "nl": "Wat doet u?"},
    "ui.menu_end": {"en": "end your turn (the model runs {months} {months:month|months})", "nl": "ronde afsluiten (het model draait {months} {months:maand|maanden})"},
    "ui.menu_dashboard": {"en": "d = dashboard, w = your joint work, r = relations, h = help, q = save and quit",
                          "nl": "d = dashboard, w = uw gezamenlijk werk, r = relaties, h = hulp, q = opslaan en stoppen"},
    "ui.choose": {"en": "Choose", "nl": "Kies"},
    "ui.choose_many": {"en": "Choose one or more, separated by commas", "nl": "Kies een of meer, gescheiden door komma's"},
    "ui.default": {"en": "Enter = {default}", "nl": "Enter = {default}"},
    "ui.back": {"en": "0 = back", "nl": "0 = terug"},
    "ui.not_a_choice": {"en": "'{found}' is not one of the choices: type a number from {low} to {high}{extra}.",
                        "nl": "'{found}' is geen van de keuzes: typ een getal van {low} tot {high}{extra}."},
    "ui.not_a_choice_extra": {"en": ", or one of {letters}", "nl": ", of een van {letters}"},
    "ui.refused": {"en": "Not possible: {message}", "nl": "Niet mogelijk: {message}"},
    "ui.cost": {"en": "costs {fte:.2f} FTE{money} this turn", "nl": "kost deze ronde {fte:.2f} fte{money}"},
    "ui.cost_money": {"en": " and {budget:.2f} M EUR/yr", "nl": " en {budget:.2f} mln euro/jaar"},
    "ui.free": {"en": "free now: {fte:.2f} FTE, {budget:.2f} M EUR/yr", "nl": "nu vrij: {fte:.2f} fte, {budget:.2f} mln euro/jaar"},
    "ui.cost_money_local": {"en": " and {budget:.0f} k EUR/yr", "nl": " en {budget:.0f} k euro/jaar"},
    "ui.free_local": {"en": "free now: {fte:.2f} FTE, {budget:.0f} k EUR/yr", "nl": "nu vrij: {fte:.2f} fte, {budget:.0f} k euro/jaar"},
    "ui.running": {"en": "The model runs {months} {months:month|months} ...", "nl": "Het model draait {months} {months:maand|maanden} ..."},
    "ui.news": {"en": "News {start} to {end}", "nl": "Nieuws {start} tot {end}"},
    "ui.decisions": {"en": "Partner decisions", "nl": "Besluiten van partners"},
    "ui.no_decisions": {"en": "No partner decisions this period.", "nl": "Geen besluiten van partners deze periode."},
    "ui.saved_quit": {"en": "Saved. Continue with: {command}", "nl": "Opgeslagen. Verder met: {command}"},
    "ui.game_over": {"en": "The game is over.", "nl": "Het spel is voorbij."},
    "ui.resumed": {"en": "Resumed session {session} at turn {turn} ({done} {done:decision|decisions} restored).", "nl": "Sessie {session} hervat bij ronde {turn} ({done} {done:besluit|besluiten} hersteld)."},
    "ui.script_turn": {"en": "Turn {turn}: {count} scripted {count:decision|decisions}", "nl": "Ronde {turn}: {count} {count:besluit|besluiten} uit het script"},
    "ui.script_refused": {"en": "turn {turn}, decision {number} ({action}): {message}", "nl": "ronde {turn}, besluit {number} ({action}): {message}"},
    "ui.script_extra": {"en": "Note: {path} has decisions for turn {last}, but the game had {turns} turns.",
                        "nl": "Let op: {path} bevat besluiten voor ronde {last}, maar het spel had {turns} rondes."},
    "ui.no_items": {"en": "Nothing to choose from: {what}", "nl": "Niets om uit te kiezen: {what}"},
    "ui.no_initiatives": {"en": "you take part in no joint work yet", "nl": "u doet nog niet mee aan gezamenlijk werk"},
    "ui.window_none": {"en": "no crisis window is open now", "nl": "er is nu geen crisisvenster open"},
    "ui.keep": {"en": "keep as is", "nl": "ongewijzigd laten"},
    "ui.help": {
        "en": "Each turn you take decisions; each costs staff time and/or money for the coming months. Then the model runs and you see the news, "
              "every partner's answer with its reason, and the dashboard. Type the number of a choice, or a letter command.",
        "nl": "Elke ronde neemt u besluiten; elk besluit kost mensen en/of geld voor de komende maanden. Daarna draait het model en ziet u het nieuws, "
              "het antwoord van elke partner met de reden, en het dashboard. Typ het nummer van een keuze, of een lettercommando.",
    },
    "ui.fit": {"en": "fit", "nl": "past"},
    # ------------------------------------------------------------------ usage errors of the game's commands
    "cli.usage": {"en": "Usage:", "nl": "Gebruik:"},
    "cli.options": {"en": "[OPTIONS]", "nl": "[OPTIES]"},
    "cli.try_help": {"en": "Try '{command} --help' for help.", "nl": "Zie '{command} --help' voor hulp."},
    "cli.error": {"en": "Error: {message}", "nl": "Fout: {message}"},
    "cli.aborted": {"en": "Aborted.", "nl": "Afgebroken."},
    "cli.missing_option": {"en": "Missing option '{name}'.", "nl": "De optie '{name}' ontbreekt."},
    "cli.missing_argument": {"en": "Missing argument '{name}'.", "nl": "Het argument '{name}' ontbreekt."},
    "cli.no_such_option": {"en": "No such option: {option}", "nl": "Onbekende optie: {option}"},
    "cli.did_you_mean": {"en": " (did you mean {options}?)", "nl": " (bedoelt u {options}?)"},
    "cli.bad_value": {"en": "Invalid value for '{name}': {problem}", "nl": "Ongeldige waarde voor '{name}': {problem}"},
    "cli.extra_arguments": {"en": "Got unexpected extra arguments ({found})", "nl": "Onverwachte extra argumenten ({found})"},
    "cli.usage_error": {"en": "{message}", "nl": "Ongeldige aanroep: {message}"},
    "cli.value.integer": {"en": "a whole number is needed", "nl": "er is een geheel getal nodig"},
    "cli.value.number": {"en": "a number is needed", "nl": "er is een getal nodig"},
    "cli.value.at_least": {"en": "it must be at least {bound}", "nl": "die moet minstens {bound} zijn"},
    "cli.value.at_most": {"en": "it must be at most {bound}", "nl": "die mag hoogstens {bound} zijn"},
    "cli.value.no_file": {"en": "the file does not exist", "nl": "het bestand bestaat niet"},
    "ui.window": {"en": "crisis window", "nl": "crisisvenster"},
}
CATALOGUE.update(ROOM_CATALOGUE)  # a facilitated room's requests between participants and the comparison of teams

# names of things: Dutch where the English library name is not what a Dutch civil servant would say
NAMES: dict[str, dict[str, str]] = {
    "topic.air_quality": {"en": "Air quality", "nl": "Luchtkwaliteit"},
    "topic.housing_quality": {"en": "Housing quality (mould, damp)", "nl": "Woningkwaliteit (schimmel, vocht)"},
    "topic.debt_livelihood": {"en": "Debt and livelihood security", "nl": "Schulden en bestaanszekerheid"},
    "topic.healthy_school": {"en": "Healthy school", "nl": "Gezonde school"},
    "topic.work_health": {"en": "Work and health", "nl": "Werk en gezondheid"},
    "topic.food_environment": {"en": "Food environment", "nl": "Voedselomgeving"},
    "topic.green_exercise": {"en": "Green space and exercise", "nl": "Groen en bewegen"},
    "topic.alcohol_tobacco": {"en": "Alcohol and tobacco", "nl": "Alcohol en tabak"},
    "topic.loneliness_inclusion": {"en": "Loneliness and inclusion", "nl": "Eenzaamheid en inclusie"},
    "theme.livelihood_security": {"en": "livelihood security", "nl": "bestaanszekerheid"},
    "theme.housing": {"en": "good housing", "nl": "goed wonen"},
    "theme.labour_market": {"en": "participation in work", "nl": "arbeidsparticipatie"},
    "theme.education": {"en": "better learning results", "nl": "betere leerprestaties"},
    "theme.economy": {"en": "a productive economy", "nl": "een productieve economie"},
    "theme.environment": {"en": "a clean living environment", "nl": "een schone leefomgeving"},
    "theme.safety": {"en": "safety", "nl": "veiligheid"},
    "theme.care": {"en": "affordable care", "nl": "betaalbare zorg"},
    "theme.mobility": {"en": "mobility", "nl": "mobiliteit"},
    "theme.agriculture_food": {"en": "a sustainable food chain", "nl": "een duurzame voedselketen"},
    "theme.public_finance": {"en": "sound public finances", "nl": "gezonde overheidsfinanciën"},
    "theme.youth": {"en": "youth development", "nl": "ontwikkeling van jongeren"},
    "theme.sport_leisure": {"en": "sport and leisure", "nl": "sport en vrije tijd"},
    # ministries by code (the English as in the built-in defaults; a scenario's own English name is looked up too)
    "ministry.VWS": {"en": "Health, Welfare and Sport", "nl": "Volksgezondheid, Welzijn en Sport"},
    "ministry.OCW": {"en": "Education, Culture and Science", "nl": "Onderwijs, Cultuur en Wetenschap"},
    "ministry.SZW": {"en": "Social Affairs and Employment", "nl": "Sociale Zaken en Werkgelegenheid"},
    "ministry.BZK": {"en": "Interior and Kingdom Relations", "nl": "Binnenlandse Zaken en Koninkrijksrelaties"},
    "ministry.EZK": {"en": "Economic Affairs", "nl": "Economische Zaken"},
    "ministry.IenW": {"en": "Infrastructure and Water Management", "nl": "Infrastructuur en Waterstaat"},
    "ministry.LNV": {"en": "Agriculture, Fisheries, Food Security and Nature", "nl": "Landbouw, Visserij, Voedselzekerheid en Natuur"},
    "ministry.JenV": {"en": "Justice and Security", "nl": "Justitie en Veiligheid"},
    "ministry.FIN": {"en": "Finance", "nl": "Financiën"},
    "ministry.WWI": {"en": "Housing, Communities and Integration (2007-2010)", "nl": "Wonen, Wijken en Integratie (2007-2010)"},
    "ministry.VROM": {"en": "Housing, Spatial Planning and the Environment", "nl": "Volkshuisvesting, Ruimtelijke Ordening en Milieubeheer"},
    "ministry.VenW": {"en": "Transport, Public Works and Water Management", "nl": "Verkeer en Waterstaat"},
    "ministry.EZ": {"en": "Economic Affairs", "nl": "Economische Zaken"},
    "ministry.JUS": {"en": "Justice", "nl": "Justitie"},
    "ministry.JG": {"en": "Programme Ministry for Youth and Families (2007-2010)", "nl": "Programmaministerie voor Jeugd en Gezin (2007-2010)"},
    "ministry.IenM": {"en": "Infrastructure and the Environment (2010-2017)", "nl": "Infrastructuur en Milieu (2010-2017)"},
    "ministry.ELI": {"en": "Economic Affairs, Agriculture and Innovation (2010-2012)", "nl": "Economische Zaken, Landbouw en Innovatie (2010-2012)"},
    "ministry.LNV2008": {"en": "Agriculture, Nature and Food Quality", "nl": "Landbouw, Natuur en Voedselkwaliteit"},
    # municipal sectors by code (the English as in the built-in sector library)
    "sector.public_health": {"en": "Public health (VGZ)", "nl": "Publieke gezondheid (VGZ)"},
    "sector.youth": {"en": "Youth", "nl": "Jeugd"},
    "sector.education": {"en": "Education", "nl": "Onderwijs"},
    "sector.sport": {"en": "Sport", "nl": "Sport"},
    "sector.social_affairs": {"en": "Social affairs", "nl": "Sociale zaken"},
    "sector.care": {"en": "Care (Wmo)", "nl": "Zorg (Wmo)"},
    "sector.integration": {"en": "Integration", "nl": "Integratie"},
    "sector.housing": {"en": "Housing", "nl": "Wonen"},
    "sector.spatial_planning": {"en": "Spatial planning", "nl": "Ruimtelijke ordening"},
    "sector.environment": {"en": "Environment", "nl": "Milieu"},
    "sector.mobility": {"en": "Mobility", "nl": "Mobiliteit"},
    "sector.safety": {"en": "Safety", "nl": "Veiligheid"},
    # units as the engine names them
    "unit.FTE": {"en": "FTE", "nl": "fte"},
    "unit.M EUR/yr": {"en": "M EUR/yr", "nl": "mln euro per jaar"},
    "unit.k EUR/yr": {"en": "k EUR/yr", "nl": "duizend euro per jaar"},
    "unit.M EUR": {"en": "M EUR", "nl": "mln euro"},
    "unit.k EUR": {"en": "k EUR", "nl": "duizend euro"},
}


class Text:
    """Messages in one language: ``text("news.cabinet", cause=...)``."""

    def __init__(self, lang: str = "en") -> None:
        if lang not in LANGUAGES:
            raise ValueError(f"unknown language '{lang}'; choose one of: {', '.join(LANGUAGES)}")
        self.lang = lang

    def __call__(self, key: str, **values: Any) -> str:
        entry = CATALOGUE.get(key) or NAMES.get(key)
        if entry is None:
            raise KeyError(f"no text for '{key}'")
        return fill(entry[self.lang], values, self.lang) if values else entry[self.lang]

    def has(self, key: str) -> bool:
        return key in CATALOGUE or key in NAMES

    def name(self, key: str, fallback: Any) -> Any:
        """A translated name (topic, theme, ...) or the scenario's own name."""
        entry = NAMES.get(key) or CATALOGUE.get(key)
        return entry[self.lang] if entry else fallback

    def topic(self, view: Any, name: str) -> str:
        """A topic's name in the reader's language (``view``: the simulation's view, which knows the scenario's labels)."""
        label = view.topic_label(name)
        return name if label is None else self.name(f"topic.{name}", label)

    def org_name(self, code: str, name: str) -> str:
        """An organisation's name in the reader's language: a ministry's or sector's ``name`` as the scenario gives
        it (English), in Dutch from the catalogue (found by that English name, else by the code); a ministry
        named by its code stays its code."""
        if self.lang == "en" or name == code and code not in SECTOR_CODES:
            return name
        entry = _BY_ENGLISH.get(name) or NAMES.get(f"sector.{code}")
        if entry is None and name != code:
            entry = NAMES.get(f"ministry.{code}")
        return entry[self.lang] if entry else name

    def unit(self, unit: str) -> str:
        """A unit as the engine writes it ('M EUR/yr', 'FTE') in the reader's words; units inside a text such as
        ' (M EUR/yr)' are replaced too."""
        entry = NAMES.get(f"unit.{unit.strip()}")
        if entry is not None:
            return unit.replace(unit.strip(), entry[self.lang])
        for code in UNIT_CODES:
            if code in unit:
                unit = unit.replace(code, NAMES[f"unit.{code}"][self.lang])
        return unit

    def localise(self, values: dict[str, Any], view: Any = None) -> dict[str, Any]:
        """The values of a message (a result or a refusal) with their codes named in the reader's words: topics
        (``view``: the simulation's view), levers, ranks, settings, actions, fields and units."""
        out = dict(values)
        if "lever" in out:
            out["lever"] = self.lever(out["lever"])
        def topic(code: str) -> str:
            if view is not None and code in view.topic_index:
                return self.topic(view, code)
            return str(self.name(f"topic.{code}", code))

        for name in ("topic", "open"):
            if isinstance(out.get(name), str) and out[name] != "-":
                out[name] = ", ".join(topic(t) for t in out[name].split(", "))
        if "topics" in out and not isinstance(out["topics"], str):
            out["topics"] = ", ".join(topic(t) for t in out["topics"])
        if "rank" in out:
            out["rank"] = self(f"rank.{out['rank']}")
        for name in ("policy", "ambition"):
            if name in out:
                out[name] = self.name(f"choice.{out[name]}", out[name]) if name == "policy" else self.choice(out[name])
        if isinstance(out.get("action"), str) and self.has(f"action.{out['action']}"):
            out["action"] = self(f"action.{out['action']}")
        if isinstance(out.get("field"), str) and self.has(f"field.{out['field']}"):
            out["field"] = self(f"field.{out['field']}")
        if isinstance(out.get("unit"), str):
            out["unit"] = self.unit(out["unit"])
        if isinstance(out.get("role"), str):
            kind, _, org = out["role"].partition(":")
            if self.has(f"role.{kind}"):
                out["role"] = self(f"role.{kind}", org=org or "VWS")  # the programme director sits at VWS
        return out

    def refusal(self, error: Any, view: Any = None) -> str:
        """Why an action was refused (an ``ActionError``), in the reader's words."""
        return self(error.key, **self.localise(error.values, view))

    def number(self, value: Any, fmt: str = "") -> str:
        """A number as the reader writes it (Dutch: a decimal comma), see :func:`hiap_sim.text.numbers.number`."""
        return number(value, fmt, self.lang)

    def choice(self, code: Any) -> str:
        """A setting (frame, approach, funding, ambition, answer policy) in a few words: its menu label up to the dash."""
        return str(self.name(f"choice.{code}", code)).split(" — ")[0]

    def theme(self, name: str) -> str:
        return self.name(f"theme.{name}", name.replace("_", " "))

    def lever(self, name: str) -> str:
        return self.name(f"lever.{name}", name.replace("_", " "))

    def reason(self, reason: str) -> str:
        return self.name(f"reason.{reason}", reason.replace("_", " "))

    def why(self, reason: str) -> str:
        return self.name(f"why.{reason}", reason.replace("_", " "))

    def phase(self, phase: str) -> str:
        return self.name(f"phase.{phase}", phase)

    def event(self, event: Event, view: Any = None) -> str:
        """An event of the model's log (or of a municipality's journal) in this language, its topics, levers,
        crises, causes, reasons and municipal sectors named as the game names them (topics by the scenario's labels
        when the simulation's ``view`` is given); a ministry stays its code."""

        def names(kind: str, code: str) -> str | None:
            if kind == "topic" and view is not None:
                return self.topic(view, code)
            if kind == "org":
                return self.name(f"sector.{code}", None) if code in SECTOR_CODES else None  # type: ignore[arg-type]
            if kind == "reason":  # a partner's reason to decline, else why joint work stalled, ended or lost a partner
                return self.name(f"reason.{code}", None) or self.name(f"why.{code}", None)  # type: ignore[arg-type]
            return self.name(f"{kind}.{code}", None)  # type: ignore[arg-type]

        return render_event(event, self.lang, names)

    def level(self, level: int) -> str:
        return f"{level} {self.name(f'level.{level}', '')}".strip()


# names looked up by the scenario's English name (a scenario may give a ministry the name it had in its year)
_BY_ENGLISH = {entry["en"]: entry for key, entry in NAMES.items() if key.startswith(("ministry.", "sector."))}
SECTOR_CODES = frozenset(key.removeprefix("sector.") for key in NAMES if key.startswith("sector."))
UNIT_CODES = sorted((key.removeprefix("unit.") for key in NAMES if key.startswith("unit.")), key=len, reverse=True)
