"""Techmart Daily: the exchange's permanent showroom of curated, themed exhibits."""
