"""SALib methods, one module each, found by name (as SALib's ``ProblemSpec`` finds its samplers and analysers).

A method module defines ``METHOD``, an instance of :class:`~hiap_sim.experiments.methods.base.SweepMethod`
that holds everything specific to the method: its checks of an experiment, its sampler, its indices, its
figures, its findings and its section of the report. ``method: NAME`` in an experiment file selects the module
``hiap_sim.experiments.methods.NAME``; adding a method is adding one module here (and its tests and docs).
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hiap_sim.experiments.methods.base import SweepMethod

_NOT_METHODS = {"base"}


@cache
def method_names() -> tuple[str, ...]:
    """Names of the available methods (the modules of this package that define ``METHOD``), in a stable order."""
    names = [m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_") and m.name not in _NOT_METHODS]
    order = {"sobol": 0, "morris": 1, "fast": 2, "latin": 3, "grid": 4}
    return tuple(sorted(names, key=lambda n: (order.get(n, 99), n)))


@cache
def get_method(name: str) -> SweepMethod:
    """The method called ``name``; KeyError names the available ones."""
    if name not in method_names():
        raise KeyError(f"unknown method '{name}'; expected one of {', '.join(method_names())}")
    return importlib.import_module(f"{__name__}.{name}").METHOD
