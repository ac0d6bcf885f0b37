"""The dashboard's settings: one table, read from the environment once per run.

- ``CONFLICT_MAP_LAYER`` (default ``data/layer.geojson``): the layer file to show.
- ``CONFLICT_MAP_REPORTS`` (default ``data/reports`` for the default layer, else unset):
  the reports the layer is rebuilt from when it is missing or older than them; an empty
  value never builds.
- ``CONFLICT_MAP_ONLINE_TILES`` (default ``0``): ``1`` offers OpenStreetMap tiles above the
  offline basemap (needs internet).

Relative paths are taken from the project folder, so ``streamlit run app.py`` works from
anywhere. A layer chosen by ``CONFLICT_MAP_LAYER`` is never rebuilt unless
``CONFLICT_MAP_REPORTS`` is set too: a test or benchmark layer must not be overwritten by
the reports that happen to sit in ``data/reports``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
DEFAULT_LAYER = Path("data/layer.geojson")
DEFAULT_REPORTS = Path("data/reports")

#: (variable, default shown to users, help): the table above, for the app's "About" box.
SETTINGS_TABLE = (
    ("CONFLICT_MAP_LAYER", str(DEFAULT_LAYER), "the layer file the dashboard shows"),
    (
        "CONFLICT_MAP_REPORTS",
        f"{DEFAULT_REPORTS} (default layer only)",
        "reports to build the layer from when it is missing or stale; empty: never build",
    ),
    ("CONFLICT_MAP_ONLINE_TILES", "0", "1: add online map tiles (needs internet)"),
)


@dataclass(frozen=True)
class Settings:
    layer: Path
    reports: Path | None
    online_tiles: bool


def _absolute(path: str | Path) -> Path:
    path = Path(path).expanduser()
    return path if path.is_absolute() else PROJECT_DIR / path


def load_settings(env: Mapping[str, str] = os.environ) -> Settings:
    """Settings from ``env`` (the process environment by default), with the defaults above."""
    layer_var = env.get("CONFLICT_MAP_LAYER", "").strip()
    reports_var = env.get("CONFLICT_MAP_REPORTS")
    if reports_var is None:
        reports = None if layer_var else _absolute(DEFAULT_REPORTS)
    else:
        reports = _absolute(reports_var) if reports_var.strip() else None
    return Settings(
        layer=_absolute(layer_var or DEFAULT_LAYER),
        reports=reports,
        online_tiles=env.get("CONFLICT_MAP_ONLINE_TILES", "0").strip() == "1",
    )
