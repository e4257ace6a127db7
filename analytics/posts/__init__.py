"""The posts table beside the snapshots: what accounts published, one row per post (see README, 发布内容)."""
