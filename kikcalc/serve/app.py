"""The web application: routes, the guard on every request, and the pages' templates.

The guard refuses a request whose `Host` is not the address the server listens on, or
whose `Origin` is another site (DNS rebinding: a page elsewhere that resolves its own name
to 127.0.0.1 sends its own Host and Origin). A POST must also carry the server's token,
which only its own pages hold. Responses forbid framing, sniffing and foreign scripts; the
referrer policy is `same-origin`, since with `no-referrer` a browser sends `Origin: null`
on the page's own form.
"""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from kikcalc.present.labels import label
from kikcalc.record import Record
from kikcalc.serve import pages
from kikcalc.serve.folder import Folder, OutsideFolder, stamp
from kikcalc.serve.state import State
from kikcalc.serve.whatif import SaveRefused, save_scenario, what_if

HERE = Path(__file__).parent
Scope = MutableMapping[str, Any]
ASGI = Callable[[Scope, Callable[..., Awaitable[Any]], Callable[..., Awaitable[Any]]],
                Awaitable[None]]
HEADERS = {
    "content-security-policy": "default-src 'none'; script-src 'self'; style-src 'self'; "
                               "img-src 'self' data:; connect-src 'self'; form-action 'self'; "
                               "frame-ancestors 'none'; base-uri 'none'",
    "x-content-type-options": "nosniff", "referrer-policy": "same-origin",
    "x-frame-options": "DENY", "cache-control": "no-store"}


class Settings(Record):
    folder: Path
    lang: str = "da"
    read_only: bool = False
    hosts: tuple[str, ...] = ("127.0.0.1", "localhost")  # with the port: "127.0.0.1:8123"
    token: str = ""
    as_gate: bool = False  # the repository, unnamed: its strategies as the gate selects them


class Guard:
    """ASGI middleware: foreign Host or Origin refused (403) before any route runs."""

    def __init__(self, app: ASGI, hosts: tuple[str, ...]) -> None:
        self.app, self.hosts = app, {h.lower() for h in hosts}
        self.origins = {f"http://{h}" for h in self.hosts}

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
            why = None
            if headers.get("host", "").lower() not in self.hosts:
                why = "refused: a Host this server does not answer to"
            elif "origin" in headers and headers["origin"].lower() not in self.origins:
                why = "refused: a request from another site (Origin)"
            elif headers.get("sec-fetch-site") == "cross-site":
                why = "refused: a request from another site (Sec-Fetch-Site)"
            if why is not None:
                await PlainTextResponse(why, 403, headers=HEADERS)(scope, receive, send)
                return
        await self.app(scope, receive, send)


def environment(lang: str) -> Environment:
    env = Environment(loader=FileSystemLoader(HERE / "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True))
    env.globals.update(t=lambda key, **values: label(key, lang, **values), lang=lang,
                       quote=quote)
    return env


class Site:
    """The pages of one folder: each handler answers one route."""

    def __init__(self, settings: Settings) -> None:
        self.settings, self.lang = settings, settings.lang
        self.folder = Folder(settings.folder, settings.as_gate)
        self.state = State(self.folder)
        self.env = environment(settings.lang)
        self.token = settings.token or secrets.token_urlsafe(24)

    def page(self, template: str, code: int = 200, **values: Any) -> HTMLResponse:
        html = self.env.get_template(template).render(
            read_only=self.settings.read_only, token=self.token, **values)
        return HTMLResponse(html, code, headers=HEADERS)

    def refused(self, text: str, code: int) -> Response:
        return self.page("message.html", code, message=text)

    def not_found(self) -> Response:
        return self.refused(label("serve_not_found", self.lang), 404)

    async def portfolio(self, request: Request) -> Response:
        return self.page("portfolio.html", watch=["*"], **pages.portfolio(self.state, self.lang))

    async def strategy(self, request: Request) -> Response:
        entry = self.state.entry(request.path_params["rel"])
        if entry is None:
            return self.not_found()
        return self.page("strategy.html", watch=["*"], saved=request.query_params.get("saved"),
                         **pages.strategy(entry, self.folder, self.lang))

    async def problems(self, request: Request) -> Response:
        return self.page("problems.html", watch=["*"],
                         problems=pages.problems(self.state, self.lang))

    async def file(self, request: Request) -> Response:
        rel = request.path_params["rel"]
        line = request.query_params.get("line", "")
        try:
            shown = pages.file_page(self.folder, rel, int(line) if line.isdecimal() else None,
                                    self.lang)
        except OutsideFolder:
            return self.not_found()
        return self.page("file.html", watch=[rel], **shown)

    async def what_if(self, request: Request) -> Response:
        entry = self.state.entry(request.path_params["rel"])
        if entry is None:
            return self.not_found()
        result = what_if(entry.path, request.query_params.getlist("set"))
        return HTMLResponse(pages.what_if_html(result, self.lang), headers=HEADERS)

    async def save(self, request: Request) -> Response:
        if self.settings.read_only:
            return self.refused(label("serve_read_only", self.lang), 403)
        form = await request.form()
        if not secrets.compare_digest(str(form.get("token", "")), self.token):
            return self.refused("refused: no valid token", 403)
        entry = self.state.entry(request.path_params["rel"])
        if entry is None:
            return self.not_found()
        name = str(form.get("name", "")).strip()
        try:
            save_scenario(entry.path, str(form.get("hash", "")), name,
                          [str(v) for v in form.getlist("set")])
        except SaveRefused as error:
            said = label(error.key, self.lang, **error.values)
            return self.refused(f"{label('serve_not_saved', self.lang)}: {said}",
                                409 if error.conflict else 400)
        return Response(status_code=303, headers={
            **HEADERS, "location": f"/s/{quote(entry.rel)}?saved={quote(name)}"})

    async def stamp(self, request: Request) -> Response:
        """What the pages poll for live reload: one hash of the files a page shows."""
        watched = request.query_params.getlist("f")
        if "*" in watched:
            paths = self.folder.yaml_files((".yaml", ".yml", ".toml", ".csv"))
        else:
            paths = []
            for rel in watched[:50]:
                try:
                    paths.append(self.folder.inside(rel))
                except OutsideFolder:
                    continue
        return JSONResponse({"stamp": stamp(paths)}, headers=HEADERS)


def _static(name: str, media: str) -> Callable[[Request], Awaitable[Response]]:
    body = (HERE / "templates" / name).read_bytes()

    async def serve_file(request: Request) -> Response:
        return Response(body, media_type=media, headers=HEADERS)

    return serve_file


async def _no_icon(request: Request) -> Response:
    return Response(status_code=204, headers=HEADERS)


def create_app(settings: Settings) -> Starlette:
    site = Site(settings)
    routes = [
        Route("/", site.portfolio), Route("/problems", site.problems),
        Route("/s/{rel:path}", site.strategy), Route("/file/{rel:path}", site.file),
        Route("/whatif/{rel:path}", site.what_if),
        Route("/scenario/{rel:path}", site.save, methods=["POST"]),
        Route("/stamp", site.stamp),
        Route("/serve.js", _static("serve.js", "text/javascript")),
        Route("/serve.css", _static("serve.css", "text/css")),
        Route("/favicon.ico", _no_icon),
    ]
    app = Starlette(routes=routes)
    app.add_middleware(Guard, hosts=settings.hosts)
    app.state.site = site
    return app
