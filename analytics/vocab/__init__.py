"""Vocabularies: platforms, provinces, levels and sectors, metrics, time buckets, display names."""
