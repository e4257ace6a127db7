"""地区: which provinces lead or lag on any metric, on a tile map where every region is one equal
tile (no boundary data). Click a tile to filter to that province."""

from ui import page

page.show("regions")
