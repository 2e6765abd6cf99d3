"""Connection events: the "Cà phê công nghệ" series and research-results showcases (issue 18)."""
