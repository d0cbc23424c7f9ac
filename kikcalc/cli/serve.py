"""`kikcalc serve`: the strategies of a folder as a local web view (the `serve` extra).

The web stack (Starlette, uvicorn, Jinja2) is imported here, when the command runs, and
nowhere else: without the extra, the command says so in one line (exit 2) and every other
command starts as it did. The socket is bound here, to 127.0.0.1 only, before the
application is made, so that the application knows the one Host it answers to.
"""

from __future__ import annotations

import socket
import sys
from pathlib import Path
from typing import Annotated

import typer

from kikcalc.cli.common import (
    EXIT_ERROR,
    Lang,
    LangOption,
    app,
    fail,
    reason_of,
    said,
)

LOOPBACK = "127.0.0.1"


def _bind(port: int) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((LOOPBACK, port))
    except OSError as error:
        sock.close()
        raise fail(said("commands.cannot_listen", address=f"{LOOPBACK}:{port}",
                        reason=reason_of(error))) from None
    sock.listen(64)
    return sock


@app.command()
def serve(
    folder: Annotated[Path | None, typer.Argument(metavar="FOLDER")] = None,
    port: Annotated[int, typer.Option("--port", min=0, max=65535, metavar="N")] = 0,
    open_browser: Annotated[bool, typer.Option("--open", metavar="")] = False,
    read_only: Annotated[bool, typer.Option("--read-only", metavar="")] = False,
    lang: LangOption = Lang.da,
) -> None:
    """The strategies of FOLDER as a local web view: portfolio, a page per strategy,
    problems, what-if; live when a file is saved."""
    try:
        import uvicorn

        from kikcalc.serve.app import Settings, create_app
    except ImportError as error:
        raise fail(said("commands.needs_extra", what="serve", name=error.name,
                        extra="serve"), EXIT_ERROR) from None
    from kikcalc.reading.files import repository_root

    # Unnamed, the folder is the repository around us, showing what the gate judges (not
    # its test inputs); a folder given is shown whole.
    as_gate = folder is None and repository_root(Path.cwd()) is not None
    if folder is None:
        folder = repository_root(Path.cwd()) or Path.cwd()
    if not folder.is_dir():
        raise fail(said("files.not_a_folder", folder=folder))
    sock = _bind(port)
    bound = sock.getsockname()[1]
    hosts = (f"{LOOPBACK}:{bound}", f"localhost:{bound}")
    web = create_app(Settings(folder, lang.value, read_only, hosts, as_gate=as_gate))
    url = f"http://{LOOPBACK}:{bound}/"
    typer.echo(f"kikcalc serve: {url} ({folder.resolve()}); Ctrl-C stops")
    sys.stdout.flush()
    import threading

    # the folder is read while the browser comes: the first page waits only for the rest
    threading.Thread(target=web.state.site.state.entries, daemon=True).start()
    if open_browser:
        import webbrowser

        threading.Timer(0.5, webbrowser.open, [url]).start()
    config = uvicorn.Config(web, log_level="warning", lifespan="off", access_log=False)
    try:
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        sock.close()
