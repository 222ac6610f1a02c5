from tests.db.conftest import dialect, empty_cfg, mariadb_database, migrated_cfg  # noqa: F401 (fixtures)
from tests.ingest.conftest import make_stack  # noqa: F401 (fixtures)
