"""The Telegram front-end: customers raise and follow their tickets; linked reps use the same chat commands."""
