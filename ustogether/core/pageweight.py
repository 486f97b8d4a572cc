"""What a first visit to a page downloads: the page, its stylesheets and its scripts.

Used by the tests (which hold it under a limit) and by `make bench` (which
prints it). It asks the site itself, through Django's test client, for the
page and then for every file the page needs before it is usable: stylesheets,
scripts, the scripts those import, and anything a stylesheet names with
``url()``. Every request asks for gzip, the compression every browser takes,
so the sizes are what travels over the network (Brotli, where a browser takes
it, is smaller still).
"""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urljoin

from django.http import HttpResponseBase
from django.test import Client

GZIP = {"accept-encoding": "gzip"}
# `import x from "./y.js"`, `export * from "./y.js"`, `import "./y.js"` in a module script.
_JS_IMPORT = re.compile(r"""(?:\bimport|\bexport)\s*(?:[\w*{}\s,$]+?\s*from\s*)?["']([^"']+)["']""")
_CSS_URL = re.compile(r"""url\(\s*["']?([^"')]+)["']?\s*\)""")


@dataclass(frozen=True)
class Download:
    url: str
    status: int
    content_encoding: str
    cache_control: str
    size: int  # bytes sent over the network


@dataclass(frozen=True)
class FirstVisit:
    downloads: tuple[Download, ...]

    @property
    def total(self) -> int:
        return sum(d.size for d in self.downloads)

    @property
    def assets(self) -> tuple[Download, ...]:
        """Everything but the page itself."""
        return self.downloads[1:]


class _Assets(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "link" and "stylesheet" in (found.get("rel") or "").split():
            self.urls.append(found.get("href") or "")
        elif tag == "script" and found.get("src"):
            self.urls.append(found["src"] or "")


def _body(response: HttpResponseBase) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)  # type: ignore[attr-defined]
    return response.content  # type: ignore[attr-defined]


def _download(client: Client, url: str) -> tuple[Download, bytes]:
    response = client.get(url, headers=GZIP)
    body = _body(response)
    download = Download(
        url=url,
        status=response.status_code,
        content_encoding=response.get("Content-Encoding", ""),
        cache_control=response.get("Cache-Control", ""),
        size=len(body),
    )
    return download, body


def _plain(download: Download, body: bytes) -> str:
    if download.content_encoding == "gzip":
        body = gzip.decompress(body)
    return body.decode("utf-8", errors="replace")


def first_visit(client: Client, page_url: str) -> FirstVisit:
    page, body = _download(client, page_url)
    parser = _Assets()
    parser.feed(_plain(page, body))
    downloads = [page]
    queue = [urljoin(page_url, url) for url in parser.urls if url]
    seen: set[str] = set()
    while queue:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        download, body = _download(client, url)
        downloads.append(download)
        if url.endswith(".js"):
            names = _JS_IMPORT.findall(_plain(download, body))
        elif url.endswith(".css"):
            names = _CSS_URL.findall(_plain(download, body))
        else:
            names = []
        # Only paths: a bare word after "import" in a minified script is no file.
        queue.extend(urljoin(url, name) for name in names if name.startswith(("/", "./", "../")))
    return FirstVisit(tuple(downloads))
