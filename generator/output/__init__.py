"""Output for any engine: `python -m generator build --out` (`build.py`) and the folder writer behind it and the
site folder checks (`writer.py`)."""
