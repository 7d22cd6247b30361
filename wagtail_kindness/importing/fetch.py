"""``kindness_import --fetch-documents``: an archive's linked documents into Wagtail's documents.

Two steps, so that nothing waits on the network inside the import's transaction:

* :func:`download_documents` runs *before* the transaction and saves nothing.
  Every resource whose address names a document (``.pdf``, ``.docx``, ``.doc``,
  ``.odt``, ``.rtf``, ``.pptx``, ``.ppt``, ``.odp``), and every summary or slides
  resource whose server answers with a document's type, is downloaded once (an
  address shared by several conversations too) into a temporary directory.
  Each download is limited (``WAGTAILKINDNESS_IMPORT_FETCH``, read by
  :func:`wagtail_kindness.conf.import_fetch`): a timeout per file, a size limit
  (a ``Content-Length`` over it is refused before reading, and the body is
  read in chunks and abandoned at the limit), an allow-list of media types
  (``application/octet-stream`` only for a file named as a document), the
  file's first bytes must be those of its type (an HTML error page served as a
  PDF is refused), and only ``http``/``https`` addresses are requested (a
  redirect elsewhere, ``file:`` or ``ftp:``, is refused).  Nothing downloaded
  is run or parsed.  Each failure is one warning line naming the address and
  why; that resource keeps its address and the import goes on.
* :func:`save_documents` runs *inside* the transaction: a Wagtail document per
  downloaded file, in the root collection unless told otherwise; a file whose
  SHA-1 (Wagtail's ``file_hash``) is already a document's is that document,
  so re-importing creates nothing.

The standard library's ``urllib`` does the downloading (``requests`` would add
nothing here): an opener with the HTTP(S) handlers only.
"""

from __future__ import annotations

import hashlib
import mimetypes
import re
import socket
import ssl
import tempfile
import time
import unicodedata
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from http.client import HTTPException
from pathlib import Path, PurePosixPath
from typing import Any, Protocol

from django.core.files import File
from wagtail.documents import get_document_model
from wagtail.models import Collection

from kindness_core.archive import Archive
from kindness_core.series import Conversation, Resource, ResourceKind

from .. import conf

__all__ = [
    "DOCUMENT_EXTENSIONS",
    "Downloaded",
    "Downloads",
    "download_documents",
    "save_documents",
]

#: A document's extension -> its media type.
DOCUMENT_EXTENSIONS: dict[str, str] = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".doc": "application/msword",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".rtf": "application/rtf",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".ppt": "application/vnd.ms-powerpoint",
    ".odp": "application/vnd.oasis.opendocument.presentation",
}
_TYPE_EXTENSIONS = {kind: ext for ext, kind in DOCUMENT_EXTENSIONS.items()} | {"text/rtf": ".rtf"}
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: How a document of each extension starts (PDF: within its first 1024 bytes).
_MAGIC: dict[str, tuple[bytes, int]] = {
    ".pdf": (b"%PDF-", 1024),
    ".docx": (_ZIP, 0),
    ".pptx": (_ZIP, 0),
    ".odt": (_ZIP, 0),
    ".odp": (_ZIP, 0),
    ".doc": (_OLE, 0),
    ".ppt": (_OLE, 0),
    ".rtf": (b"{\\rtf", 0),
}
_OCTET_STREAM = "application/octet-stream"
#: Resources that may be a document without saying so in their address.
_PROBED = (ResourceKind.SUMMARY, ResourceKind.SLIDES)
_CHUNK = 64 * 1024
_MAX_REDIRECTS = 5
_NAME_LIMIT = 100
_TITLE_LIMIT = 255
_USER_AGENT = "wagtail-kindness (kindness_import --fetch-documents)"
# Characters a file name keeps out: separators, what Windows refuses, controls.
_BAD_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')
# What a request's path and query may hold unencoded (RFC 3986 reserved and
# unreserved characters, and "%" so that an encoded address stays as it is).
_SAFE_URL = "/%:@!$&'()*+,;=~-._?"


class _Output(Protocol):
    def write(self, text: str, /) -> Any: ...


class _Refused(Exception):
    """A download refused: the message says why, in a few words."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Downloaded:
    """One downloaded document, in the temporary directory of its :class:`Downloads`."""

    #: The address as the first resource spelled it.
    url: str
    #: Every spelling of it in the archive (the same address with another fragment…).
    urls: tuple[str, ...]
    path: Path
    #: The file's name: from ``Content-Disposition`` or the address, made safe.
    filename: str
    title: str
    content_type: str
    size: int
    #: Hex SHA-1 of the content, as Wagtail's ``Document.file_hash``.
    sha1: str


@dataclass(frozen=True, kw_only=True)
class Downloads:
    """What :func:`download_documents` fetched: files in a temporary directory, and warnings.

    :meth:`close` (or leaving a ``with`` block) removes the directory.
    """

    files: tuple[Downloaded, ...] = ()
    #: One line per address not downloaded: the address and why.
    warnings: tuple[str, ...] = ()
    directory: Path | None = None
    _tmp: tempfile.TemporaryDirectory[str] | None = field(default=None, repr=False, compare=False)

    @property
    def urls(self) -> frozenset[str]:
        """Every resource address that has a downloaded file."""
        return frozenset(url for item in self.files for url in item.urls)

    def close(self) -> None:
        """Remove the temporary files (again: nothing happens)."""
        if self._tmp is not None:
            self._tmp.cleanup()

    def __enter__(self) -> Downloads:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


# -- which resources ------------------------------------------------------------------


def _extension(name: str) -> str:
    return PurePosixPath(name).suffix.lower()


def _url_extension(url: str) -> str:
    return _extension(urllib.parse.unquote(urllib.parse.urlsplit(url).path))


def _same_address(url: str) -> str:
    """The address without its fragment, scheme and host in lower case: one download each."""
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(
        (parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", parts.query, "")
    )


def _wanted(resource: Resource) -> bool:
    if not resource.url:
        return False
    return _url_extension(resource.url) in DOCUMENT_EXTENSIONS or resource.kind in _PROBED


def _title(resource: Resource, conversation: Conversation) -> str:
    """The conversation's title and the link's: "Kindness at night – Insights and summary"."""
    name = conversation.display_title
    title = resource.title
    if name.casefold() not in title.casefold():
        title = f"{name} – {title}"
    return title[:_TITLE_LIMIT]


def _candidates(archive: Archive) -> dict[str, tuple[str, list[str]]]:
    """Each address once (oldest conversation first): its title and every spelling."""
    found: dict[str, tuple[str, list[str]]] = {}
    for conversation in reversed(archive.conversations):
        for resource in conversation.resources:
            if not _wanted(resource):
                continue
            url = resource.url or ""
            key = _same_address(url)
            if key not in found:
                found[key] = (_title(resource, conversation), [])
            if url not in found[key][1]:
                found[key][1].append(url)
    return found


# -- the network ---------------------------------------------------------------------


def _check_scheme(url: str) -> None:
    scheme = urllib.parse.urlsplit(url).scheme.lower()
    if scheme not in ("http", "https"):
        raise _Refused(f"redirected to a {scheme or 'non-web'}: address, which is not fetched")


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Follows a redirect to another http(s) address only, at most a few times."""

    max_redirections = _MAX_REDIRECTS

    def http_error_302(self, req, fp, code, msg, headers):  # type: ignore[no-untyped-def]
        # Before the standard library's own test, which lets ftp: through.
        location = headers.get("Location") or headers.get("URI") or ""
        _check_scheme(urllib.parse.urljoin(req.full_url, location))
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        _check_scheme(newurl)
        return super().redirect_request(req, fp, code, msg, headers, _request_url(newurl))


def _opener() -> urllib.request.OpenerDirector:
    """HTTP and HTTPS only: no ``file:``, ``ftp:`` or ``data:`` handler, whatever asks."""
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.ProxyHandler(),  # the environment's http(s)_proxy, no_proxy
        urllib.request.UnknownHandler(),
        urllib.request.HTTPHandler(),
        urllib.request.HTTPSHandler(context=ssl.create_default_context()),
        urllib.request.HTTPDefaultErrorHandler(),
        _Redirects(),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    return opener


def _request_url(url: str) -> str:
    """``url`` as a request line carries it: letters of any script and spaces percent-encoded."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise _Refused("not an http or https address")
    host = parts.hostname
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        raise _Refused("its host name is not a valid internet name") from None
    if ":" in host:  # an IPv6 address
        host = f"[{host}]"
    port = f":{parts.port}" if parts.port is not None else ""
    return urllib.parse.urlunsplit(
        (
            parts.scheme.lower(),
            host + port,
            urllib.parse.quote(parts.path or "/", safe=_SAFE_URL),
            urllib.parse.quote(parts.query, safe=_SAFE_URL),
            "",
        )
    )


def _names(response: Any, url: str) -> list[str]:
    """File names offered, best first: ``Content-Disposition``, the address, where it led."""
    names = [response.headers.get_filename() or ""]
    for address in (url, response.geturl()):
        path = urllib.parse.urlsplit(address).path
        names.append(urllib.parse.unquote(path.rsplit("/", 1)[-1]))
    return [name for name in names if name]


def _safe_name(name: str) -> str:
    """A file name with no path in it: the last part, no leading dot, control or separator."""
    name = unicodedata.normalize("NFC", name.replace("\\", "/").rsplit("/", 1)[-1])
    name = _BAD_NAME.sub("-", name)
    name = " ".join(name.split()).lstrip(". -")
    return name


def _filename(names: list[str], extension: str) -> str:
    """The first usable name, ending in ``extension`` and at most :data:`_NAME_LIMIT` long."""
    safe = [_safe_name(name) for name in names]
    chosen = next((n for n in safe if _extension(n) == extension), None)
    if chosen is None:
        first = next((n for n in safe if PurePosixPath(n).stem.lstrip(".")), "document")
        stem = PurePosixPath(first).stem if _extension(first) else first
        chosen = f"{stem}{extension}"
    stem = PurePosixPath(chosen).stem[: _NAME_LIMIT - len(extension)].rstrip(". ") or "document"
    return f"{stem}{extension}"


def _extension_for(content_type: str, names: list[str]) -> str:
    """The extension the saved file gets, or :class:`_Refused` when the type cannot say."""
    named = [_extension(_safe_name(n)) for n in names]
    if content_type == _OCTET_STREAM:
        extension = next((e for e in named if e in DOCUMENT_EXTENSIONS), None)
        if extension is None:
            raise _Refused(f"served as {_OCTET_STREAM} without a document's name")
        return extension
    extension = _TYPE_EXTENSIONS.get(content_type)
    if extension is None:  # a type the setting adds: the name's extension if it is that type's
        extension = next(
            (e for e in named if e and mimetypes.guess_type(f"file{e}")[0] == content_type),
            None,
        ) or mimetypes.guess_extension(content_type)
    if extension is None:
        raise _Refused(f"served as {content_type}, which has no file extension known")
    return extension


def _check_start(extension: str, start: bytes) -> None:
    if extension in _MAGIC:
        magic, within = _MAGIC[extension]
        if magic not in start[: within + len(magic)]:
            raise _Refused(f"the file is not a {extension[1:].upper()} (it does not start as one)")


def _human(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{size} bytes"


def _download(
    opener: urllib.request.OpenerDirector, url: str, directory: Path, limits: Mapping[str, Any]
) -> tuple[Path, list[str], str, str, int]:
    """``(path, names, content type, sha1, size)`` of ``url``'s document, or :class:`_Refused`."""
    timeout = float(limits["TIMEOUT"])
    max_bytes = int(limits["MAX_BYTES"])
    allowed = {str(t).lower() for t in limits["CONTENT_TYPES"]}
    # S310: _request_url takes http(s) only, and the opener has no other handler.
    request = urllib.request.Request(  # noqa: S310
        _request_url(url),
        headers={
            "User-Agent": _USER_AGENT,
            "Accept": ", ".join(sorted(allowed)) + ", */*;q=0.1",
            "Accept-Encoding": "identity",
        },
    )
    deadline = time.monotonic() + timeout
    with opener.open(request, timeout=timeout) as response:
        raw_type = response.headers.get("Content-Type")
        content_type = response.headers.get_content_type() if raw_type else _OCTET_STREAM
        if content_type not in allowed:
            raise _Refused(f"served as {content_type}, not as a document")
        encoding = (response.headers.get("Content-Encoding") or "identity").strip().lower()
        if encoding != "identity":
            raise _Refused(f"served compressed ({encoding})")
        length = response.headers.get("Content-Length")
        if length and length.strip().isdigit() and int(length) > max_bytes:
            raise _Refused(f"{_human(int(length))}, over the limit of {_human(max_bytes)}")
        names = _names(response, url)
        extension = _extension_for(content_type, names)
        allowed_extensions = conf.document_extensions()
        if allowed_extensions is not None and extension[1:] not in allowed_extensions:
            raise _Refused(f"the site's WAGTAILDOCS_EXTENSIONS does not allow {extension} files")
        digest = hashlib.sha1(usedforsecurity=False)
        size = 0
        start = b""
        handle = tempfile.NamedTemporaryFile(dir=directory, suffix=extension, delete=False)  # noqa: SIM115
        path = Path(handle.name)
        try:
            with handle:
                while chunk := response.read1(_CHUNK):  # what has come, not a full chunk
                    size += len(chunk)
                    if size > max_bytes:
                        raise _Refused(f"larger than the limit of {_human(max_bytes)}")
                    if time.monotonic() > deadline:
                        raise _Refused(f"timed out after {timeout:g} seconds")
                    if len(start) < 2048:
                        start += chunk[: 2048 - len(start)]
                    digest.update(chunk)
                    handle.write(chunk)
            if size == 0:
                raise _Refused("the file is empty")
            _check_start(extension, start)
        except BaseException:
            path.unlink(missing_ok=True)
            raise
    return path, names, content_type, digest.hexdigest(), size


def _reason(error: BaseException, timeout: float) -> str:
    """A few words for why a download failed."""
    if isinstance(error, _Refused):
        return str(error)
    if isinstance(error, urllib.error.HTTPError):
        if 300 <= error.code < 400:  # the redirect handler gave up: a loop, or too many
            return f"more than {_MAX_REDIRECTS} redirects"
        return " ".join(f"HTTP {error.code} {error.reason}".split())
    if isinstance(error, urllib.error.URLError):
        error = error.reason if isinstance(error.reason, BaseException) else error
        if not isinstance(error, urllib.error.URLError | TimeoutError | socket.timeout):
            return f"the connection failed: {' '.join(str(error).split())[:120]}"
    if isinstance(error, TimeoutError | socket.timeout):
        return f"timed out after {timeout:g} seconds"
    if isinstance(error, ValueError):
        return "not a usable address"
    message = " ".join(str(error).split())[:120] or type(error).__name__
    return f"the connection failed: {message}"


def download_documents(archive: Archive, *, stdout: _Output | None = None) -> Downloads:
    """Download the documents ``archive`` links to; save nothing.

    Call it before the import's transaction, and :meth:`Downloads.close` (or
    ``with``) when the import is done.  ``stdout`` gets a line per address
    fetched.  Never raises for a link: a failed one is a warning of the
    result, and its resources keep their addresses.
    """
    candidates = _candidates(archive)
    if not candidates:
        return Downloads()
    limits = conf.import_fetch()
    opener = _opener()
    tmp = tempfile.TemporaryDirectory(prefix="kindness-import-")
    directory = Path(tmp.name)
    files: list[Downloaded] = []
    warnings: list[str] = []
    try:
        for title, urls in candidates.values():
            url = urls[0]
            if stdout is not None:
                stdout.write(f"Downloading {url}\n")
            try:
                path, names, content_type, sha1, size = _download(opener, url, directory, limits)
            except (_Refused, OSError, HTTPException, ValueError) as error:
                if isinstance(error, urllib.error.HTTPError):
                    error.close()
                reason = _reason(error, float(limits["TIMEOUT"]))  # type: ignore[arg-type]
                warnings.append(f"{url}: not downloaded ({reason}); the resource keeps its address")
                continue
            files.append(
                Downloaded(
                    url=url,
                    urls=tuple(urls),
                    path=path,
                    filename=_filename(names, path.suffix),
                    title=title,
                    content_type=content_type,
                    size=size,
                    sha1=sha1,
                )
            )
    except BaseException:  # Ctrl-C while downloading: leave no file behind
        tmp.cleanup()
        raise
    return Downloads(files=tuple(files), warnings=tuple(warnings), directory=directory, _tmp=tmp)


# -- the documents ---------------------------------------------------------------------


def save_documents(
    downloads: Downloads,
    *,
    collection: Collection | None = None,
    known: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """A Wagtail document per downloaded file: ``{resource address: Document}``.

    Call it inside the import's transaction.  Every spelling of an address is
    a key.  A file already a document is that document, not a copy: one that
    ``known`` gives for its address (what an earlier import recorded), else
    one with the same SHA-1 (``file_hash``).  New documents go into
    ``collection`` (the root collection unless given).
    """
    document_model = get_document_model()
    saved: dict[str, Any] = {}
    for item in downloads.files:
        document = next((known[url] for url in item.urls if known and url in known), None)
        if document is None:
            document = document_model.objects.filter(file_hash=item.sha1).order_by("pk").first()
        if document is None:
            if collection is None:
                collection = Collection.get_first_root_node()
            document = document_model(
                title=item.title,
                collection=collection,
                file_size=item.size,
                file_hash=item.sha1,
            )
            with item.path.open("rb") as handle:
                document.file.save(item.filename, File(handle, name=item.filename), save=False)
            document.save()
        for url in item.urls:
            saved[url] = document
    return saved
