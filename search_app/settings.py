"""One settings object: defaults, then FAHRAS_* environment variables, then command-line flags."""
from __future__ import annotations

import math
import os
from dataclasses import dataclass
from pathlib import Path

from indexer.errors import FahrasError


def bad_setting(name: str, value: str, expected: str) -> FahrasError:
    return FahrasError("bad_setting", f"{name}={value[:40]!r} is not {expected}.", 400)


def env_port(env, name: str, default: int) -> int:
    value = env.get(name)
    if value is None:
        return default
    try:
        port = int(value)
    except ValueError:
        raise bad_setting(name, value, "a port number (1 to 65535)") from None
    if not 0 < port < 65536:
        raise bad_setting(name, value, "a port number (1 to 65535)")
    return port


def env_seconds(env, name: str, default: float) -> float:
    value = env.get(name)
    if value is None:
        return default
    try:
        seconds = float(value)
    except ValueError:
        raise bad_setting(name, value, "a number of seconds above 0") from None
    if not (seconds > 0 and math.isfinite(seconds)):
        raise bad_setting(name, value, "a number of seconds above 0")
    return seconds


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
        """The settings of the environment; FahrasError "bad_setting" naming the variable that is unreadable."""
        env = os.environ if environ is None else environ
        base = cls()
        return cls(
            index_dir=Path(env.get("FAHRAS_INDEX", base.index_dir)),
            data_dir=Path(env.get("FAHRAS_DATA", base.data_dir)),
            host=env.get("FAHRAS_HOST", base.host),
            port=env_port(env, "FAHRAS_PORT", base.port),
            api_token=env.get("FAHRAS_API_TOKEN") or None,
            secret_key=env.get("FAHRAS_SECRET_KEY") or None,
            query_time_limit=env_seconds(env, "FAHRAS_QUERY_TIME_LIMIT", base.query_time_limit),
        )
