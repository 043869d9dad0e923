"""The ``extra.linkcheck`` settings of mkdocs.yml (read by the hook and the CLI; no HTTP library imported)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass
class ExternalSettings:
    timeout: float = 10.0  # seconds for one whole request
    max_workers: int = 8  # concurrent requests overall
    per_host: int = 2  # concurrent requests per host
    retries: int = 3  # extra attempts after a 429/503
    backoff: float = 1.0  # first wait when the server gives no Retry-After; doubled each time
    max_wait: float = 30.0  # longest Retry-After honoured; a longer one is reported
    max_redirects: int = 10
    cache_path: Path | None = Path(".cache/linkcheck-external.json")
    cache_ttl: float = 86400.0
    user_agent: str = "azure-ml-intro-linkcheck/1.0"


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
