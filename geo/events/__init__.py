"""Event coding: what happened at a mentioned place, who did it, who says so.

``code_event`` is the stage's one interface (see ``geo.events.coder``).
"""

from geo.events.coder import code_event

__all__ = ["code_event"]
