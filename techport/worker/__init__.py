"""``techport worker``: one loop that delivers the mail outbox and runs the periodic jobs (see loop.py)."""
