"""The file store (MAD APKs kept in the database), APK auto-search state and small bookkeeping tables."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    ForeignKeyConstraint,
    Index,
    Integer,
    PrimaryKeyConstraint,
    SmallInteger,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from magneton.db.models.base import Base, table_args
from magneton.db.types import UTCDateTime, longblob, tinyint, uint


class FilestoreMeta(Base):
    __tablename__ = "filestore_meta"

    filestore_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    filename: Mapped[str] = mapped_column(String(255))
    size: Mapped[int] = mapped_column(Integer)
    mimetype: Mapped[str] = mapped_column(String(255))


class FilestoreChunk(Base):
    __tablename__ = "filestore_chunks"
    __table_args__ = table_args(
        UniqueConstraint("chunk_id", "filestore_id", name="chunk_id"),
        Index("k_fs_chunks", "filestore_id"),
        ForeignKeyConstraint(["filestore_id"], ["filestore_meta.filestore_id"], name="fk_fs_chunks",
                             ondelete="CASCADE"),
    )

    chunk_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    filestore_id: Mapped[int] = mapped_column(Integer)
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes | None] = mapped_column(longblob())


class MadApk(Base):
    """usage: 0 pogo, 1 rgc, 2 pd. arch: 0 noarch, 1 armeabi-v7a, 2 arm64-v8a."""

    __tablename__ = "mad_apks"
    __table_args__ = table_args(
        UniqueConstraint("usage", "arch", name="usage"),
        ForeignKeyConstraint(["filestore_id"], ["filestore_meta.filestore_id"], name="fk_fs_apks",
                             ondelete="CASCADE"),
    )

    filestore_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement="ignore_fk")
    usage: Mapped[int] = mapped_column(Integer)
    arch: Mapped[int] = mapped_column(Integer)
    version: Mapped[str] = mapped_column(String(32))


class MadApkAutosearch(Base):
    __tablename__ = "mad_apk_autosearch"
    __table_args__ = table_args(PrimaryKeyConstraint("usage", "arch"))

    usage: Mapped[int] = mapped_column(Integer)
    arch: Mapped[int] = mapped_column(Integer)
    version: Mapped[str | None] = mapped_column(String(32))
    url: Mapped[str | None] = mapped_column(String(256))
    download_status: Mapped[int] = mapped_column(tinyint(1), server_default=text("0"))
    last_checked: Mapped[datetime] = mapped_column(UTCDateTime)


class OriginHopper(Base):
    """Counter per name prefix for auto-generated device names."""

    __tablename__ = "origin_hopper"

    origin: Mapped[str] = mapped_column(String(128), primary_key=True)
    last_id: Mapped[int] = mapped_column(uint())


class Version(Base):
    """MAD's pre-Alembic schema version table; kept for compatibility, unused."""

    __tablename__ = "versions"

    key: Mapped[str] = mapped_column(String(191), primary_key=True)
    val: Mapped[int] = mapped_column(SmallInteger)


__all__ = ["FilestoreChunk", "FilestoreMeta", "MadApk", "MadApkAutosearch", "OriginHopper", "Version"]
