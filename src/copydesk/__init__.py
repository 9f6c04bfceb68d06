"""Copydesk: a self-hosted AI newsroom whose every sentence cites its sources."""

__version__ = "0.1.0"
