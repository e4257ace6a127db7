"""Events on the time charts: shipped (curated), added by analysts, and derived from the data."""
