"""Finance, reports, analytics and ratings, derived from the world's products and postings."""
