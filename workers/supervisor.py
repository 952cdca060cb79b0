"""`crm worker`: keep N worker processes running; restart any that dies, stop them all on SIGTERM/Ctrl-C.

The dramatiq CLI stops every process when one is killed; here a killed process is replaced and the
others keep working. The messages the dead one had fetched come back through the broker (see
workers/broker.py), and its half-sent outbox rows through the sweeper.
"""
from __future__ import annotations

import logging
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field

log = logging.getLogger(__name__)

POLL_SECONDS = 0.5
QUICK_DEATH_SECONDS = 10.0  # a process that dies sooner than this is restarted with growing delays
MAX_RESTART_DELAY_SECONDS = 30.0
STOP_GRACE_SECONDS = 40.0


@dataclass
class Slot:
    """One worker process position: the running process and its restart history."""
    index: int
    process: subprocess.Popen | None = None
    started_at: float = 0.0
    restart_delay: float = 1.0
    restart_at: float = field(default=0.0)


class Supervisor:
    def __init__(self, processes: int, threads: int, verbose: bool = False) -> None:
        self.slots = [Slot(i) for i in range(processes)]
        self.command = [sys.executable, "-m", "workers.process", "--threads", str(threads)]
        if verbose:
            self.command.append("--verbose")
        self.stopping = False

    def run(self) -> int:
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, self._stop)
        for slot in self.slots:
            self._start(slot)
        while not self.stopping:
            self._check()
            time.sleep(POLL_SECONDS)
        self._stop_all()
        return 0

    def _stop(self, signum: int, frame: object) -> None:
        self.stopping = True

    def _start(self, slot: Slot) -> None:
        slot.process = subprocess.Popen(self.command)
        slot.started_at = time.monotonic()
        log.warning("worker process %d started (pid %d)", slot.index, slot.process.pid)

    def _check(self) -> None:
        now = time.monotonic()
        for slot in self.slots:
            if slot.process is not None:
                code = slot.process.poll()
                if code is None:
                    continue
                quick = now - slot.started_at < QUICK_DEATH_SECONDS
                slot.restart_delay = min(slot.restart_delay * 2, MAX_RESTART_DELAY_SECONDS) if quick else 1.0
                slot.restart_at = now + slot.restart_delay
                log.warning("worker process %d (pid %d) exited with %s; restarting in %.0f s",
                            slot.index, slot.process.pid, code, slot.restart_delay)
                slot.process = None
            if slot.process is None and now >= slot.restart_at:
                self._start(slot)

    def pids(self) -> list[int]:
        return [slot.process.pid for slot in self.slots if slot.process is not None]

    def _stop_all(self) -> None:
        running = [slot.process for slot in self.slots if slot.process is not None]
        for process in running:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + STOP_GRACE_SECONDS
        for process in running:
            try:
                process.wait(timeout=max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                log.warning("worker process pid %d did not stop in time; killing it", process.pid)
                process.kill()
                process.wait()
