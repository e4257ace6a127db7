"""The weekly supervision work built on the views: inspection rounds (检查) and their re-checks (复查)."""
