"""合规: which accounts fail the inspection rule — no post in the 14 days before the check date is a
veto (单项否决) — the pass rate (合格率) by province, sector, platform and level, 预警, dormant accounts,
and the quarter's inspection rounds with their 通报."""

from ui import page, rounds

page.show("compliance")
rounds.section()
