"""Postings through their lifecycle (FBS, rFBS, FBO, crossborder), labels, acts, carriage,
exemplars, cancellations and returns."""
