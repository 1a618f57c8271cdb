"""Ozon actions, the seller's own actions and pricing strategies."""
