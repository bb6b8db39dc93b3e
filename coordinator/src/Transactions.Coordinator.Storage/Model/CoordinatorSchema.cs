namespace Transactions.Coordinator.Storage.Model;

/// <summary>
/// Table, column and index names of the coordinator's schema. Names are snake_case and unquoted-safe
/// (lowercase), so the few hand-written SQL statements read the same on every provider.
/// Renaming any of them needs a migration for every provider (see migrations/generate.sh).
/// </summary>
public static class CoordinatorSchema
{
    /// <summary>Global transactions.</summary>
    public static class Globals
    {
        /// <summary>Table name.</summary>
        public const string Table = "tx_global_transactions";

        /// <summary>Primary key (Snowflake id).</summary>
        public const string Xid = "xid";

        /// <summary>Kind (int): TCC or saga.</summary>
        public const string Kind = "kind";

        /// <summary>Business name.</summary>
        public const string Name = "name";

        /// <summary>Calling application, nullable.</summary>
        public const string ApplicationId = "application_id";

        /// <summary>
        /// <c>application_id</c> normalized to a non-null value (empty when absent), so the idempotency
        /// key is unique per application on every provider, including for callers without an application id.
        /// </summary>
        public const string ApplicationKey = "application_key";

        /// <summary>Idempotency key of Begin, nullable.</summary>
        public const string IdempotencyKey = "idempotency_key";

        /// <summary>Status (int).</summary>
        public const string Status = "status";

        /// <summary>Timeout in milliseconds.</summary>
        public const string TimeoutMs = "timeout_ms";

        /// <summary>Creation time.</summary>
        public const string CreatedUnixMs = "created_unix_ms";

        /// <summary>Last change.</summary>
        public const string UpdatedUnixMs = "updated_unix_ms";

        /// <summary>Deadline of the Active state.</summary>
        public const string DeadlineUnixMs = "deadline_unix_ms";

        /// <summary>Completion time.</summary>
        public const string CompletedUnixMs = "completed_unix_ms";

        /// <summary>Branches registered so far.</summary>
        public const string BranchCount = "branch_count";

        /// <summary>Why it rolls back.</summary>
        public const string RollbackReason = "rollback_reason";

        /// <summary>Phase-2 rounds so far.</summary>
        public const string Phase2Attempts = "phase2_attempts";

        /// <summary>When recovery next looks at it.</summary>
        public const string NextAttemptUnixMs = "next_attempt_unix_ms";

        /// <summary>Last phase-2 error.</summary>
        public const string LastError = "last_error";

        /// <summary>Needs an administrator.</summary>
        public const string NeedsAttention = "needs_attention";

        /// <summary>Instance holding the lease.</summary>
        public const string LeaseOwner = "lease_owner";

        /// <summary>Lease expiry.</summary>
        public const string LeaseExpiresUnixMs = "lease_expires_unix_ms";

        /// <summary>Unique index of (application_key, idempotency_key), filtered to rows with a key.</summary>
        public const string IdempotencyIndex = "ux_tx_global_transactions_idempotency";

        /// <summary>Recovery index of (status, next_attempt_unix_ms): due phase-2 work.</summary>
        public const string RecoveryIndex = "ix_tx_global_transactions_recovery";

        /// <summary>Index of deadline_unix_ms over Active rows only: expired Active transactions.</summary>
        public const string ActiveDeadlineIndex = "ix_tx_global_transactions_active_deadline";
    }

    /// <summary>Branches.</summary>
    public static class Branches
    {
        /// <summary>Table name.</summary>
        public const string Table = "tx_branches";

        /// <summary>Primary key (Snowflake id).</summary>
        public const string BranchId = "branch_id";

        /// <summary>Owning global transaction.</summary>
        public const string Xid = "xid";

        /// <summary>1-based registration order.</summary>
        public const string Ordinal = "ordinal";

        /// <summary>Logical resource.</summary>
        public const string ResourceId = "resource_id";

        /// <summary>Action name.</summary>
        public const string ActionName = "action_name";

        /// <summary>Branch type (int).</summary>
        public const string BranchType = "branch_type";

        /// <summary>Participant endpoint.</summary>
        public const string Endpoint = "endpoint";

        /// <summary>Participant protocol (int).</summary>
        public const string Protocol = "protocol";

        /// <summary>Opaque action context (unbounded text).</summary>
        public const string ActionContext = "action_context";

        /// <summary>Status (int).</summary>
        public const string Status = "status";

        /// <summary>Phase-2 calls so far.</summary>
        public const string Attempts = "attempts";

        /// <summary>Last phase-2 error.</summary>
        public const string LastError = "last_error";

        /// <summary>Next phase-2 call.</summary>
        public const string NextRetryUnixMs = "next_retry_unix_ms";

        /// <summary>Registration time.</summary>
        public const string CreatedUnixMs = "created_unix_ms";

        /// <summary>Last change.</summary>
        public const string UpdatedUnixMs = "updated_unix_ms";

        /// <summary>Idempotency key of the registration, nullable.</summary>
        public const string IdempotencyKey = "idempotency_key";

        /// <summary>Unique index of (xid, idempotency_key) over rows with a key.</summary>
        public const string IdempotencyIndex = "ux_tx_branches_idempotency";

        /// <summary>Unique index of (xid, ordinal).</summary>
        public const string OrdinalIndex = "ux_tx_branches_xid_ordinal";
    }

    /// <summary>Transaction history.</summary>
    public static class Events
    {
        /// <summary>Table name.</summary>
        public const string Table = "tx_events";

        /// <summary>Identity.</summary>
        public const string Id = "id";

        /// <summary>The transaction.</summary>
        public const string Xid = "xid";

        /// <summary>The branch, for branch events.</summary>
        public const string BranchId = "branch_id";

        /// <summary>When it happened.</summary>
        public const string AtUnixMs = "at_unix_ms";

        /// <summary>What happened.</summary>
        public const string Kind = "kind";

        /// <summary>Who did it.</summary>
        public const string Actor = "actor";

        /// <summary>Free text.</summary>
        public const string Detail = "detail";

        /// <summary>How many times it happened in a row (default 1).</summary>
        public const string Repeats = "repeats";

        /// <summary>When it last happened, once repeated.</summary>
        public const string LastAtUnixMs = "last_at_unix_ms";

        /// <summary>Index of (xid, id): a transaction's history in order.</summary>
        public const string XidIndex = "ix_tx_events_xid";
    }

    /// <summary>Saga definitions.</summary>
    public static class Sagas
    {
        /// <summary>Table name.</summary>
        public const string Table = "tx_sagas";

        /// <summary>Primary key: the saga's xid.</summary>
        public const string Xid = "xid";

        /// <summary>Definition JSON (unbounded text).</summary>
        public const string Definition = "definition";
    }

    /// <summary>Saga step states.</summary>
    public static class SagaSteps
    {
        /// <summary>Table name.</summary>
        public const string Table = "tx_saga_steps";

        /// <summary>The saga.</summary>
        public const string Xid = "xid";

        /// <summary>0-based position in the definition.</summary>
        public const string Ordinal = "ordinal";

        /// <summary>0-based group.</summary>
        public const string GroupIndex = "group_index";

        /// <summary>Step name.</summary>
        public const string Name = "name";

        /// <summary>Step id (fence key on the participant).</summary>
        public const string BranchId = "branch_id";

        /// <summary>Status (int).</summary>
        public const string Status = "status";

        /// <summary>Action calls.</summary>
        public const string Attempts = "attempts";

        /// <summary>Compensation calls.</summary>
        public const string CompensationAttempts = "compensation_attempts";

        /// <summary>Action output (unbounded text).</summary>
        public const string Output = "output";

        /// <summary>Last error.</summary>
        public const string LastError = "last_error";

        /// <summary>Next call.</summary>
        public const string NextRetryUnixMs = "next_retry_unix_ms";

        /// <summary>First call.</summary>
        public const string StartedUnixMs = "started_unix_ms";

        /// <summary>Finished.</summary>
        public const string FinishedUnixMs = "finished_unix_ms";

        /// <summary>Last change.</summary>
        public const string UpdatedUnixMs = "updated_unix_ms";
    }

    /// <summary>Snowflake worker id leases.</summary>
    public static class WorkerLeases
    {
        /// <summary>Table name.</summary>
        public const string Table = "tx_worker_leases";

        /// <summary>Primary key: the worker id.</summary>
        public const string WorkerId = "worker_id";

        /// <summary>Holder; null once released.</summary>
        public const string Owner = "owner";

        /// <summary>Lease expiry.</summary>
        public const string ExpiresUnixMs = "expires_unix_ms";
    }

    /// <summary>Column sizes. Request limits come from the protocol (see RequestLimits in Core).</summary>
    public static class Lengths
    {
        /// <summary>Lease owners and event actors (coordinator instance ids, application ids, admin names).</summary>
        public const int Owner = 256;

        /// <summary>Event kinds.</summary>
        public const int EventKind = 64;

        /// <summary>Event details (reasons, errors, outcomes).</summary>
        public const int EventDetail = 4096;
    }
}
