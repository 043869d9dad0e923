"""Checking external URLs (``--external``): httpx, one total deadline per request, limits per host.

Each URL is asked with HEAD (GET when HEAD is refused, mishandled or the connection is reset),
redirects are followed (permanent ones reported as notices), HTTP 429/503 are retried honouring
``Retry-After``. Every request has one deadline for the whole exchange (connect, headers, the first
64 KiB of a GET body), so a server that trickles bytes cannot hold a check open. Proxies come from
the environment (``HTTPS_PROXY``, ``HTTP_PROXY``, ``NO_PROXY``). Messages are fixed phrases plus the
operating system's reason: bytes a server sent never reach one. Successes are cached with a TTL in
``.cache/linkcheck-external.json``.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import email.utils
import json
import os
import re
import ssl
import time
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx

from hooks.linkcheck.resolve import LinkProblem, make
from hooks.linkcheck.settings import ExternalSettings

_ERRNO = re.compile(r"^\[Errno -?\d+\]\s*")
_READ_LIMIT = 65536  # enough of a GET body to know the server answers


@dataclass(frozen=True)
class ExternalResult:
    url: str
    ok: bool
    status: int | None = None
    message: str = ""  # why it failed
    redirect: str | None = None  # final URL when a permanent redirect was followed
    redirect_status: int | None = None
    cached: bool = False


def retry_after(value: str | None, default: float) -> float:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date); ``default`` if absent/bad."""
    if not value:
        return default
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return default
    if when is None:
        return default
    return max(0.0, when.timestamp() - time.time())


def _os_reason(err: BaseException) -> str | None:
    """The operating system's words for the first OSError behind ``err`` ('Connection refused')."""
    seen: BaseException | None = err
    for _ in range(8):
        if seen is None:
            break
        if isinstance(seen, OSError) and not isinstance(seen, ssl.SSLError):
            if seen.strerror:
                return seen.strerror
            text = _ERRNO.sub("", str(seen))
            if text and text.isprintable() and len(text) < 120:
                return text
        seen = seen.__cause__ or seen.__context__
    return None


def _ssl_reason(err: BaseException) -> str | None:
    seen: BaseException | None = err
    for _ in range(8):
        if seen is None:
            return None
        if isinstance(seen, ssl.SSLError):
            return seen.reason or type(seen).__name__
        seen = seen.__cause__ or seen.__context__
    return None


async def _request(client: httpx.AsyncClient, method: str, url: str) -> tuple[int, str | None, str | None]:
    """One request without following redirects: (status, Location, Retry-After)."""
    request = client.build_request(method, url)
    response = await client.send(request, stream=True, follow_redirects=False)
    try:
        if method == "GET":
            read = 0
            async for chunk in response.aiter_raw():
                read += len(chunk)
                if read >= _READ_LIMIT:
                    break
        return response.status_code, response.headers.get("location"), response.headers.get("retry-after")
    finally:
        await response.aclose()


async def fetch(
    client: httpx.AsyncClient, url: str, settings: ExternalSettings, limit: AbstractAsyncContextManager[Any]
) -> ExternalResult:
    """Check one external URL (see the module docstring); ``limit`` bounds this host's and all requests."""
    attempt = 0
    method = "HEAD"
    current = url
    permanent: tuple[int, str] | None = None
    redirects = 0
    while True:
        try:
            urlsplit(current).port  # noqa: B018 - raises ValueError for a port out of range or not a number
            async with limit:
                status, location, wait_header = await asyncio.wait_for(
                    _request(client, method, current), settings.timeout
                )
        except (TimeoutError, httpx.TimeoutException):
            return ExternalResult(url, False, None, f"timed out after {settings.timeout:g} s")
        except (httpx.InvalidURL, httpx.UnsupportedProtocol, ValueError, UnicodeError, OverflowError) as err:
            reason = str(err) if str(err).isprintable() and len(str(err)) < 120 else type(err).__name__
            return ExternalResult(url, False, None, f"is not a valid URL ({reason})")
        except httpx.ProxyError as err:
            return ExternalResult(
                url, False, None, f"could not be reached through the proxy ({_os_reason(err) or 'the proxy refused'})"
            )
        except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError) as err:
            if method == "HEAD":
                method = "GET"  # some servers drop or reset HEAD requests
                continue
            if isinstance(err, httpx.RemoteProtocolError):
                return ExternalResult(url, False, None, "could not be reached (the reply is not valid HTTP)")
            return ExternalResult(
                url, False, None, f"could not be reached ({_os_reason(err) or 'the connection was reset'})"
            )
        except httpx.ConnectError as err:
            tls = _ssl_reason(err)
            if tls is not None:
                return ExternalResult(url, False, None, f"failed the TLS handshake ({tls})")
            return ExternalResult(url, False, None, f"could not be reached ({_os_reason(err) or 'connection failed'})")
        except (httpx.HTTPError, OSError) as err:
            return ExternalResult(url, False, None, f"could not be reached ({_os_reason(err) or type(err).__name__})")
        if status in (301, 302, 303, 307, 308) and location:
            redirects += 1
            if redirects > settings.max_redirects:
                return ExternalResult(url, False, status, f"redirects more than {settings.max_redirects} times")
            following = urljoin(current, location)
            if status in (301, 308) and permanent is None:
                permanent = (status, following)
            elif permanent is not None:
                permanent = (permanent[0], following)
            if status == 303:
                method = "GET"
            current = following
            continue
        if permanent is not None and (status < 300 or status >= 400):
            permanent = (permanent[0], current)
        if status in (429, 503) and attempt < settings.retries:
            wait = retry_after(wait_header, settings.backoff * (2**attempt))
            if wait > settings.max_wait:
                return ExternalResult(
                    url, False, status, f"returned HTTP {status} and asks to retry after {wait:.0f} s"
                )
            attempt += 1
            await asyncio.sleep(wait)
            continue
        if status >= 400 and method == "HEAD" and status not in (404, 410, 429, 503):
            method = "GET"  # HEAD refused or mishandled (405, 403, 501, 500...): ask properly
            continue
        if 200 <= status < 400:
            return ExternalResult(
                url, True, status, "", permanent[1] if permanent else None, permanent[0] if permanent else None
            )
        reason = httpx.codes.get_reason_phrase(status)
        return ExternalResult(url, False, status, f"returned HTTP {status}" + (f" ({reason})" if reason else ""))


class _Limit:
    """The per-host semaphore, then the global one (a request waiting for its host holds no global slot)."""

    def __init__(self, host: asyncio.Semaphore, overall: asyncio.Semaphore) -> None:
        self.host, self.overall = host, overall

    async def __aenter__(self) -> None:
        await self.host.acquire()
        try:
            await self.overall.acquire()
        except BaseException:
            self.host.release()
            raise

    async def __aexit__(self, *exc: object) -> None:
        self.overall.release()
        self.host.release()


async def _fetch_all(urls: list[str], settings: ExternalSettings) -> dict[str, ExternalResult]:
    overall = asyncio.Semaphore(max(1, settings.max_workers))
    hosts: dict[str, asyncio.Semaphore] = {}
    limits = httpx.Limits(
        max_connections=max(1, settings.max_workers), max_keepalive_connections=max(1, settings.max_workers)
    )
    headers = {"User-Agent": settings.user_agent, "Accept": "*/*"}
    async with httpx.AsyncClient(trust_env=True, timeout=settings.timeout, limits=limits, headers=headers) as client:

        async def one(url: str) -> tuple[str, ExternalResult]:
            try:
                host = (urlsplit(url).hostname or "").lower()
            except ValueError:
                host = ""
            semaphore = hosts.setdefault(host, asyncio.Semaphore(max(1, settings.per_host)))
            return url, await fetch(client, url, settings, _Limit(semaphore, overall))

        return dict(await asyncio.gather(*(one(url) for url in urls)))


def load_cache(path: Path | None, ttl: float) -> dict[str, dict[str, Any]]:
    if path is None or not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        entries = data["entries"]
        now = time.time()
        return {url: entry for url, entry in entries.items() if now - float(entry["checked"]) < ttl}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}  # a damaged cache is only a slower run


def save_cache(path: Path | None, entries: dict[str, dict[str, Any]]) -> None:
    if path is None:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps({"version": 1, "entries": entries}, indent=1, sort_keys=True), encoding="utf-8")
    os.replace(tmp, path)


def check_external(
    urls: dict[str, list[tuple[str, int]]], settings: ExternalSettings | None = None
) -> list[LinkProblem]:
    """Fetch every external URL concurrently; a problem per place a failing URL appears, notices for moves."""
    settings = settings or ExternalSettings()
    cache = load_cache(settings.cache_path, settings.cache_ttl)
    results: dict[str, ExternalResult] = {}
    todo = []
    for url in urls:
        entry = cache.get(url)
        if entry is not None:
            results[url] = ExternalResult(
                url, True, entry.get("status"), "", entry.get("redirect"), entry.get("redirect_status"), cached=True
            )
        else:
            todo.append(url)
    if todo:
        # A thread of its own: the caller may already run an event loop (a plugin, a test browser).
        with concurrent.futures.ThreadPoolExecutor(max_workers=1) as runner:
            results.update(runner.submit(asyncio.run, _fetch_all(todo, settings)).result())
    now = time.time()
    for url, result in results.items():
        if result.ok and not result.cached:
            cache[url] = {
                "checked": now,
                "status": result.status,
                "redirect": result.redirect,
                "redirect_status": result.redirect_status,
            }
    try:
        save_cache(settings.cache_path, cache)
    except OSError:
        pass  # read-only checkout: the cache is an optimisation
    problems: set[LinkProblem] = set()
    for url, places in urls.items():
        result = results[url]
        for page, line in places:
            if not result.ok:
                problems.add(make(page, line, "external", url=url, detail=result.message))
            elif result.redirect:
                problems.add(
                    make(
                        page,
                        line,
                        "redirect",
                        url=url,
                        detail=f"(HTTP {result.redirect_status}) to '{result.redirect}'",
                        severity="notice",
                    )
                )
    return sorted(problems)
