"""Seats: one interface for national and municipal roles (hiap_sim.seats, through the control port)."""

from __future__ import annotations

import inspect

from hiap_sim.control import MunicipalSeat, NationalSeat, Seat
from hiap_sim.game.actions import ACTIONS


def test_both_seats_fill_in_the_whole_interface():
    declared = {name for name, member in vars(Seat).items() if inspect.isfunction(member) and name != "offers"}
    assert len(declared) > 50
    for seat in (NationalSeat, MunicipalSeat):
        missing = sorted(name for name in declared if getattr(seat, name) is getattr(Seat, name))
        assert not missing, (seat.__name__, missing)


def test_each_level_declares_the_verbs_it_does_not_offer():
    assert {"policy_note", "local_budget"} <= NationalSeat.unavailable
    assert {"propose_lever", "seize_window", "shared_narrative"} <= MunicipalSeat.unavailable
    for seat in (NationalSeat, MunicipalSeat):
        assert seat.unavailable - {"relation_share"} <= set(ACTIONS)
        assert seat.offers(seat, "propose") and seat.offers(seat, "publicise")
