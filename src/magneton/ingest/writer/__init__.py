"""The ingest write path: write kinds and the coalescing, bulk-flushing writer."""

from magneton.ingest.writer.kinds import Row, WriteKind
from magneton.ingest.writer.writer import Writer

__all__ = ["Row", "WriteKind", "Writer"]
