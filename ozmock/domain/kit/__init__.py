"""Helpers every area shares: reading protojson values, dates, ids, money, paging, and the registry
of timing and limit keys. One copy each, so two areas cannot drift apart on how a price or a page
size is read."""
