"""Products: import tasks, cards and their moderation, prices, stocks, barcodes, quotas."""
