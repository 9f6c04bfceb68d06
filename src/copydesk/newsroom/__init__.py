"""The newsroom Django app: stored articles, stories, revisions, pages and the JSON API."""
