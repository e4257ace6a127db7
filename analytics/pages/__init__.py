"""Page specs: what each page shows, defined once — its options, its sections (a view call, a figure,
a table, a takeaway) — and rendered alike by the screen, presentation mode, exports and the CLI."""
