"""Extensions created once and bound to a Flask server inside ``create_app``."""

from __future__ import annotations

from flask import Flask, current_app
from flask_babel import Babel
from flask_caching import Cache
from sqlalchemy import Engine

from data_access.db import make_engine

cache = Cache()
babel = Babel()


class Database:
    """Holds one SQLAlchemy engine per Flask app."""

    def init_app(self, server: Flask, database_url: str) -> None:
        """Create the engine for ``server``."""
        server.extensions["database"] = make_engine(database_url)

    @property
    def engine(self) -> Engine:
        """The engine of the current app."""
        return current_app.extensions["database"]


database = Database()
