"""One settings object: defaults, then FAHRAS_* environment variables, then command-line flags."""
from __future__ import annotations

import math
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from indexer.errors import FahrasError


def bad_setting(name: str, value: str, expected: str) -> FahrasError:
    return FahrasError("bad_setting", f"{name}={value[:40]!r} is not {expected}.", 400)


def env_number(env, name: str, default, read: Callable[[str], float], valid: Callable, expected: str):
    """The variable `name` read by `read` (int or float) and accepted by `valid`; `default` when unset."""
    value = env.get(name)
    if value is None:
        return default
    try:
        number = read(value)
    except ValueError:
        raise bad_setting(name, value, expected) from None
    if not valid(number):
        raise bad_setting(name, value, expected)
    return number


def valid_port(port: int) -> bool:
    return 0 < port < 65536


def valid_seconds(seconds: float) -> bool:
    return seconds > 0 and math.isfinite(seconds)


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
            port=env_number(env, "FAHRAS_PORT", base.port, int, valid_port, "a port number (1 to 65535)"),
            api_token=env.get("FAHRAS_API_TOKEN") or None,
            secret_key=env.get("FAHRAS_SECRET_KEY") or None,
            query_time_limit=env_number(env, "FAHRAS_QUERY_TIME_LIMIT", base.query_time_limit, float,
                                        valid_seconds, "a number of seconds above 0"),
        )
