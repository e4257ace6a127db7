"""趋势: how has any metric moved over time, and which platforms, regions, sectors or levels drove it?"""

from ui import page

page.show("trends")
