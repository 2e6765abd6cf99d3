"""Running Techport: worker heartbeats and ``techport doctor``, the health check of a whole installation."""
