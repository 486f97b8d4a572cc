"""How static files are stored in production."""

from __future__ import annotations

from whitenoise.storage import CompressedManifestStaticFilesStorage


class HashedStaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Every file under a name with a hash of its content, gzipped and Brotli-compressed.

    WhiteNoise sends a hashed file with a cache life of ten years, since its
    name changes whenever it does. Django also rewrites the paths that one
    script imports from another (``import ... from "../govuk/..."``), so a
    script that is only ever imported gets a hashed name and the long cache life
    too, instead of WhiteNoise's 60 seconds for a plain name.
    """

    support_js_module_import_aggregation = True
