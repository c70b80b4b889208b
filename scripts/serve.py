"""`make serve [PORT=8001] [FULL=1]`: start `mkdocs serve` on a free port, or say plainly that it is taken.

MkDocs itself ends with a traceback ("Address already in use") when the port is busy; this
checks the port first, then hands over to `mkdocs serve` in the same process. Rebuilds are
incremental (`--dirty`: the explainer plugin says which pages an edit changes); `--full`
(`make serve FULL=1`) rebuilds the whole site after every edit instead.
"""

from __future__ import annotations

import errno
import os
import socket
import sys

HOST = "127.0.0.1"


def port_is_free(port: int, host: str = HOST) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind((host, port))
        except OSError as exc:
            if exc.errno in (errno.EADDRINUSE, errno.EACCES):
                return False
            raise
    return True


def serve_command(port: int, extra: list[str]) -> list[str]:
    """The `mkdocs serve` command line: incremental rebuilds unless `--full` is among `extra`."""
    full = "--full" in extra
    rest = [arg for arg in extra if arg != "--full"]
    mode = [] if full else ["--dirty"]
    return [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"{HOST}:{port}", *mode, *rest]


def main(argv: list[str]) -> int:
    text = argv[0] if argv else "8000"
    if not text.isdigit() or not 0 < int(text) < 65536:
        print(f"make serve: PORT must be a number from 1 to 65535, not {text!r}", file=sys.stderr)
        return 2
    port = int(text)
    if not port_is_free(port):
        print(
            f"make serve: port {port} is already in use (another `make serve`?). Stop it, or pick another"
            f" port: make serve PORT={port + 1}",
            file=sys.stderr,
        )
        return 1
    os.execv(sys.executable, serve_command(port, argv[1:]))
    return 0  # pragma: no cover - execv does not return


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
