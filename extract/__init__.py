"""extract stage: PDF → pages of positioned lines and ruled tables."""

from .engines import DEFAULT_ENGINE, ENGINES, Engine, get_engine
from .source import describe, open_pdf

__all__ = ["DEFAULT_ENGINE", "ENGINES", "Engine", "describe", "get_engine", "open_pdf"]
