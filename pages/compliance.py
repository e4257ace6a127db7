"""合规: which accounts fail the inspection rule — no post in the 14 days before the check date is a
veto (单项否决) — the pass rate (合格率) by province, sector, platform and level, 预警, dormant accounts,
the quarter's inspection rounds with their 通报, and the alerts sent to the responsible units."""

from ui import alerts, page, rounds

page.show("compliance")
rounds.section()
alerts.section()
