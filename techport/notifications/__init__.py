"""Notifications: every event a person should hear about, in the site and by mail, through one service."""
