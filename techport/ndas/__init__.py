"""NDAs between a listing's owner and an inquiring organisation, and the confidential details they unlock."""
