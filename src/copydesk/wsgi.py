"""WSGI entry point (`copydesk serve` runs it with granian): kept pages answer anonymous readers
before Django is asked (newsroom.pagecache.FastPages), behind the trusted-proxy check."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "copydesk.settings")
django_application = get_wsgi_application()

# These need Django set up.
from copydesk import config  # noqa: E402
from copydesk.newsroom.pagecache import FastPages  # noqa: E402
from copydesk.serving import TrustedProxy  # noqa: E402

application = TrustedProxy(FastPages(django_application), config.current().site.trusted_proxy)
