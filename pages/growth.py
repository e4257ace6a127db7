"""增长: how the matrix grows half-year by half-year, CNNIC-style (June and December), what was opened
and closed in clean-up waves, and how China's internet population grew in CNNIC's reports."""

from ui import page

page.show("growth")
