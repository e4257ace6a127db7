"""Every page in navigation order, by its public URL path (documented in the README)."""

from __future__ import annotations

from analytics.pages import account, compliance, content, growth, matrix, mix, overview, rankings, regions, trends
from analytics.pages.spec import PageSpec

DATA = PageSpec("data", "数据管理", "Data", "导入每周快照、预览校验结果后再提交、查看全部版本并可恢复任一版本（仅分析员）。",
                "Import weekly snapshots, review the validation report before anything is written, and restore any "
                "version (analysts only).", ":material/database:")
PAGES: dict[str, PageSpec] = {s.key: s for s in (
    overview.SPEC, trends.SPEC, mix.SPEC, growth.SPEC, rankings.SPEC, content.SPEC, regions.SPEC, matrix.SPEC,
    compliance.SPEC, account.SPEC, DATA)}
BRIEFING = ("overview", "trends", "mix", "growth", "rankings", "compliance")
