"""矩阵: how complete the account matrix is — the hierarchy 中央 → province → city → level, which
platforms each agency covers, the composite matrix index, and accounts renamed or merged."""

from ui import page

page.show("matrix")
