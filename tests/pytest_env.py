"""Loaded with `-p` before pytest-django starts Django: the suite's data dir is a temporary one."""

import os
import tempfile

os.environ.setdefault("COPYDESK_DATA_DIR", tempfile.mkdtemp(prefix="copydesk-test-"))
