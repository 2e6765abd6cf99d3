"""Listings: technology offers, technology needs and IP assets under one standard profile."""
