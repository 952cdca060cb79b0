"""Dramatiq actors. An actor binds to the global broker when its module is imported, so until
`workers.broker.setup()` binds the configured one, a placeholder StubBroker stands in (never the
RabbitMQ broker dramatiq would otherwise make up); `setup()` moves every actor to the real broker."""
from __future__ import annotations

import dramatiq.broker
from dramatiq.brokers.stub import StubBroker

if dramatiq.broker.global_broker is None:
    dramatiq.set_broker(StubBroker())
