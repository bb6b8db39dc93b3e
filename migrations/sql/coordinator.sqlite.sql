CREATE TABLE IF NOT EXISTS "__EFMigrationsHistory" (
    "MigrationId" TEXT NOT NULL CONSTRAINT "PK___EFMigrationsHistory" PRIMARY KEY,
    "ProductVersion" TEXT NOT NULL
);

BEGIN TRANSACTION;
CREATE TABLE "tx_events" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_tx_events" PRIMARY KEY AUTOINCREMENT,
    "xid" INTEGER NOT NULL,
    "branch_id" INTEGER NULL,
    "at_unix_ms" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "detail" TEXT NULL
);

CREATE TABLE "tx_global_transactions" (
    "xid" INTEGER NOT NULL CONSTRAINT "pk_tx_global_transactions" PRIMARY KEY,
    "name" TEXT NOT NULL,
    "application_id" TEXT NULL,
    "idempotency_key" TEXT NULL,
    "status" INTEGER NOT NULL,
    "timeout_ms" INTEGER NOT NULL,
    "created_unix_ms" INTEGER NOT NULL,
    "updated_unix_ms" INTEGER NOT NULL,
    "deadline_unix_ms" INTEGER NOT NULL,
    "completed_unix_ms" INTEGER NULL,
    "branch_count" INTEGER NOT NULL,
    "rollback_reason" TEXT NULL,
    "phase2_attempts" INTEGER NOT NULL,
    "next_attempt_unix_ms" INTEGER NULL,
    "last_error" TEXT NULL,
    "needs_attention" INTEGER NOT NULL,
    "lease_owner" TEXT NULL,
    "lease_expires_unix_ms" INTEGER NULL,
    "application_key" TEXT NOT NULL
);

CREATE TABLE "tx_worker_leases" (
    "worker_id" INTEGER NOT NULL CONSTRAINT "pk_tx_worker_leases" PRIMARY KEY,
    "owner" TEXT NULL,
    "expires_unix_ms" INTEGER NOT NULL
);

CREATE TABLE "tx_branches" (
    "branch_id" INTEGER NOT NULL CONSTRAINT "pk_tx_branches" PRIMARY KEY,
    "xid" INTEGER NOT NULL,
    "ordinal" INTEGER NOT NULL,
    "resource_id" TEXT NOT NULL,
    "action_name" TEXT NOT NULL,
    "branch_type" INTEGER NOT NULL,
    "endpoint" TEXT NOT NULL,
    "protocol" INTEGER NOT NULL,
    "action_context" TEXT NULL,
    "status" INTEGER NOT NULL,
    "attempts" INTEGER NOT NULL,
    "last_error" TEXT NULL,
    "next_retry_unix_ms" INTEGER NULL,
    "created_unix_ms" INTEGER NOT NULL,
    "updated_unix_ms" INTEGER NOT NULL,
    CONSTRAINT "fk_tx_branches_tx_global_transactions_xid" FOREIGN KEY ("xid") REFERENCES "tx_global_transactions" ("xid") ON DELETE CASCADE
);

CREATE UNIQUE INDEX "ux_tx_branches_xid_ordinal" ON "tx_branches" ("xid", "ordinal");

CREATE INDEX "ix_tx_events_xid" ON "tx_events" ("xid", "id");

CREATE INDEX "ix_tx_global_transactions_active_deadline" ON "tx_global_transactions" ("deadline_unix_ms") WHERE status = 1;

CREATE INDEX "ix_tx_global_transactions_recovery" ON "tx_global_transactions" ("status", "next_attempt_unix_ms");

CREATE UNIQUE INDEX "ux_tx_global_transactions_idempotency" ON "tx_global_transactions" ("application_key", "idempotency_key") WHERE idempotency_key IS NOT NULL;

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261121201916_InitialCreate', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
ALTER TABLE "tx_global_transactions" ADD "kind" INTEGER NOT NULL DEFAULT 0;

CREATE TABLE "tx_saga_steps" (
    "xid" INTEGER NOT NULL,
    "ordinal" INTEGER NOT NULL,
    "group_index" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "branch_id" INTEGER NOT NULL,
    "status" INTEGER NOT NULL,
    "attempts" INTEGER NOT NULL,
    "compensation_attempts" INTEGER NOT NULL,
    "output" TEXT NULL,
    "last_error" TEXT NULL,
    "next_retry_unix_ms" INTEGER NULL,
    "started_unix_ms" INTEGER NULL,
    "finished_unix_ms" INTEGER NULL,
    "updated_unix_ms" INTEGER NOT NULL,
    CONSTRAINT "pk_tx_saga_steps" PRIMARY KEY ("xid", "ordinal"),
    CONSTRAINT "fk_tx_saga_steps_tx_global_transactions_xid" FOREIGN KEY ("xid") REFERENCES "tx_global_transactions" ("xid") ON DELETE CASCADE
);

CREATE TABLE "tx_sagas" (
    "xid" INTEGER NOT NULL CONSTRAINT "pk_tx_sagas" PRIMARY KEY,
    "definition" TEXT NOT NULL,
    CONSTRAINT "fk_tx_sagas_tx_global_transactions_xid" FOREIGN KEY ("xid") REFERENCES "tx_global_transactions" ("xid") ON DELETE CASCADE
);

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261121230052_AddSagas', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
CREATE TABLE "tx_admin_audit" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_tx_admin_audit" PRIMARY KEY AUTOINCREMENT,
    "at_unix_ms" INTEGER NOT NULL,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "before_state" TEXT NULL,
    "after_state" TEXT NULL,
    "outcome" TEXT NOT NULL
);

CREATE INDEX "ix_tx_admin_audit_target" ON "tx_admin_audit" ("target", "id");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261121232945_AddAdminAudit', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
ALTER TABLE "tx_branches" ADD "idempotency_key" TEXT NULL;

CREATE UNIQUE INDEX "ux_tx_branches_idempotency" ON "tx_branches" ("xid", "idempotency_key") WHERE idempotency_key IS NOT NULL;

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261207115420_AddBranchIdempotencyKey', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
ALTER TABLE "tx_events" ADD "last_at_unix_ms" INTEGER NULL;

ALTER TABLE "tx_events" ADD "repeats" INTEGER NOT NULL DEFAULT 1;

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261207233332_CollapseRepeatedFailures', '10.0.15');

COMMIT;

