"""Webhooks to PokeAlarm, PoracleJS and the like, in MAD's payload shapes: a change feed read from the
database, sent once per change, delivered per URL with bounded queues and retries."""

from magneton.webhooks.delivery import DeliveryStats, Endpoint
from magneton.webhooks.rarity import Rarity
from magneton.webhooks.routing import Target, parse_targets
from magneton.webhooks.worker import WebhookWorker

__all__ = ["DeliveryStats", "Endpoint", "Rarity", "Target", "WebhookWorker", "parse_targets"]
