"""Static files with their content's hash in their names, so that browsers may keep them for a year."""

from __future__ import annotations

from whitenoise.storage import CompressedManifestStaticFilesStorage


class FingerprintedStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's manifest storage (fingerprinted names, gzip and brotli copies), falling back to the
    plain name of a file that was not collected: pages still render before `collectstatic` has run
    (tests, development), and WhiteNoise then serves the file from its app with a short expiry."""

    manifest_strict = False

    def stored_name(self, name: str) -> str:
        try:
            return str(super().stored_name(name))
        except ValueError:
            return name
