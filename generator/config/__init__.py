"""Configuration: the practice's details (`practice.py`), the site's settings read from mkdocs.yml without MkDocs
(`settings.py`) and the options a build passes to the generator (`options.py`)."""
