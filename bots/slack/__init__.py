"""The Slack front-end (slack-bolt): `/crm`, @mentions and DMs through the dialogue, Block Kit replies,
the support channel, App Home and the "Log to CRM" message shortcut. `crm slack` runs it."""
