"""An HTML page that declares no charset and is not UTF-8 is read as windows-1252.

Scrapy guesses the encoding of such a page (and guesses cp1250 for the site's
windows-1252 posts, turning "£" into "Ł"). The HTML standard's answer for a page with no
declaration, for English content, is windows-1252 (which is also what the labels
ISO-8859-1 and US-ASCII mean in browsers). Guarantees: a response with a charset in its
Content-Type, a BOM, or a charset in its `<meta>` is left exactly as it is; so is one
whose body is valid UTF-8; any other HTML response is decoded as windows-1252.
"""

from __future__ import annotations

from typing import Any

from scrapy.http import HtmlResponse, Response
from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding, read_bom


class DefaultCharset:
    """Downloader middleware; see the module docstring."""

    def process_response(self, request: Any, response: Response, spider: Any = None) -> Response:
        if not isinstance(response, HtmlResponse):
            return response
        content_type = response.headers.get(b"Content-Type", b"").decode("latin-1")
        body = response.body
        if http_content_type_encoding(content_type) or read_bom(body)[0]:
            return response
        if html_body_declared_encoding(body):
            return response
        try:
            body.decode("utf-8")
        except UnicodeDecodeError:
            return response.replace(encoding="cp1252")
        return response
