"""The messages of the engine's events in English and Dutch, and how an event is rendered.

Every message key the engine logs (``Event.key``) has a template per language here; ``{name}`` placeholders
take the event's values. Some values are prepared before they are filled in:

- terms (``TERMS``): a topic, lever, crisis kind, cause of an election, reason, maturity stage or organisation
  (the ``partner`` and ``lead`` of joint work: a ministry's code, or a municipal sector such as ``youth``) is a
  code; the reader's front end may name it in its language (``names(kind, code)``), otherwise the code is shown
  as in the scenario files (levers and crisis kinds with spaces for underscores);
- lists: ``departments`` are joined with commas ('all' when empty), ``moves`` as 'A -> B', ``topics`` with commas
  (each named as a topic), and the partners of joint work with '+' ('-' when none; each named as an organisation);
- ``label``: joint work as 'topic (lead with partners)', from the values ``topic``, ``lead`` and ``partners``.

The English templates with the default names give, character for character, the ``what`` column of
``events.csv`` as it has always been written.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from hiap_sim.scenario.municipal import MATURITY_STAGES
from hiap_sim.text.plural import fill

LANGUAGES = ("en", "nl")


class _Event(Protocol):
    key: str
    values: dict[str, Any]


Names = Callable[[str, str], "str | None"]  # (term kind, code) -> the reader's name, or None for the default

EVENT_TEXT: dict[str, dict[str, str]] = {
    # the world of the national level
    "log.cabinet": {"en": "New cabinet ({cause}); mean commitment {mean:.2f}", "nl": "Nieuw kabinet ({cause}); gemiddelde politieke inzet {mean:.2f}"},
    "log.crisis": {"en": "{crisis} crisis (size {size:.2f}) touching {departments}", "nl": "crisis: {crisis} (omvang {size:.2f}), raakt {departments}"},
    "log.budget_cut": {"en": "Budget cut of {fraction:.0%} for {departments}", "nl": "Bezuiniging van {fraction:.0%} voor {departments}"},
    "log.department_starts": {"en": "{department} starts", "nl": "{department} begint"},
    "log.department_ends": {"en": "{department} ends", "nl": "{department} houdt op"},
    "log.reorganisation": {"en": "Reorganisation: {moves}", "nl": "Reorganisatie: {moves}"},
    "log.mandate_lapses": {"en": "mandate of {department} lapses", "nl": "mandaat van {department} vervalt"},
    "log.mandate_held": {"en": "mandate of {department} held by {holder}", "nl": "mandaat van {department} ligt bij {holder}"},
    "log.lever_starts": {"en": "{lever} starts", "nl": "{lever} gaat van start"},
    "log.lever_ends": {"en": "{lever} ends", "nl": "{lever} stopt"},
    # joint work of the national level
    "log.initiative_started": {"en": "Started: {label} at level {level}", "nl": "Gestart: {label} op niveau {level}"},
    "log.initiative_ongoing": {"en": "Under way at the start: {label} at level {level}", "nl": "Al gaande bij de start: {label} op niveau {level}"},
    "log.decision_joins": {"en": "{partner} joins: {topic} from {lead}", "nl": "{partner} doet mee: {topic} van {lead}"},
    "log.decision_declines": {"en": "{partner} declines ({reason}): {topic} from {lead}", "nl": "{partner} wijst af ({reason}): {topic} van {lead}"},
    "log.partner_joined": {"en": "{partner} joins {label}", "nl": "{partner} sluit aan bij {label}"},
    "log.partner_left": {"en": "{partner} leaves {label} ({reason})", "nl": "{partner} stapt uit {label} ({reason})"},
    "log.escalation": {"en": "{label} moves to level {level}", "nl": "{label} gaat naar niveau {level}"},
    "log.initiative_stalled": {"en": "Stalled: {label} ({reason})", "nl": "Stilgevallen: {label} ({reason})"},
    "log.initiative_revived": {"en": "Revived: {label}", "nl": "Weer opgepakt: {label}"},
    "log.initiative_completed": {"en": "Completed: {label} ({reason})", "nl": "Afgerond: {label} ({reason})"},
    "log.initiative_abandoned": {"en": "Abandoned: {label} ({reason})", "nl": "Gestopt: {label} ({reason})"},
    "log.funding": {"en": "Structural follow-up for {label}", "nl": "Structureel vervolg voor {label}"},
    "log.turnover": {"en": "Coordinator of {label} leaves", "nl": "Trekker van {label} vertrekt"},
    "log.reinforce": {"en": "Extra staff and money for {label}", "nl": "Extra mensen en geld voor {label}"},
    "log.scale_down": {"en": "{label} scaled down to level {level}", "nl": "{label} afgeschaald naar niveau {level}"},
    "log.publicity": {"en": "Small wins of {label} made public", "nl": "Kleine successen van {label} zichtbaar gemaakt"},
    # what players' organisations did (game actions)
    "log.relation": {"en": "{org} invests in its relationship with {partner}", "nl": "{org} investeert in de relatie met {partner}"},
    "log.political_cover_granted": {"en": "{org} asks its minister for cover: granted", "nl": "{org} vraagt de minister om dekking: gekregen"},
    "log.political_cover_refused": {"en": "{org} asks its minister for cover: refused", "nl": "{org} vraagt de minister om dekking: geweigerd"},
    "log.evidence": {"en": "{org} commissions a cost-benefit analysis", "nl": "{org} laat een maatschappelijke kosten-batenanalyse maken"},
    "log.lever_proposal_adopted": {"en": "{org} proposes {lever}: adopted", "nl": "{org} stelt {lever} voor: aangenomen"},
    "log.lever_proposal_rejected": {"en": "{org} proposes {lever}: rejected", "nl": "{org} stelt {lever} voor: afgewezen"},
    # the municipal level
    "log.municipal_election": {"en": "Municipal elections ({cause}); mean alderman support {mean:.2f}",
                               "nl": "Gemeenteraadsverkiezingen ({cause}); gemiddelde steun van wethouders {mean:.2f}"},
    "log.grant_awarded": {"en": "Grant '{grant}': {taken} of {eligible} eligible municipalities funded; {unaffordable} could not pay the co-financing",
                          "nl": "Subsidie '{grant}': {taken} van {eligible} gemeenten die in aanmerking komen krijgen geld; {unaffordable} konden de cofinanciering niet betalen"},
    "log.grant_ends": {"en": "Grant '{grant}' ends", "nl": "Subsidie '{grant}' stopt"},
    "log.maturity_up": {"en": "{municipality} rises to stage {stage} ({stage_name})", "nl": "{municipality} stijgt naar fase {stage} ({stage_name})"},
    "log.maturity_down": {"en": "{municipality} falls back to stage {stage} ({stage_name})", "nl": "{municipality} valt terug naar fase {stage} ({stage_name})"},
    # the journal of a watched municipality (its joint work, its partners' answers, the health officer's and the alderman's actions)
    "log.local.initiative_started": {"en": "{municipality}: started {label} at level {level}", "nl": "{municipality}: gestart: {label} op niveau {level}"},
    "log.local.decision_joins": {"en": "{municipality}: {partner} joins {topic} from {lead}", "nl": "{municipality}: {partner} doet mee aan {topic} van {lead}"},
    "log.local.decision_declines": {"en": "{municipality}: {partner} declines ({reason}) {topic} from {lead}",
                                    "nl": "{municipality}: {partner} wijst {topic} van {lead} af ({reason})"},
    "log.local.escalation_agreed": {"en": "{municipality}: {partner} agrees to take {topic} from {lead} to level {level}",
                                    "nl": "{municipality}: {partner} stemt in met niveau {level} voor {topic} van {lead}"},
    "log.local.escalation_refused": {"en": "{municipality}: {partner} refuses ({reason}) to take {topic} from {lead} to level {level}",
                                     "nl": "{municipality}: {partner} weigert niveau {level} voor {topic} van {lead} ({reason})"},
    "log.local.partner_joined": {"en": "{municipality}: {partner} joins {label}", "nl": "{municipality}: {partner} sluit aan bij {label}"},
    "log.local.partner_left": {"en": "{municipality}: {partner} leaves {label} ({reason})", "nl": "{municipality}: {partner} stapt uit {label} ({reason})"},
    "log.local.escalation": {"en": "{municipality}: {label} moves to level {level}", "nl": "{municipality}: {label} gaat naar niveau {level}"},
    "log.local.small_win": {"en": "{municipality}: small win for {label}", "nl": "{municipality}: klein succes voor {label}"},
    "log.local.initiative_stalled": {"en": "{municipality}: stalled: {label} ({reason})", "nl": "{municipality}: stilgevallen: {label} ({reason})"},
    "log.local.initiative_revived": {"en": "{municipality}: revived: {label}", "nl": "{municipality}: weer opgepakt: {label}"},
    "log.local.initiative_completed": {"en": "{municipality}: completed: {label} ({reason})", "nl": "{municipality}: afgerond: {label} ({reason})"},
    "log.local.initiative_abandoned": {"en": "{municipality}: abandoned: {label} ({reason})", "nl": "{municipality}: gestopt: {label} ({reason})"},
    "log.local.funding": {"en": "{municipality}: structural follow-up for {label}", "nl": "{municipality}: structureel vervolg voor {label}"},
    "log.local.reinforce": {"en": "{municipality}: extra staff and money for {label}", "nl": "{municipality}: extra mensen en geld voor {label}"},
    "log.local.scale_down": {"en": "{municipality}: {label} scaled down to level {level}", "nl": "{municipality}: {label} afgeschaald naar niveau {level}"},
    "log.local.publicity": {"en": "{municipality}: {wins} {wins:small win|small wins} of {label} made public",
                            "nl": "{municipality}: {wins} {wins:klein succes|kleine successen} van {label} zichtbaar gemaakt"},
    "log.local.relation": {"en": "{municipality}: public health invests in its relationship with {partner}",
                           "nl": "{municipality}: publieke gezondheid investeert in de relatie met {partner}"},
    "log.local.evidence": {"en": "{municipality}: public health commissions a local analysis", "nl": "{municipality}: publieke gezondheid laat een lokale analyse maken"},
    "log.local.political_cover_granted": {"en": "{municipality}: the college is asked for backing: granted", "nl": "{municipality}: het college wordt om steun gevraagd: gekregen"},
    "log.local.political_cover_refused": {"en": "{municipality}: the college is asked for backing: refused", "nl": "{municipality}: het college wordt om steun gevraagd: geweigerd"},
    "log.local.policy_note_adopted": {"en": "{municipality}: the council adopts the local health policy note ({topics})",
                                      "nl": "{municipality}: de raad neemt de lokale nota gezondheidsbeleid aan ({topics})"},
    "log.local.policy_note_rejected": {"en": "{municipality}: the council rejects the local health policy note ({topics})",
                                       "nl": "{municipality}: de raad verwerpt de lokale nota gezondheidsbeleid ({topics})"},
    "log.local.local_budget_adopted": {"en": "{municipality}: the council earmarks money for joint health work",
                                       "nl": "{municipality}: de raad trekt structureel geld uit voor gezamenlijk gezondheidswerk"},
    "log.local.local_budget_rejected": {"en": "{municipality}: the council turns down money for joint health work",
                                        "nl": "{municipality}: de raad wijst geld voor gezamenlijk gezondheidswerk af"},
    "log.local.election": {"en": "{municipality}: municipal elections; the alderman's support {before:.2f} -> {after:.2f}",
                           "nl": "{municipality}: gemeenteraadsverkiezingen; steun van de wethouder {before:.2f} -> {after:.2f}"},
}

TERMS = {"topic": "topic", "lever": "lever", "crisis": "crisis", "cause": "cause", "reason": "reason", "partner": "org", "lead": "org"}  # value name -> kind of term
PREPARED = (*TERMS, "departments", "moves", "topics", "partners", "stage")  # in this order: the label takes the topic and lead as named
ALL = {"en": "all", "nl": "alle"}


def _default_term(kind: str, code: str) -> str:
    """A code as ``events.csv`` has always shown it."""
    return code.replace("_", " ") if kind in ("lever", "crisis") else code


def _term(names: Names | None, kind: str, code: str) -> str:
    """A code in the reader's words, or as ``events.csv`` shows it."""
    return (names(kind, code) if names is not None else None) or _default_term(kind, code)


def render(event: _Event, lang: str = "en", names: Names | None = None) -> str:
    """The event's message in ``lang``; ``names(kind, code)`` names topics, levers, crises, causes and reasons
    in the reader's words (None: the default)."""
    templates = EVENT_TEXT.get(event.key)
    if templates is None:
        raise KeyError(f"no text for the event message '{event.key}'")
    template = templates.get(lang)
    if template is None:
        raise ValueError(f"unknown language '{lang}'; choose one of: {', '.join(LANGUAGES)}")
    values = event.values
    prepared = [name for name in PREPARED if name in values]
    if not prepared:
        return fill(template, values, lang)
    values = dict(values)
    for name in prepared:
        value = values[name]
        kind = TERMS.get(name)
        if kind is not None:
            values[name] = _term(names, kind, str(value))
        elif name == "departments":
            values[name] = ", ".join(value) or ALL[lang]
        elif name == "moves":
            values[name] = ", ".join(f"{a} -> {b}" for a, b in value)
        elif name == "topics":
            values[name] = ", ".join(_term(names, "topic", str(t)) for t in value)
        elif name == "partners":
            partners = "+".join(_term(names, "org", str(p)) for p in value) or "-"
            values["label"] = EVENT_LABEL[lang].format(topic=values["topic"], lead=values["lead"], partners=partners)
        elif name == "stage":
            values["stage_name"] = MATURITY_STAGES[int(value) - 1]
    return fill(template, values, lang)


EVENT_LABEL = {"en": "{topic} ({lead} with {partners})", "nl": "{topic} ({lead} met {partners})"}
