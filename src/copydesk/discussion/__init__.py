"""Accounts and Thoughts: signed-in readers' discussion under every story, and its moderation."""
