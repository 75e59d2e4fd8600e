"""The scenario store: saved, versioned scenarios in SQLite (default, var/store.sqlite3) or PostgreSQL
(``SCALING_STORE_URL``). An edge package like outputs/: it hands plain data to model/ and never computes a cost."""

from store.db import StoreError, store_url
from store.workspace import LOCAL_AUTHOR, ScenarioSummary, Store, VersionInfo

__all__ = ["LOCAL_AUTHOR", "ScenarioSummary", "Store", "StoreError", "VersionInfo", "store_url"]
