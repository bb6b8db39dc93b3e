-- Distributed lock table (participants-sdk/src/Transactions.Locking), SQL Server.
-- The library creates it itself when DistributedLockOptions.CreateSchema is true (the default).
-- One row per resource; rows are never deleted, so fencing_token keeps increasing per resource.
-- Times are Unix milliseconds of the application's clock; owner NULL means free.
IF OBJECT_ID(N'distributed_locks', N'U') IS NULL
CREATE TABLE distributed_locks (
    resource NVARCHAR(512) NOT NULL PRIMARY KEY,
    owner NVARCHAR(512) NULL,
    fencing_token BIGINT NOT NULL,
    acquired_at_ms BIGINT NOT NULL,
    expires_at_ms BIGINT NOT NULL
);
