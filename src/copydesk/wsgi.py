"""WSGI entry point (`copydesk serve` runs it with granian): kept pages answer anonymous readers
before Django is asked (newsroom.pagecache.FastPages)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "copydesk.settings")
django_application = get_wsgi_application()

from copydesk.newsroom.pagecache import FastPages  # noqa: E402  (needs Django set up)

application = FastPages(django_application)
