"""A deck of slides — title, chart, one-line takeaway, the numbers behind it and speaker notes — as the
PPTX and image exports take it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

SOURCE = ("数据来源：政务新媒体账号周快照（本系统数据表）；CNNIC《中国互联网络发展状况统计报告》。",
          "Data: weekly snapshots of government new-media accounts (this system's table); CNNIC Statistical "
          "Reports on Internet Development.")


@dataclass
class Slide:
    title: str
    figure: go.Figure
    takeaway: str = ""
    table: pd.DataFrame | None = None  # labelled as on screen
    notes: str = ""


@dataclass
class Deck:
    page: str
    title: str
    filters: str
    cutoff: dt.date
    version: int
    slides: list[Slide] = field(default_factory=list)
