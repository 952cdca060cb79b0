"""What a conversation keeps between messages (memory.py) and how a correction amends the last write (amend.py)."""
