"""A tiny third-party-style tagging app (in the spirit of django-taggit), with its own migrations."""
