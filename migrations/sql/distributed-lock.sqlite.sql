-- Distributed lock table (participants-sdk/src/Transactions.Locking), SQLite 3.35 or later.
-- The library creates it itself when DistributedLockOptions.CreateSchema is true (the default).
-- One row per resource; rows are never deleted, so fencing_token keeps increasing per resource.
-- Times are Unix milliseconds of the application's clock; owner NULL means free.
CREATE TABLE IF NOT EXISTS distributed_locks (
    resource TEXT NOT NULL PRIMARY KEY,
    owner TEXT NULL,
    fencing_token INTEGER NOT NULL,
    acquired_at_ms INTEGER NOT NULL,
    expires_at_ms INTEGER NOT NULL
);
