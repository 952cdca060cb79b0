"""One function per operation; the bus runs each in one transaction."""
