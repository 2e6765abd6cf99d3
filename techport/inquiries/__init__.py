"""Inquiries and the deal pipeline between organisations."""
