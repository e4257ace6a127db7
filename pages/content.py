"""内容: what accounts published in the period — top works, 10万+ works, kinds, when accounts post and
when posts do best, original share and keywords."""

from ui import page

page.show("content")
