"""Channels and servers for the three services: MAD's `<service>_ip/_port/_tls_*/_compression` options.

The same `<service>_ip`/`_port` is the bind address on the server and the target on clients, as in MAD.
TLS: a server uses it when both the certificate and the key file are set; a client uses it when the
certificate file is set (that certificate is then the trusted root, so a self-signed one works; its
subject alternative names must cover `<service>_ip`)."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path

import grpc
from grpc import aio

from magneton.config import Config
from magneton.lifecycle import StartupError

log = logging.getLogger(__name__)

MAX_MESSAGE = 100 * 1024 * 1024  # MAD's limit: a GMO of a dense area is several MiB
DEADLINE = 10.0  # seconds; no call waits longer for a hung peer

_COMMON_OPTIONS = [
    ("grpc.max_send_message_length", MAX_MESSAGE),
    ("grpc.max_receive_message_length", MAX_MESSAGE),
]
# Reconnect quickly after a peer restarts (the default backoff grows to two minutes), and notice a dead
# peer on an idle stream through keepalive pings.
_CLIENT_OPTIONS = [
    ("grpc.initial_reconnect_backoff_ms", 500),
    ("grpc.min_reconnect_backoff_ms", 500),
    ("grpc.max_reconnect_backoff_ms", 3000),
    ("grpc.keepalive_time_ms", 20000),
    ("grpc.keepalive_timeout_ms", 10000),
    ("grpc.keepalive_permit_without_calls", 1),
    ("grpc.http2.max_pings_without_data", 0),
]
_SERVER_OPTIONS = [
    ("grpc.keepalive_permit_without_calls", 1),
    ("grpc.http2.min_ping_interval_without_data_ms", 10000),
    ("grpc.http2.max_ping_strikes", 0),
]


@dataclass(frozen=True)
class Endpoint:
    """One service's options (prefix: mitmmapper, statshandler or mappingmanager)."""

    service: str
    ip: str
    port: int
    cert_file: str | None
    key_file: str | None
    compression: bool

    @classmethod
    def of(cls, cfg: Config, prefix: str) -> Endpoint:
        return cls(prefix, getattr(cfg, f"{prefix}_ip"), getattr(cfg, f"{prefix}_port"),
                   getattr(cfg, f"{prefix}_tls_cert_file"), getattr(cfg, f"{prefix}_tls_private_key_file"),
                   bool(getattr(cfg, f"{prefix}_compression")))

    @property
    def address(self) -> str:
        host = f"[{self.ip}]" if ":" in self.ip else self.ip
        return f"{host}:{self.port}"

    @property
    def options_hint(self) -> str:
        return f"{self.service}_ip/{self.service}_port"

    def _read(self, name: str) -> bytes:
        path = getattr(self, name)
        try:
            return Path(path).read_bytes()  # grpcio wants bytes (MAD read text and failed)
        except OSError as exc:
            option = f"{self.service}_tls_{'cert' if name == 'cert_file' else 'private_key'}_file"
            raise StartupError(f"{option}: cannot read {path}: {exc.strerror}") from None

    @property
    def compression_algorithm(self) -> grpc.Compression:
        return grpc.Compression.Gzip if self.compression else grpc.Compression.NoCompression


def make_channel(endpoint: Endpoint) -> aio.Channel:
    options = [*_COMMON_OPTIONS, *_CLIENT_OPTIONS]
    compression = endpoint.compression_algorithm
    if endpoint.cert_file:
        credentials = grpc.ssl_channel_credentials(root_certificates=endpoint._read("cert_file"))
        return aio.secure_channel(endpoint.address, credentials, options=options, compression=compression)
    return aio.insecure_channel(endpoint.address, options=options, compression=compression)


async def start_server(endpoint: Endpoint, register) -> aio.Server:
    """A started server on the endpoint; `register(server)` adds the servicers."""
    server = aio.server(options=[*_COMMON_OPTIONS, *_SERVER_OPTIONS], compression=endpoint.compression_algorithm)
    register(server)
    try:
        if endpoint.cert_file and endpoint.key_file:
            credentials = grpc.ssl_server_credentials([(endpoint._read("key_file"), endpoint._read("cert_file"))])
            server.add_secure_port(endpoint.address, credentials)
        else:
            server.add_insecure_port(endpoint.address)
    except RuntimeError as exc:
        raise StartupError(f"cannot listen on {endpoint.address} ({endpoint.options_hint}): {exc}") from None
    await server.start()
    log.info("%s gRPC server listening on %s%s%s", endpoint.service, endpoint.address,
             " with TLS" if endpoint.cert_file and endpoint.key_file else "",
             ", gzip" if endpoint.compression else "")
    return server


# Codes that mean "the peer is not there (now)", as opposed to a bug answered with an error.
UNREACHABLE = frozenset({grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED})


class PeerUnavailable(ConnectionError):
    """The gRPC peer could not be reached; the message names the options that point at it."""


class PeerHealth:
    """Logs an outage once when it starts and once when it ends, never per call."""

    def __init__(self, endpoint: Endpoint, logger: logging.Logger) -> None:
        self.endpoint, self.log = endpoint, logger
        self.down_since: float | None = None
        self.failed_calls = 0

    def ok(self) -> None:
        if self.down_since is not None:
            self.log.warning("%s at %s reachable again after %.0f s (%d call(s) failed meanwhile)",
                             self.endpoint.service, self.endpoint.address, time.monotonic() - self.down_since,
                             self.failed_calls)
            self.down_since, self.failed_calls = None, 0

    def failed(self, exc: aio.AioRpcError) -> PeerUnavailable:
        self.failed_calls += 1
        if self.down_since is None:
            self.down_since = time.monotonic()
            self.log.error("%s at %s unreachable (%s: %s); check that it runs and %s; retrying",
                           self.endpoint.service, self.endpoint.address, exc.code().name, exc.details(),
                           self.endpoint.options_hint)
        return PeerUnavailable(f"{self.endpoint.service} at {self.endpoint.address} unreachable: {exc.details()}")

    @property
    def down(self) -> bool:
        return self.down_since is not None


class GrpcServer:
    """A Component serving servicers on one endpoint. Stopping lets calls in flight finish (bounded)."""

    def __init__(self, name: str, endpoint: Endpoint, register, grace: float = 5.0) -> None:
        self.name, self.endpoint, self.register, self.grace = name, endpoint, register, grace
        self.server: aio.Server | None = None

    async def start(self) -> None:
        self.server = await start_server(self.endpoint, self.register)

    async def stop(self) -> None:
        if self.server is not None:
            await self.server.stop(self.grace)
            self.server = None
