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
    WHERE [MigrationId] = N'20261121204215_InitialCreate'
)
BEGIN
    CREATE TABLE [rm_deliveries] (
        [message_id] bigint NOT NULL,
        [consumer_group] nvarchar(128) NOT NULL,
        [status] int NOT NULL,
        [attempts] int NOT NULL,
        [next_attempt_unix_ms] bigint NULL,
        [delivered_unix_ms] bigint NULL,
        [acked_unix_ms] bigint NULL,
        [last_error] nvarchar(2048) NULL,
        [lease_owner] nvarchar(256) NULL,
        [lease_expires_unix_ms] bigint NULL,
        [created_unix_ms] bigint NOT NULL,
        [updated_unix_ms] bigint NOT NULL,
        CONSTRAINT [PK_rm_deliveries] PRIMARY KEY ([message_id], [consumer_group])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121204215_InitialCreate'
)
BEGIN
    CREATE TABLE [rm_message_events] (
        [id] bigint NOT NULL IDENTITY,
        [message_id] bigint NOT NULL,
        [consumer_group] nvarchar(128) NULL,
        [at_unix_ms] bigint NOT NULL,
        [kind] nvarchar(64) NOT NULL,
        [actor] nvarchar(256) NOT NULL,
        [detail] nvarchar(max) NULL,
        CONSTRAINT [PK_rm_message_events] PRIMARY KEY ([id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121204215_InitialCreate'
)
BEGIN
    CREATE TABLE [rm_messages] (
        [message_id] bigint NOT NULL,
        [topic] nvarchar(200) NOT NULL,
        [message_key] nvarchar(256) NULL,
        [payload] varbinary(max) NOT NULL,
        [producer_group] nvarchar(128) NOT NULL,
        [producer_key] nvarchar(128) NULL,
        [check_endpoint] nvarchar(1024) NULL,
        [status] int NOT NULL,
        [created_unix_ms] bigint NOT NULL,
        [updated_unix_ms] bigint NOT NULL,
        [committed_unix_ms] bigint NULL,
        [completed_unix_ms] bigint NULL,
        [check_attempts] int NOT NULL,
        [publish_attempts] int NOT NULL,
        [next_attempt_unix_ms] bigint NULL,
        [last_error] nvarchar(2048) NULL,
        [lease_owner] nvarchar(256) NULL,
        [lease_expires_unix_ms] bigint NULL,
        CONSTRAINT [PK_rm_messages] PRIMARY KEY ([message_id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121204215_InitialCreate'
)
BEGIN
    CREATE TABLE [rm_subscriptions] (
        [consumer_group] nvarchar(128) NOT NULL,
        [topic] nvarchar(200) NOT NULL,
        [push_endpoint] nvarchar(1024) NULL,
        [created_unix_ms] bigint NOT NULL,
        [updated_unix_ms] bigint NOT NULL,
        CONSTRAINT [PK_rm_subscriptions] PRIMARY KEY ([consumer_group], [topic])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121204215_InitialCreate'
)
BEGIN
    CREATE TABLE [rm_worker_leases] (
        [worker_id] int NOT NULL,
        [owner] nvarchar(256) NULL,
        [expires_unix_ms] bigint NOT NULL,
        CONSTRAINT [PK_rm_worker_leases] PRIMARY KEY ([worker_id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121204215_InitialCreate'
)
BEGIN
    CREATE INDEX [ix_rm_deliveries_due] ON [rm_deliveries] ([status], [next_attempt_unix_ms]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121204215_InitialCreate'
)
BEGIN
    CREATE INDEX [ix_rm_message_events_message] ON [rm_message_events] ([message_id], [id]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121204215_InitialCreate'
)
BEGIN
    CREATE INDEX [ix_rm_messages_due] ON [rm_messages] ([status], [next_attempt_unix_ms]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121204215_InitialCreate'
)
BEGIN
    EXEC(N'CREATE UNIQUE INDEX [ux_rm_messages_producer_key] ON [rm_messages] ([producer_group], [producer_key]) WHERE producer_key IS NOT NULL');
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121204215_InitialCreate'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261121204215_InitialCreate', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121225713_AddAdminAudit'
)
BEGIN
    CREATE TABLE [rm_admin_audit] (
        [id] bigint NOT NULL IDENTITY,
        [at_unix_ms] bigint NOT NULL,
        [actor] nvarchar(256) NOT NULL,
        [action] nvarchar(256) NOT NULL,
        [target] nvarchar(256) NOT NULL,
        [reason] nvarchar(max) NOT NULL,
        [before_state] nvarchar(max) NULL,
        [after_state] nvarchar(max) NULL,
        [outcome] nvarchar(max) NOT NULL,
        CONSTRAINT [PK_rm_admin_audit] PRIMARY KEY ([id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121225713_AddAdminAudit'
)
BEGIN
    CREATE INDEX [ix_rm_admin_audit_target] ON [rm_admin_audit] ([target], [id]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121225713_AddAdminAudit'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261121225713_AddAdminAudit', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261208015201_AddNotifications'
)
BEGIN
    CREATE TABLE [rm_notifications] (
        [notification_id] bigint NOT NULL,
        [application_id] nvarchar(128) NOT NULL,
        [idempotency_key] nvarchar(128) NOT NULL,
        [url] nvarchar(2048) NOT NULL,
        [body] varbinary(max) NOT NULL,
        [content_type] nvarchar(128) NOT NULL,
        [query_token] nvarchar(64) NOT NULL,
        [status] int NOT NULL,
        [attempts] int NOT NULL,
        [attempts_at_retry] int NOT NULL,
        [next_attempt_unix_ms] bigint NULL,
        [last_status_code] int NULL,
        [last_error] nvarchar(2048) NULL,
        [created_unix_ms] bigint NOT NULL,
        [updated_unix_ms] bigint NOT NULL,
        [completed_unix_ms] bigint NULL,
        [lease_owner] nvarchar(256) NULL,
        [lease_expires_unix_ms] bigint NULL,
        CONSTRAINT [PK_rm_notifications] PRIMARY KEY ([notification_id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261208015201_AddNotifications'
)
BEGIN
    CREATE INDEX [ix_rm_notifications_due] ON [rm_notifications] ([status], [next_attempt_unix_ms]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261208015201_AddNotifications'
)
BEGIN
    CREATE UNIQUE INDEX [ux_rm_notifications_key] ON [rm_notifications] ([application_id], [idempotency_key]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261208015201_AddNotifications'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261208015201_AddNotifications', N'10.0.15');
END;

COMMIT;
GO

