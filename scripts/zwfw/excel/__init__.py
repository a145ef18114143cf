"""Excel in and out: the plan's attachment tables, fill-in templates, import and reconciliation."""
