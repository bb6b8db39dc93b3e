IF OBJECT_ID(N'[__EFMigrationsHistory]') IS NULL
BEGIN
    CREATE TABLE [__EFMigrationsHistory] (
        [MigrationId] nvarchar(150) NOT NULL,
        [ProductVersion] nvarchar(32) NOT NULL,
        CONSTRAINT [PK___EFMigrationsHistory] PRIMARY KEY ([MigrationId])
    );
END;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121202115_InitialCreate'
)
BEGIN
    CREATE TABLE [tx_events] (
        [id] bigint NOT NULL IDENTITY,
        [xid] bigint NOT NULL,
        [branch_id] bigint NULL,
        [at_unix_ms] bigint NOT NULL,
        [kind] nvarchar(64) NOT NULL,
        [actor] nvarchar(256) NOT NULL,
        [detail] nvarchar(max) NULL,
        CONSTRAINT [pk_tx_events] PRIMARY KEY ([id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121202115_InitialCreate'
)
BEGIN
    CREATE TABLE [tx_global_transactions] (
        [xid] bigint NOT NULL,
        [name] nvarchar(128) NOT NULL,
        [application_id] nvarchar(128) NULL,
        [idempotency_key] nvarchar(128) NULL,
        [status] int NOT NULL,
        [timeout_ms] int NOT NULL,
        [created_unix_ms] bigint NOT NULL,
        [updated_unix_ms] bigint NOT NULL,
        [deadline_unix_ms] bigint NOT NULL,
        [completed_unix_ms] bigint NULL,
        [branch_count] int NOT NULL,
        [rollback_reason] nvarchar(1024) NULL,
        [phase2_attempts] int NOT NULL,
        [next_attempt_unix_ms] bigint NULL,
        [last_error] nvarchar(max) NULL,
        [needs_attention] bit NOT NULL,
        [lease_owner] nvarchar(256) NULL,
        [lease_expires_unix_ms] bigint NULL,
        [application_key] nvarchar(128) NOT NULL,
        CONSTRAINT [pk_tx_global_transactions] PRIMARY KEY ([xid])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121202115_InitialCreate'
)
BEGIN
    CREATE TABLE [tx_worker_leases] (
        [worker_id] int NOT NULL,
        [owner] nvarchar(256) NULL,
        [expires_unix_ms] bigint NOT NULL,
        CONSTRAINT [pk_tx_worker_leases] PRIMARY KEY ([worker_id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121202115_InitialCreate'
)
BEGIN
    CREATE TABLE [tx_branches] (
        [branch_id] bigint NOT NULL,
        [xid] bigint NOT NULL,
        [ordinal] int NOT NULL,
        [resource_id] nvarchar(256) NOT NULL,
        [action_name] nvarchar(256) NOT NULL,
        [branch_type] int NOT NULL,
        [endpoint] nvarchar(1024) NOT NULL,
        [protocol] int NOT NULL,
        [action_context] nvarchar(max) NULL,
        [status] int NOT NULL,
        [attempts] int NOT NULL,
        [last_error] nvarchar(max) NULL,
        [next_retry_unix_ms] bigint NULL,
        [created_unix_ms] bigint NOT NULL,
        [updated_unix_ms] bigint NOT NULL,
        CONSTRAINT [pk_tx_branches] PRIMARY KEY ([branch_id]),
        CONSTRAINT [fk_tx_branches_tx_global_transactions_xid] FOREIGN KEY ([xid]) REFERENCES [tx_global_transactions] ([xid]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121202115_InitialCreate'
)
BEGIN
    CREATE UNIQUE INDEX [ux_tx_branches_xid_ordinal] ON [tx_branches] ([xid], [ordinal]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121202115_InitialCreate'
)
BEGIN
    CREATE INDEX [ix_tx_events_xid] ON [tx_events] ([xid], [id]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121202115_InitialCreate'
)
BEGIN
    EXEC(N'CREATE INDEX [ix_tx_global_transactions_active_deadline] ON [tx_global_transactions] ([deadline_unix_ms]) WHERE status = 1');
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121202115_InitialCreate'
)
BEGIN
    CREATE INDEX [ix_tx_global_transactions_recovery] ON [tx_global_transactions] ([status], [next_attempt_unix_ms]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121202115_InitialCreate'
)
BEGIN
    EXEC(N'CREATE UNIQUE INDEX [ux_tx_global_transactions_idempotency] ON [tx_global_transactions] ([application_key], [idempotency_key]) WHERE idempotency_key IS NOT NULL');
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121202115_InitialCreate'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261121202115_InitialCreate', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121230207_AddSagas'
)
BEGIN
    ALTER TABLE [tx_global_transactions] ADD [kind] int NOT NULL DEFAULT 0;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121230207_AddSagas'
)
BEGIN
    CREATE TABLE [tx_saga_steps] (
        [xid] bigint NOT NULL,
        [ordinal] int NOT NULL,
        [group_index] int NOT NULL,
        [name] nvarchar(128) NOT NULL,
        [branch_id] bigint NOT NULL,
        [status] int NOT NULL,
        [attempts] int NOT NULL,
        [compensation_attempts] int NOT NULL,
        [output] nvarchar(max) NULL,
        [last_error] nvarchar(max) NULL,
        [next_retry_unix_ms] bigint NULL,
        [started_unix_ms] bigint NULL,
        [finished_unix_ms] bigint NULL,
        [updated_unix_ms] bigint NOT NULL,
        CONSTRAINT [pk_tx_saga_steps] PRIMARY KEY ([xid], [ordinal]),
        CONSTRAINT [fk_tx_saga_steps_tx_global_transactions_xid] FOREIGN KEY ([xid]) REFERENCES [tx_global_transactions] ([xid]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121230207_AddSagas'
)
BEGIN
    CREATE TABLE [tx_sagas] (
        [xid] bigint NOT NULL,
        [definition] nvarchar(max) NOT NULL,
        CONSTRAINT [pk_tx_sagas] PRIMARY KEY ([xid]),
        CONSTRAINT [fk_tx_sagas_tx_global_transactions_xid] FOREIGN KEY ([xid]) REFERENCES [tx_global_transactions] ([xid]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121230207_AddSagas'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261121230207_AddSagas', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121233248_AddAdminAudit'
)
BEGIN
    CREATE TABLE [tx_admin_audit] (
        [id] bigint NOT NULL IDENTITY,
        [at_unix_ms] bigint NOT NULL,
        [actor] nvarchar(256) NOT NULL,
        [action] nvarchar(256) NOT NULL,
        [target] nvarchar(256) NOT NULL,
        [reason] nvarchar(max) NOT NULL,
        [before_state] nvarchar(max) NULL,
        [after_state] nvarchar(max) NULL,
        [outcome] nvarchar(max) NOT NULL,
        CONSTRAINT [PK_tx_admin_audit] PRIMARY KEY ([id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121233248_AddAdminAudit'
)
BEGIN
    CREATE INDEX [ix_tx_admin_audit_target] ON [tx_admin_audit] ([target], [id]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121233248_AddAdminAudit'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261121233248_AddAdminAudit', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207115435_AddBranchIdempotencyKey'
)
BEGIN
    ALTER TABLE [tx_branches] ADD [idempotency_key] nvarchar(128) NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207115435_AddBranchIdempotencyKey'
)
BEGIN
    EXEC(N'CREATE UNIQUE INDEX [ux_tx_branches_idempotency] ON [tx_branches] ([xid], [idempotency_key]) WHERE idempotency_key IS NOT NULL');
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207115435_AddBranchIdempotencyKey'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261207115435_AddBranchIdempotencyKey', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207234028_CollapseRepeatedFailures'
)
BEGIN
    ALTER TABLE [tx_events] ADD [last_at_unix_ms] bigint NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207234028_CollapseRepeatedFailures'
)
BEGIN
    ALTER TABLE [tx_events] ADD [repeats] int NOT NULL DEFAULT 1;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207234028_CollapseRepeatedFailures'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261207234028_CollapseRepeatedFailures', N'10.0.15');
END;

COMMIT;
GO

