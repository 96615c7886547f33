"""The team's work: annotation events in `annotations/`, replayed over the latest run.

    ws = sm.open_project("data/sample").workspace
    ws.themes; ws.rename("T03", "Bus fares", by="amira"); ws.resolved()

Modules: `events` (the decisions), `store` (per-author append-only logs, and why),
`replay` (current state), `identity` (team themes across runs), `resolved` (the one
table outputs read), `search` (KWIC), `agreement` (kappa, alpha), `forget` (consent
withdrawal), `widgets` (JupyterLab panel), `api` (`Workspace`).
"""

from __future__ import annotations

from .api import Workspace
from .events import Event

__all__ = ["Event", "Workspace"]
