"""Delivery of the mail outbox over SMTP, and the development SMTP sink with its /dev/mail page."""
