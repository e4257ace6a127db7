"""平台结构: which platforms carry the matrix — accounts, followers, reads and interactions — and how
that mix shifts over time and across provinces. Click a platform to filter by it."""

from ui import page

page.show("mix")
