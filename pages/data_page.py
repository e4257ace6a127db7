"""数据管理: the store's version history — when, who, which file, how many rows added or replaced."""

import pandas as pd
import streamlit as st

from ui import data, page, tables
from ui.i18n import pick
from ui.tables import Col

engine, _ = page.context()
page.header("data", "数据表的全部版本：时间、操作人、文件、校验码、新增与替换行数。",
            "Every version of the table: when, who, which file, its checksum, rows added and replaced.")
history = [h.as_row() for h in engine.store.history()]
versions = pd.DataFrame(history)
versions["sha"] = versions["sha256"].str[:12]
tables.show(versions, [Col("version", pick("版本", "Version"), "int"), Col("timestamp", pick("时间（UTC）", "Time (UTC)")),
                       Col("action", pick("操作", "Action")), Col("user", pick("操作人", "User")),
                       Col("source", pick("文件", "File")), Col("sha", "sha256"),
                       Col("rows_added", pick("新增行", "Rows added"), "int"),
                       Col("rows_replaced", pick("替换行", "Rows replaced"), "int")], key="data_versions")
