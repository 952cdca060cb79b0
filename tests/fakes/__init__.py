"""Local stand-ins for the chat platforms' APIs."""
