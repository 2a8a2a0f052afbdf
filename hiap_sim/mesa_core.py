"""The parts of Mesa the model uses (Model, Agent, AgentSet, event priorities), imported without the rest.

``import mesa`` runs ``mesa/__init__.py``, which imports all of Mesa: the discrete spaces (scipy.spatial,
networkx), the batch runner (tqdm, asyncio, multiprocessing), and ``mesa.experimental`` with its continuous
space (scipy.spatial.distance). That takes about half a second, longer than a whole run of national_2025,
while the model needs four classes. Here ``mesa`` and ``mesa.experimental`` are registered as packages whose
submodules import on their own; a package's own ``__init__`` runs the first time a name it defines is asked
for (``mesa.DataCollector``, ``mesa.__version__``, ``mesa.experimental.devs``), so other code that uses the
whole package still gets all of it. Where Mesa is already imported, this changes nothing.

``mesa.model`` names its loggers with ``inspect.stack()`` and ``inspect.getouterframes()``, which read the
source lines of every frame on the stack and search the files of all loaded modules for each (about 0.15 s
once pandas is loaded); while it is imported here, they list the same frames without their source lines.
"""

from __future__ import annotations

import importlib.util
import inspect
import sys
from types import ModuleType


def _deferred_package(name: str) -> None:
    """Register package ``name`` without running its ``__init__`` until a name it does not yet hold is asked for."""
    if name in sys.modules:
        return
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None or spec.submodule_search_locations is None:
        return  # not an ordinary package: import it as usual
    package = importlib.util.module_from_spec(spec)  # __path__, __file__ and __spec__ set; __init__ not run

    def complete(attribute: str):
        if "__getattr__" in package.__dict__ and package.__dict__["__getattr__"] is complete:
            del package.__dict__["__getattr__"]
            spec.loader.exec_module(package)  # the whole package, once
        return package.__dict__[attribute] if attribute in package.__dict__ else ModuleType.__getattribute__(package, attribute)

    package.__getattr__ = complete  # called only for names the package does not hold yet
    sys.modules[name] = package
    parent, _, child = name.rpartition(".")
    if parent:
        setattr(sys.modules[parent], child, package)


class _FramesWithoutSource:
    """``inspect`` as Mesa's logging helpers see it while ``mesa.model`` is imported: the same, except that
    ``stack()`` and ``getouterframes()`` leave out each frame's source lines (which Mesa does not use), and
    ``getmodule()`` finds a frame's module by its name rather than its file."""

    def __getattr__(self, name: str):
        return getattr(inspect, name)

    @staticmethod
    def getmodule(thing, filename: str | None = None):
        if inspect.isframe(thing) and thing.f_globals.get("__name__") in sys.modules:
            return sys.modules[thing.f_globals["__name__"]]
        return inspect.getmodule(thing, filename)

    @staticmethod
    def getouterframes(frame, context: int = 1) -> list[inspect.FrameInfo]:
        frames = []
        while frame is not None:
            frames.append(inspect.FrameInfo(frame, frame.f_code.co_filename, frame.f_lineno, frame.f_code.co_name, None, None))
            frame = frame.f_back
        return frames

    @classmethod
    def stack(cls, context: int = 1) -> list[inspect.FrameInfo]:
        return cls.getouterframes(sys._getframe(1), context)


def _import_model() -> type:
    """``mesa.model.Model``, its loggers named without reading the source of every frame (see above)."""
    if "mesa.model" in sys.modules:
        return sys.modules["mesa.model"].Model
    import mesa.mesa_logging as mesa_logging

    mesa_logging.inspect = _FramesWithoutSource()
    try:
        from mesa.model import Model
    finally:
        mesa_logging.inspect = inspect
    return Model


try:  # the four classes alone; a Mesa whose layout differs falls back to importing all of it
    _deferred_package("mesa")
    _deferred_package("mesa.experimental")
    from mesa.agent import Agent, AgentSet
    from mesa.time import Priority

    Model = _import_model()
except (ImportError, AttributeError):  # pragma: no cover - depends on the installed Mesa
    for _name in ("mesa", "mesa.experimental"):
        if _name in sys.modules and getattr(sys.modules[_name], "__getattr__", None) is not None:
            del sys.modules[_name]
    from mesa import Agent, AgentSet, Model
    from mesa.time import Priority

__all__ = ["Agent", "AgentSet", "Model", "Priority"]
