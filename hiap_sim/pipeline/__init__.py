"""The rule pipeline of joint work, once for both levels (spec 4.3-4.6).

Ministries and municipalities run the same verbs (propose, invite, decide, escalate, small win, leave,
stall, revive, end, funding ends) over one table of joint work (:class:`WorkTable`). What differs between
the levels is data and parameters, supplied by the level through the :class:`Level` protocol in
``hiap_sim.pipeline.level``.
"""

from hiap_sim.pipeline.joint_work import JointWork
from hiap_sim.pipeline.table import ABANDONED, ACTIVE_MAX, APPROACHES, COMPLETED, FUNDINGS, PHASES, STALLED, WorkTable

__all__ = ["ABANDONED", "ACTIVE_MAX", "APPROACHES", "COMPLETED", "FUNDINGS", "PHASES", "STALLED", "JointWork", "WorkTable"]
