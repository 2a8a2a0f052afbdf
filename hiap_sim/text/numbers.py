"""Numbers as a reader of each language writes them.

English writes a decimal point ('0.35', '1,380.5'); Dutch writes a decimal comma ('0,35'). A Dutch number gets a
thousands separator only where the format asks for one (a ``,`` in the spec), and then it is a point ('1.380,5'),
as Dutch writing has it; without one, neither language groups digits. A percentage keeps its sign as the format
writes it ('8%'), a sign keeps its place ('+0,4'). Only text for readers goes through here: machine outputs (CSV,
JSON data, ``summary.json``) keep Python's own formatting.
"""

from __future__ import annotations

from numbers import Real
from typing import Any

_SWAP = str.maketrans({".": ",", ",": "."})


def number(value: Any, spec: str = "", lang: str = "en") -> str:
    """``format(value, spec)`` as a reader of ``lang`` writes it: in Dutch a decimal comma (and a point between
    thousands when ``spec`` groups them). Values that are not numbers (text, ``None``, booleans) are formatted as
    ``format`` would, unchanged in every language."""
    written = format(value, spec)
    if lang != "nl" or isinstance(value, bool) or not isinstance(value, Real):
        return written
    return written.translate(_SWAP)


__all__ = ["number"]
