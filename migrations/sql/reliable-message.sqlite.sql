CREATE TABLE IF NOT EXISTS "__EFMigrationsHistory" (
    "MigrationId" TEXT NOT NULL CONSTRAINT "PK___EFMigrationsHistory" PRIMARY KEY,
    "ProductVersion" TEXT NOT NULL
);

BEGIN TRANSACTION;
CREATE TABLE "rm_deliveries" (
    "message_id" INTEGER NOT NULL,
    "consumer_group" TEXT NOT NULL,
    "status" INTEGER NOT NULL,
    "attempts" INTEGER NOT NULL,
    "next_attempt_unix_ms" INTEGER NULL,
    "delivered_unix_ms" INTEGER NULL,
    "acked_unix_ms" INTEGER NULL,
    "last_error" TEXT NULL,
    "lease_owner" TEXT NULL,
    "lease_expires_unix_ms" INTEGER NULL,
    "created_unix_ms" INTEGER NOT NULL,
    "updated_unix_ms" INTEGER NOT NULL,
    CONSTRAINT "PK_rm_deliveries" PRIMARY KEY ("message_id", "consumer_group")
);

CREATE TABLE "rm_message_events" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_rm_message_events" PRIMARY KEY AUTOINCREMENT,
    "message_id" INTEGER NOT NULL,
    "consumer_group" TEXT NULL,
    "at_unix_ms" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "detail" TEXT NULL
);

CREATE TABLE "rm_messages" (
    "message_id" INTEGER NOT NULL CONSTRAINT "PK_rm_messages" PRIMARY KEY,
    "topic" TEXT NOT NULL,
    "message_key" TEXT NULL,
    "payload" BLOB NOT NULL,
    "producer_group" TEXT NOT NULL,
    "producer_key" TEXT NULL,
    "check_endpoint" TEXT NULL,
    "status" INTEGER NOT NULL,
    "created_unix_ms" INTEGER NOT NULL,
    "updated_unix_ms" INTEGER NOT NULL,
    "committed_unix_ms" INTEGER NULL,
    "completed_unix_ms" INTEGER NULL,
    "check_attempts" INTEGER NOT NULL,
    "publish_attempts" INTEGER NOT NULL,
    "next_attempt_unix_ms" INTEGER NULL,
    "last_error" TEXT NULL,
    "lease_owner" TEXT NULL,
    "lease_expires_unix_ms" INTEGER NULL
);

CREATE TABLE "rm_subscriptions" (
    "consumer_group" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "push_endpoint" TEXT NULL,
    "created_unix_ms" INTEGER NOT NULL,
    "updated_unix_ms" INTEGER NOT NULL,
    CONSTRAINT "PK_rm_subscriptions" PRIMARY KEY ("consumer_group", "topic")
);

CREATE TABLE "rm_worker_leases" (
    "worker_id" INTEGER NOT NULL CONSTRAINT "PK_rm_worker_leases" PRIMARY KEY,
    "owner" TEXT NULL,
    "expires_unix_ms" INTEGER NOT NULL
);

CREATE INDEX "ix_rm_deliveries_due" ON "rm_deliveries" ("status", "next_attempt_unix_ms");

CREATE INDEX "ix_rm_message_events_message" ON "rm_message_events" ("message_id", "id");

CREATE INDEX "ix_rm_messages_due" ON "rm_messages" ("status", "next_attempt_unix_ms");

CREATE UNIQUE INDEX "ux_rm_messages_producer_key" ON "rm_messages" ("producer_group", "producer_key") WHERE producer_key IS NOT NULL;

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261121202511_InitialCreate', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
CREATE TABLE "rm_admin_audit" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_rm_admin_audit" PRIMARY KEY AUTOINCREMENT,
    "at_unix_ms" INTEGER NOT NULL,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "before_state" TEXT NULL,
    "after_state" TEXT NULL,
    "outcome" TEXT NOT NULL
);

CREATE INDEX "ix_rm_admin_audit_target" ON "rm_admin_audit" ("target", "id");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261121225645_AddAdminAudit', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
CREATE TABLE "rm_notifications" (
    "notification_id" INTEGER NOT NULL CONSTRAINT "PK_rm_notifications" PRIMARY KEY,
    "application_id" TEXT NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "body" BLOB NOT NULL,
    "content_type" TEXT NOT NULL,
    "query_token" TEXT NOT NULL,
    "status" INTEGER NOT NULL,
    "attempts" INTEGER NOT NULL,
    "attempts_at_retry" INTEGER NOT NULL,
    "next_attempt_unix_ms" INTEGER NULL,
    "last_status_code" INTEGER NULL,
    "last_error" TEXT NULL,
    "created_unix_ms" INTEGER NOT NULL,
    "updated_unix_ms" INTEGER NOT NULL,
    "completed_unix_ms" INTEGER NULL,
    "lease_owner" TEXT NULL,
    "lease_expires_unix_ms" INTEGER NULL
);

CREATE INDEX "ix_rm_notifications_due" ON "rm_notifications" ("status", "next_attempt_unix_ms");

CREATE UNIQUE INDEX "ux_rm_notifications_key" ON "rm_notifications" ("application_id", "idempotency_key");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261208015107_AddNotifications', '10.0.15');

COMMIT;

