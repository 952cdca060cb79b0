"""`crm worker`, `crm scheduler` and `crm jobs`. Transports are imported inside the commands (DESIGN.md rule 1)."""
from __future__ import annotations

import argparse

from crm_core import processes
from crm_core.cli.common import open_configured_database
from crm_core.errors import ConfigError
from crm_core.settings import get_settings


def register(subparsers: argparse._SubParsersAction) -> None:
    worker = subparsers.add_parser("worker", help="run Dramatiq worker processes for BROKER_URL (supervised)")
    worker.add_argument("--processes", type=int, default=2, metavar="N", help="worker processes (default 2)")
    worker.add_argument("--threads", type=int, default=8, metavar="N", help="threads per process (default 8)")
    worker.set_defaults(run=run_worker)

    subparsers.add_parser("scheduler", help="fire reminders, sweeps and nightly jobs on time").set_defaults(
        run=run_scheduler)

    jobs = subparsers.add_parser("jobs", help="list failed and stuck outbox rows and scheduler runs; retry them")
    action = jobs.add_mutually_exclusive_group()
    action.add_argument("--retry", type=int, metavar="ID", help="send outbox row ID again")
    action.add_argument("--retry-all-failed", action="store_true", help="send every failed outbox row again")
    jobs.set_defaults(run=run_jobs)


def run_worker(args: argparse.Namespace) -> int:
    from workers.supervisor import Supervisor

    if not get_settings().broker_url:
        raise ConfigError("crm worker needs BROKER_URL (redis://... or amqp://...).",
                          hint="Without a broker, `crm run` and `crm chat` do the work in their own process.")
    if args.processes < 1 or args.threads < 1:
        raise ConfigError("--processes and --threads must be at least 1.")
    open_configured_database()
    with processes.registered("crm worker"):  # `crm restore` refuses meanwhile
        return Supervisor(args.processes, args.threads, verbose=args.verbose).run()


def run_scheduler(args: argparse.Namespace) -> int:
    from workers.scheduler import serve

    open_configured_database()
    with processes.registered("crm scheduler"):  # `crm restore` refuses meanwhile
        return serve(get_settings())


def run_jobs(args: argparse.Namespace) -> int:
    from workers import jobs

    db = open_configured_database()
    with db.connection_context():
        if args.retry is not None:
            retried = [jobs.retry(args.retry).id]
        elif args.retry_all_failed:
            retried = jobs.retry_all_failed()
        else:
            _print_problems(jobs.problems())
            return 0
    print(f"Pending again: {len(retried)} outbox row(s).")
    if retried:
        _enqueue(retried)
    return 0


def _enqueue(row_ids: list[int]) -> None:
    settings = get_settings()
    if not settings.broker_url:
        print("No BROKER_URL: the sweeper of the running `crm run` sends them within a few minutes.")
        return
    from workers.actors.outbox import enqueue_send
    from workers.broker import setup

    setup(settings, in_process_threads=0)
    for row_id in row_ids:
        enqueue_send(row_id)
    print("Enqueued; the workers send them now.")


def _print_problems(problems) -> None:
    sections = (("Failed outbox rows", problems.failed), ("Stuck outbox rows", problems.stuck))
    for title, rows in sections:
        print(f"{title}: {len(rows)}")
        for row in rows:
            print(f"  #{row.id:<7} {row.kind:<18} {row.status:<8} attempts {row.attempts:<2} "
                  f"key {row.key}  updated {row.updated_at:%Y-%m-%d %H:%M:%S}")
            if row.last_error:
                print(f"           {_one_line(row.last_error)}")
    print(f"Failed or stuck scheduler runs: {len(problems.runs)}")
    for run in problems.runs:
        print(f"  {run.job:<20} {run.slot:<20} {run.status:<8} by {run.claimed_by}  {_one_line(run.error or '')}")
    if problems.failed or problems.stuck:
        print("Retry with `crm jobs --retry ID` or `crm jobs --retry-all-failed`.")


def _one_line(text: str, width: int = 150) -> str:
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1] + "…"

