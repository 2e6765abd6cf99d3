"""Saved searches and the alerts, expiry reminders and review digests they lead to."""
