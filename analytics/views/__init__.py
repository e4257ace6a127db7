"""Views: one module per page that shows it, each Filters -> DataFrame with its SQL builder."""
