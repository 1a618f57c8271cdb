"""The seller's warehouses, their FBS/rFBS setup and delivery methods."""
