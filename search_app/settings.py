"""One settings object: defaults, then FAHRAS_* environment variables, then command-line flags."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    index_dir: Path = Path("index_data/demo")
    data_dir: Path = Path("index_data/data")
    host: str = "127.0.0.1"
    port: int = 5000
    api_token: str | None = None
    secret_key: str | None = None  # signs the session cookie; without one, a random key per process
    query_time_limit: float = 2.0

    @classmethod
    def from_env(cls, environ=None) -> "Settings":
        env = os.environ if environ is None else environ
        base = cls()
        return cls(
            index_dir=Path(env.get("FAHRAS_INDEX", base.index_dir)),
            data_dir=Path(env.get("FAHRAS_DATA", base.data_dir)),
            host=env.get("FAHRAS_HOST", base.host),
            port=int(env.get("FAHRAS_PORT", base.port)),
            api_token=env.get("FAHRAS_API_TOKEN") or None,
            secret_key=env.get("FAHRAS_SECRET_KEY") or None,
            query_time_limit=float(env.get("FAHRAS_QUERY_TIME_LIMIT", base.query_time_limit)),
        )
