"""The ``extra.linkcheck`` settings of mkdocs.yml (read by the hook and the CLI; no HTTP library imported)."""

from __future__ import annotations

from pathlib import Path
from typing import Any


class ExternalSettings:
    """How external URLs are checked; every setting can be given by keyword, the others keep their default."""

    __slots__ = (
        "backoff",
        "cache_path",
        "cache_ttl",
        "max_redirects",
        "max_wait",
        "max_workers",
        "per_host",
        "retries",
        "timeout",
        "user_agent",
    )

    def __init__(
        self,
        *,
        timeout: float = 10.0,
        max_workers: int = 8,
        per_host: int = 2,
        retries: int = 3,
        backoff: float = 1.0,
        max_wait: float = 30.0,
        max_redirects: int = 10,
        cache_path: Path | None = Path(".cache/linkcheck-external.json"),
        cache_ttl: float = 86400.0,
        user_agent: str = "azure-ml-intro-linkcheck/1.0",
    ) -> None:
        self.timeout = timeout  # seconds for one whole request
        self.max_workers = max_workers  # concurrent requests overall
        self.per_host = per_host  # concurrent requests per host
        self.retries = retries  # extra attempts after a 429/503
        self.backoff = backoff  # first wait when the server gives no Retry-After; doubled each time
        self.max_wait = max_wait  # longest Retry-After honoured; a longer one is reported
        self.max_redirects = max_redirects
        self.cache_path = cache_path
        self.cache_ttl = cache_ttl
        self.user_agent = user_agent


NUMBERS: dict[str, type] = {
    "cache_ttl": float,
    "timeout": float,
    "max_workers": int,
    "per_host": int,
    "retries": int,
    "max_wait": float,
    "backoff": float,
}


def external_settings(config: dict[str, Any], base: ExternalSettings | None = None) -> ExternalSettings:
    """Apply extra.linkcheck keys to the defaults; ValueError names a bad key."""
    settings = base or ExternalSettings()
    for key, value in config.items():
        if key == "ignore":
            if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
                raise ValueError("extra.linkcheck.ignore must be a list of regular expressions")
            continue
        if key not in NUMBERS:
            raise ValueError(
                f"extra.linkcheck.{key} is not a known setting (known: ignore, " + ", ".join(sorted(NUMBERS)) + ")"
            )
        try:
            number = NUMBERS[key](value)
        except (TypeError, ValueError):
            raise ValueError(f"extra.linkcheck.{key} must be a number, not '{value}'") from None
        if number < 0 or (key in ("max_workers", "per_host") and number < 1):
            raise ValueError(f"extra.linkcheck.{key} must be positive, not '{value}'")
        setattr(settings, key, number)
    return settings
