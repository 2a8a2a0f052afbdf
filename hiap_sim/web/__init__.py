"""Browser front end: the explorer, facilitated multiplayer training sessions and their debrief.

``hiap-sim serve`` starts it (:mod:`hiap_sim.web.cli`); :func:`hiap_sim.web.app.create_app` builds the app;
:mod:`hiap_sim.web.rooms` adds remote players, rounds, a timer and injected events on top of the game engine
(:mod:`hiap_sim.game`); :mod:`hiap_sim.web.explorer` steps scenario runs for the explorer; :mod:`hiap_sim.web.security` adds the
security headers, the cap on request bodies and the limits per client. Like every front end it only builds
scenarios, sets levers, steps the model and reads its metrics.
"""
