"""Dramatiq's Redis broker, with every Redis command's connection errors raised as dramatiq's.

Dramatiq maps `redis.ConnectionError` to its `ConnectionClosed` only on fetch, ack and nack. On enqueue
and requeue the Redis error escapes as it is, and a consumer thread of delayed messages (`*.DQ`) that
meets one while Redis is down (moving a due message to its queue, then giving back the ones it holds)
dies for good: the worker runs on, and every delayed message waits in Redis with nobody to move it.
With the mapping the thread takes dramatiq's connection-error path and restarts once Redis is back. The
delayed messages it was holding are dropped from memory; the outbox sweeper queues their rows again.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import redis
from dramatiq.brokers.redis import RedisBroker
from dramatiq.errors import ConnectionClosed


class ResilientRedisBroker(RedisBroker):
    def _dispatch(self, command: str) -> Callable[..., Any]:
        dispatch = super()._dispatch(command)

        def dispatch_or_connection_closed(*args: Any) -> Any:
            try:
                return dispatch(*args)
            except (redis.ConnectionError, redis.TimeoutError) as exc:
                raise ConnectionClosed(exc) from None

        return dispatch_or_connection_closed
