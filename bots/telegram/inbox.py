"""A Telegram update is acknowledged only once it is stored (issue 13: no customer message lost in an outage).

Telegram forgets an update once it is acknowledged: in polling mode by asking getUpdates for a later
offset, in webhook mode by a 2xx answer. PTB acknowledges as soon as it has the update in memory, so a
message that arrived while the database was down was gone. Here:

- every update handed to the application is registered in the `Inbox` (`StoringQueue.put`), and settled
  when the application has processed it (`StoringApplication.process_update`); a handler that could not
  store it (the database unreachable: `NotStored`, or peewee's OperationalError/InterfaceError) marks it
  failed instead of answering the customer with an error; the chat's later updates are held back (marked
  failed) until it is stored, so they come again after it and keep the order the customer wrote them in
  (polling: the whole batch comes again from it; webhook: Telegram posts each one again, and a later one
  posted first is refused again). A hold outlives a lost update for HOLD_SECONDS at most;
- polling (`StoringBot.get_updates`): before asking for the next batch, which would confirm the previous
  one, wait until every update handed out is settled; if one failed, ask again from it (after a pause that
  grows while the database stays down), so Telegram keeps it and later ones. Those already stored come
  back and are dropped as duplicates by their update_id (DESIGN.md rule 6);
- webhook (`StoringQueue(wait_until_stored=True)`): PTB's webhook answers once `put` returns, so `put`
  waits for the update to be settled and raises when it was not stored: the webhook answers 500 and
  Telegram delivers it again later.
"""
from __future__ import annotations

import asyncio
import logging

from peewee import InterfaceError, OperationalError
from telegram import Update
from telegram.ext import Application, ExtBot

log = logging.getLogger(__name__)

SETTLE_WAIT_SECONDS = 60.0  # polling waits this long for a batch to be processed before asking again
RETRY_PAUSES = (0.5, 1.0, 2.0, 5.0)  # between fetches again of an update not stored (the last one repeats)
HOLD_SECONDS = 15 * 60.0  # a chat's later updates wait this long at most for an earlier one to come again
UNAVAILABLE = (OperationalError, InterfaceError)


class NotStored(Exception):
    """The update could not be stored (the database is unreachable): Telegram must deliver it again."""


class Inbox:
    """The updates handed to the application and not yet settled, and those that failed to be stored."""

    def __init__(self) -> None:
        self._open: dict[int, asyncio.Future[bool]] = {}
        self._failed: set[int] = set()
        self._first_failed_of_chat: dict[int, tuple[int, float]] = {}  # chat -> (update_id, since)
        self._failures_in_a_row = 0

    def opened(self, update_id: int) -> asyncio.Future[bool]:
        self._failed.discard(update_id)  # delivered again: this time may work
        future = self._open.get(update_id)
        if future is None or future.done():
            future = self._open[update_id] = asyncio.get_running_loop().create_future()
        return future

    def fail(self, update_id: int, chat_id: int) -> None:
        self._failed.add(update_id)
        first = self._first_failed_of_chat.get(chat_id)
        if first is None or update_id < first[0]:
            self._first_failed_of_chat[chat_id] = (update_id, _now())

    def held_back(self, update_id: int, chat_id: int) -> bool:
        """An update of a chat whose earlier update was not stored: handling it now would put it first."""
        first = self._first_failed_of_chat.get(chat_id)
        if first is None or update_id <= first[0]:
            return False
        if _now() - first[1] > HOLD_SECONDS:  # it never came again: don't hold the chat's messages forever
            log.error("Telegram update %s of chat %s never came again; not holding later ones", first[0], chat_id)
            del self._first_failed_of_chat[chat_id]
            return False
        return True

    def settle(self, update_id: int) -> None:
        future = self._open.pop(update_id, None)
        stored = update_id not in self._failed
        if stored:  # the chat's later updates may go now (webhook: as Telegram posts them again)
            self._first_failed_of_chat = {chat: first for chat, first in self._first_failed_of_chat.items()
                                          if first[0] != update_id}
        if future is not None and not future.done():
            future.set_result(stored)

    async def refetch_from(self, offset: int | None) -> int | None:
        """The offset to ask getUpdates for: `offset`, or the first update not stored (after a pause)."""
        pending = [future for future in self._open.values() if not future.done()]
        if pending:
            await asyncio.wait(pending, timeout=SETTLE_WAIT_SECONDS)
        keep = self._failed | {update_id for update_id, future in self._open.items() if not future.done()}
        self._failed.clear()
        self._first_failed_of_chat.clear()  # from the first update not stored, all come again in order
        if not keep:
            self._failures_in_a_row = 0
            return offset
        pause = RETRY_PAUSES[min(self._failures_in_a_row, len(RETRY_PAUSES) - 1)]
        self._failures_in_a_row += 1
        log.warning("Telegram update %s is not stored yet; fetching it again in %.1f s", min(keep), pause)
        await asyncio.sleep(pause)
        return min(keep) if not offset else min(min(keep), offset)


class StoringQueue(asyncio.Queue):
    """The application's update queue: registers each update; on a webhook, `put` returns once it is stored."""

    def __init__(self, inbox: Inbox, wait_until_stored: bool = False):
        super().__init__()
        self.inbox, self.wait_until_stored = inbox, wait_until_stored

    async def put(self, item: object) -> None:
        future = self.inbox.opened(item.update_id) if isinstance(item, Update) else None
        await super().put(item)
        if future is not None and self.wait_until_stored and not await future:
            raise NotStored(f"update {item.update_id} is not stored; Telegram will deliver it again")


class StoringApplication(Application):
    async def process_update(self, update: object) -> None:
        try:
            await super().process_update(update)
        finally:
            if isinstance(update, Update) and isinstance(self.update_queue, StoringQueue):
                self.update_queue.inbox.settle(update.update_id)


class StoringBot(ExtBot):
    """getUpdates never confirms an update that is not stored (see the module's docstring)."""

    def __init__(self, *args, inbox: Inbox, **kwargs):
        super().__init__(*args, **kwargs)
        with self._unfrozen():
            self.inbox = inbox

    async def get_updates(self, offset: int | None = None, *args, **kwargs) -> tuple[Update, ...]:
        offset = await self.inbox.refetch_from(offset)
        return await super().get_updates(offset, *args, **kwargs)


def _inbox(application: Application) -> Inbox | None:
    queue = application.update_queue
    return queue.inbox if isinstance(queue, StoringQueue) else None


def mark_not_stored(application: Application, update: Update) -> None:
    if (inbox := _inbox(application)) is not None:
        inbox.fail(update.update_id, _chat_id(update))


def held_back(application: Application, update: Update) -> bool:
    inbox = _inbox(application)
    return inbox is not None and inbox.held_back(update.update_id, _chat_id(update))


def _now() -> float:
    return asyncio.get_running_loop().time()


def _chat_id(update: Update) -> int:
    return update.effective_chat.id if update.effective_chat else 0
