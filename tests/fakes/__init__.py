"""Local stand-ins for the chat platforms' APIs."""
from __future__ import annotations

import threading
from socketserver import BaseServer

# serve_forever's default poll of 0.5 s makes every shutdown() wait up to half a second: with a fake
# started per test that was a third of the suite's time
SHUTDOWN_POLL_SECONDS = 0.01


def serving_thread(server: BaseServer) -> threading.Thread:
    """A daemon thread (not started) that serves `server` until server.shutdown(), which then returns at once."""
    return threading.Thread(target=server.serve_forever, kwargs={"poll_interval": SHUTDOWN_POLL_SECONDS}, daemon=True)
