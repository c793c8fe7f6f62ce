"""Configuration read from the environment, with safe development defaults."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
STATEMENT_TIMEOUT_MS = 5000  # the web's budget per database statement (loads are not limited)


def _default_database_url(data_dir: Path) -> str:
    return f"sqlite:///{data_dir / 'dashboard.sqlite'}"


def _int_from_env(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise ValueError(f"environment variable {name}={raw!r} is not an integer") from exc
    if value < 1:
        raise ValueError(f"environment variable {name}={raw!r} must be at least 1")
    return value


@dataclass(frozen=True)
class Config:
    """Settings of one running dashboard; build it with :meth:`from_env`."""

    database_url: str
    data_dir: Path = DATA_DIR
    cache_type: str = "SimpleCache"
    cache_redis_url: str | None = None
    cache_timeout_s: int = 600
    min_base: int = 20
    min_count: int = 5
    round_to: int = 5
    default_region: str | None = None  # None: the profile marked "default": true
    jobs_dir: Path = DATA_DIR / "jobs"  # briefings' job states and files, without Redis
    statement_timeout_ms: int = STATEMENT_TIMEOUT_MS

    @property
    def regions_dir(self) -> Path:
        """Folder of the region profiles (one sub-folder each)."""
        return self.data_dir / "regions"

    @property
    def reference_dir(self) -> Path:
        """Folder of the codebook, dimension codes and route map."""
        return self.data_dir / "reference"

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Config:
        """Read every setting from the environment (``os.environ`` by default)."""
        env = os.environ if environ is None else environ
        data_dir = Path(env.get("DATA_DIR") or DATA_DIR)
        redis_url = env.get("CACHE_REDIS_URL") or None
        return cls(
            database_url=env.get("DATABASE_URL") or _default_database_url(data_dir),
            data_dir=data_dir,
            cache_type=env.get("CACHE_TYPE") or ("RedisCache" if redis_url else "SimpleCache"),
            cache_redis_url=redis_url,
            cache_timeout_s=_int_from_env("CACHE_TIMEOUT_S", 600),
            min_base=_int_from_env("MIN_BASE", 20),
            min_count=_int_from_env("MIN_COUNT", 5),
            round_to=_int_from_env("ROUND_TO", 5),
            default_region=env.get("DEFAULT_REGION") or None,
            jobs_dir=Path(env.get("JOBS_DIR") or data_dir / "jobs"),
            statement_timeout_ms=_int_from_env("STATEMENT_TIMEOUT_MS", STATEMENT_TIMEOUT_MS),
        )
