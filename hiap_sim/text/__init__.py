"""Text at the edge: the languages of the project and the messages of the engine's events.

The engine logs typed events (:mod:`hiap_sim.events`): a message key with its values, never prose. This package
renders them: ``render(event, lang)`` fills the event's message in English or Dutch. The front ends (the game,
the terminal, the web app and its explorer) render in the reader's language and pass their own names of topics,
levers, crises and reasons (``names``); ``events.csv`` carries the English rendering with the codes as they
stand in the scenario files. The game's and the web app's own catalogues (``hiap_sim.game.text``,
``hiap_sim.web.text``) share :data:`LANGUAGES`.
"""

from __future__ import annotations

from hiap_sim.text.events import EVENT_TEXT, LANGUAGES, Names, render
from hiap_sim.text.numbers import number
from hiap_sim.text.plural import fill, placeholders

__all__ = ["EVENT_TEXT", "LANGUAGES", "Names", "fill", "number", "placeholders", "render"]
