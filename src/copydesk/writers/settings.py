"""Which writer drafts the articles, and how it reaches its model: COPYDESK_WRITER and COPYDESK_LLM_*.

They are read, with every other variable, by copydesk.config; the names stay importable from here.
"""

from __future__ import annotations

from copydesk.config import WRITERS, WriterSettings
from copydesk.config_readers import Secret

__all__ = ["WRITERS", "Secret", "WriterSettings"]
