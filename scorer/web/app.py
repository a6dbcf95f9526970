"""The web app factory: settings, templates (autoescaped), error pages and the upload size guard.

`create_app` takes everything from its arguments (no globals), so tests and `scorer serve`
build apps with their own database, config and limits.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, PackageLoader, select_autoescape
from sqlalchemy import Engine
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from scorer.config import Config, load_config
from scorer.web import views
from scorer.web.cache import ResultCache
from scorer.web.uploads import megabytes

DEFAULT_MAX_UPLOAD = 20 * 1024 * 1024
DEFAULT_MAX_FILES = 20
FORM_OVERHEAD = 1024 * 1024  # multipart boundaries and headers around the files


@dataclass
class WebSettings:
    """What the routes read from `request.app.state.web`."""

    config: Config
    max_upload_bytes: int
    max_files: int
    cache: ResultCache
    templates: Jinja2Templates
    db_url: str | None = None
    engine: Engine | None = None

    @property
    def max_request_bytes(self) -> int:
        return self.max_upload_bytes * self.max_files + FORM_OVERHEAD


def make_templates() -> Jinja2Templates:
    """Templates shipped in the package; every value is HTML-escaped unless marked safe (none are)."""
    env = Environment(
        loader=PackageLoader("scorer.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["money"] = views.money
    env.globals["megabytes"] = megabytes
    return Jinja2Templates(env=env)


def render_error(request: Request, status: int, title: str, messages: list[str]) -> HTMLResponse:
    web: WebSettings = request.app.state.web
    return web.templates.TemplateResponse(
        request, "error.html", {"title": title, "messages": messages}, status_code=status
    )


class RequestSizeLimit:
    """Refuse an upload whose body is larger than all allowed files together, before it is parsed.

    The per-file limit is enforced while reading each file; this guard stops a huge or endless
    request from being spooled to disk first (by Content-Length, else by counting the body).
    """

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        length = headers.get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.limit:
            await self._refuse(send)
            return
        received = 0
        exceeded = False
        responded = False

        async def counted() -> Message:
            nonlocal received, exceeded
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.limit:
                exceeded = True
                raise RequestTooLarge
            return message

        async def guarded(message: Message) -> None:
            # the app may turn the aborted body into its own error response: answer 413 instead
            nonlocal responded
            if exceeded:
                if message["type"] == "http.response.start" and not responded:
                    responded = True
                    await self._refuse(send)
                return
            responded = responded or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, guarded)
        except RequestTooLarge:
            if not responded:
                responded = True
                await self._refuse(send)

    async def _refuse(self, send: Send) -> None:
        body = (
            "<!doctype html><meta charset=utf-8><title>Upload too large</title>"
            f"<h1>Upload too large</h1><p>The upload is larger than {megabytes(self.limit)} in all; "
            "send fewer or smaller files.</p><p><a href='/'>Back to the upload form</a></p>"
        ).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"text/html; charset=utf-8"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


class RequestTooLarge(Exception):
    pass


def create_app(
    db_url: str | None = None,
    config: Config | None = None,
    *,
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD,
    max_files: int = DEFAULT_MAX_FILES,
    cache: ResultCache | None = None,
) -> FastAPI:
    """The web app: upload and screen filings; browse the runs of a `scorer batch` database if `db_url` is given."""
    from scorer.web import routes_runs, routes_upload

    app = FastAPI(title="scorer", docs_url=None, redoc_url=None, openapi_url=None)
    engine = None
    if db_url:
        from scorer.store import schema

        engine = schema.connect(db_url)
    app.state.web = WebSettings(
        config=config if config is not None else load_config(),
        max_upload_bytes=max_upload_bytes,
        max_files=max_files,
        cache=cache or ResultCache(),
        templates=make_templates(),
        db_url=db_url,
        engine=engine,
    )
    app.include_router(routes_upload.router)
    app.include_router(routes_runs.router)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> HTMLResponse:
        titles = {404: "Not found", 405: "Method not allowed"}
        return render_error(request, exc.status_code, titles.get(exc.status_code, "Error"), [str(exc.detail)])

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> HTMLResponse:
        messages: list[Any] = [f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()]
        return render_error(request, 400, "Bad request", messages)

    app.add_middleware(RequestSizeLimit, limit=app.state.web.max_request_bytes)
    return app
