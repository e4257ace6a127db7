"""Outputs: figures, takeaways, page specs, presentation decks and exports."""
