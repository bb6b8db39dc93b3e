namespace Transactions.ReliableMessage.Storage.Model;

/// <summary>
/// Table, column and index names of the reliable-message schema. Names are snake_case and unquoted-safe
/// (lowercase), so the few hand-written SQL statements read the same on every provider. Renaming any of them
/// needs a migration for every provider (see migrations/README.md).
/// </summary>
public static class MessageSchema
{
    /// <summary>Messages.</summary>
    public static class Messages
    {
        /// <summary>Table name.</summary>
        public const string Table = "rm_messages";

        /// <summary>Primary key (Snowflake id).</summary>
        public const string MessageId = "message_id";

        /// <summary>Topic.</summary>
        public const string Topic = "topic";

        /// <summary>Partitioning key, nullable.</summary>
        public const string Key = "message_key";

        /// <summary>Body.</summary>
        public const string Payload = "payload";

        /// <summary>Producer application.</summary>
        public const string ProducerGroup = "producer_group";

        /// <summary>Idempotency key of Prepare, nullable.</summary>
        public const string ProducerKey = "producer_key";

        /// <summary>Back-check endpoint, nullable.</summary>
        public const string CheckEndpoint = "check_endpoint";

        /// <summary>Status (int).</summary>
        public const string Status = "status";

        /// <summary>Prepare time.</summary>
        public const string CreatedUnixMs = "created_unix_ms";

        /// <summary>Last change.</summary>
        public const string UpdatedUnixMs = "updated_unix_ms";

        /// <summary>Commit time.</summary>
        public const string CommittedUnixMs = "committed_unix_ms";

        /// <summary>Publish or rollback time.</summary>
        public const string CompletedUnixMs = "completed_unix_ms";

        /// <summary>Back-checks made.</summary>
        public const string CheckAttempts = "check_attempts";

        /// <summary>Failed publishes.</summary>
        public const string PublishAttempts = "publish_attempts";

        /// <summary>When recovery next looks at it.</summary>
        public const string NextAttemptUnixMs = "next_attempt_unix_ms";

        /// <summary>Last error.</summary>
        public const string LastError = "last_error";

        /// <summary>Instance holding the lease.</summary>
        public const string LeaseOwner = "lease_owner";

        /// <summary>Lease expiry.</summary>
        public const string LeaseExpiresUnixMs = "lease_expires_unix_ms";

        /// <summary>Unique index of (producer_group, producer_key), filtered to rows with a key.</summary>
        public const string ProducerKeyIndex = "ux_rm_messages_producer_key";

        /// <summary>Recovery index of (status, next_attempt_unix_ms): due back-checks and publishes.</summary>
        public const string DueIndex = "ix_rm_messages_due";
    }

    /// <summary>Deliveries (message x consumer group).</summary>
    public static class Deliveries
    {
        /// <summary>Table name.</summary>
        public const string Table = "rm_deliveries";

        /// <summary>The message (key part 1).</summary>
        public const string MessageId = "message_id";

        /// <summary>The consumer group (key part 2).</summary>
        public const string ConsumerGroup = "consumer_group";

        /// <summary>Status (int).</summary>
        public const string Status = "status";

        /// <summary>Deliveries in the current schedule.</summary>
        public const string Attempts = "attempts";

        /// <summary>Ack deadline or send time.</summary>
        public const string NextAttemptUnixMs = "next_attempt_unix_ms";

        /// <summary>Last send.</summary>
        public const string DeliveredUnixMs = "delivered_unix_ms";

        /// <summary>Acknowledgement time.</summary>
        public const string AckedUnixMs = "acked_unix_ms";

        /// <summary>Last error.</summary>
        public const string LastError = "last_error";

        /// <summary>Instance holding the lease.</summary>
        public const string LeaseOwner = "lease_owner";

        /// <summary>Lease expiry.</summary>
        public const string LeaseExpiresUnixMs = "lease_expires_unix_ms";

        /// <summary>Creation time.</summary>
        public const string CreatedUnixMs = "created_unix_ms";

        /// <summary>Last change.</summary>
        public const string UpdatedUnixMs = "updated_unix_ms";

        /// <summary>Recovery index of (status, next_attempt_unix_ms): due redeliveries.</summary>
        public const string DueIndex = "ix_rm_deliveries_due";
    }

    /// <summary>Subscriptions.</summary>
    public static class Subscriptions
    {
        /// <summary>Table name.</summary>
        public const string Table = "rm_subscriptions";

        /// <summary>The consumer group (key part 1).</summary>
        public const string ConsumerGroup = "consumer_group";

        /// <summary>The topic (key part 2).</summary>
        public const string Topic = "topic";

        /// <summary>Push endpoint, nullable.</summary>
        public const string PushEndpoint = "push_endpoint";

        /// <summary>First subscription.</summary>
        public const string CreatedUnixMs = "created_unix_ms";

        /// <summary>Last subscription.</summary>
        public const string UpdatedUnixMs = "updated_unix_ms";
    }

    /// <summary>Message history and audit.</summary>
    public static class Events
    {
        /// <summary>Table name.</summary>
        public const string Table = "rm_message_events";

        /// <summary>Identity.</summary>
        public const string Id = "id";

        /// <summary>The message.</summary>
        public const string MessageId = "message_id";

        /// <summary>The group, for delivery events.</summary>
        public const string ConsumerGroup = "consumer_group";

        /// <summary>When.</summary>
        public const string AtUnixMs = "at_unix_ms";

        /// <summary>What.</summary>
        public const string Kind = "kind";

        /// <summary>Who.</summary>
        public const string Actor = "actor";

        /// <summary>Reason or error.</summary>
        public const string Detail = "detail";

        /// <summary>Index of (message_id, id): a message's history in order.</summary>
        public const string MessageIndex = "ix_rm_message_events_message";
    }

    /// <summary>Snowflake worker id leases.</summary>
    public static class WorkerLeases
    {
        /// <summary>Table name.</summary>
        public const string Table = "rm_worker_leases";

        /// <summary>Primary key: the worker id.</summary>
        public const string WorkerId = "worker_id";

        /// <summary>Holder; null once released.</summary>
        public const string Owner = "owner";

        /// <summary>Lease expiry.</summary>
        public const string ExpiresUnixMs = "expires_unix_ms";
    }

    /// <summary>The audit log of administrator actions (shared shape: Transactions.Common.Audit.AuditRecord).</summary>
    public static class Audit
    {
        /// <summary>Table name.</summary>
        public const string Table = "rm_admin_audit";

        /// <summary>Identity; the list's cursor.</summary>
        public const string Id = "id";

        /// <summary>When.</summary>
        public const string AtUnixMs = "at_unix_ms";

        /// <summary>The API key's name.</summary>
        public const string Actor = "actor";

        /// <summary>The action.</summary>
        public const string Action = "action";

        /// <summary>What it was applied to.</summary>
        public const string Target = "target";

        /// <summary>Why.</summary>
        public const string Reason = "reason";

        /// <summary>State before (JSON).</summary>
        public const string Before = "before_state";

        /// <summary>State after (JSON).</summary>
        public const string After = "after_state";

        /// <summary>done / refused / not-found.</summary>
        public const string Outcome = "outcome";

        /// <summary>Index of (target, id): a target's actions in order.</summary>
        public const string TargetIndex = "ix_rm_admin_audit_target";
    }

    /// <summary>Best-effort notifications of parties outside the system.</summary>
    public static class Notifications
    {
        /// <summary>Table name.</summary>
        public const string Table = "rm_notifications";

        /// <summary>Primary key (Snowflake id).</summary>
        public const string NotificationId = "notification_id";

        /// <summary>The notifying application (empty for a caller without a key).</summary>
        public const string ApplicationId = "application_id";

        /// <summary>The caller's idempotency key.</summary>
        public const string IdempotencyKey = "idempotency_key";

        /// <summary>The receiver's URL.</summary>
        public const string Url = "url";

        /// <summary>The bytes POSTed.</summary>
        public const string Body = "body";

        /// <summary>The POST's Content-Type.</summary>
        public const string ContentType = "content_type";

        /// <summary>The receiver's read token.</summary>
        public const string QueryToken = "query_token";

        /// <summary>Status (int).</summary>
        public const string Status = "status";

        /// <summary>POSTs made.</summary>
        public const string Attempts = "attempts";

        /// <summary>Attempts when an operator last retried it.</summary>
        public const string AttemptsAtRetry = "attempts_at_retry";

        /// <summary>Next attempt.</summary>
        public const string NextAttemptUnixMs = "next_attempt_unix_ms";

        /// <summary>The last HTTP status answered.</summary>
        public const string LastStatusCode = "last_status_code";

        /// <summary>Last error.</summary>
        public const string LastError = "last_error";

        /// <summary>Creation time.</summary>
        public const string CreatedUnixMs = "created_unix_ms";

        /// <summary>Last change.</summary>
        public const string UpdatedUnixMs = "updated_unix_ms";

        /// <summary>Acknowledgement or failure time.</summary>
        public const string CompletedUnixMs = "completed_unix_ms";

        /// <summary>Instance holding the lease.</summary>
        public const string LeaseOwner = "lease_owner";

        /// <summary>Lease expiry.</summary>
        public const string LeaseExpiresUnixMs = "lease_expires_unix_ms";

        /// <summary>Unique index of (application_id, idempotency_key): a repeated Notify finds the first one.</summary>
        public const string KeyIndex = "ux_rm_notifications_key";

        /// <summary>Dispatch index of (status, next_attempt_unix_ms): due attempts, and the failed ones for operators.</summary>
        public const string DueIndex = "ix_rm_notifications_due";
    }

    /// <summary>Column sizes (request limits are in Core's RequestLimits).</summary>
    public static class Lengths
    {
        /// <summary>Lease owners and event actors.</summary>
        public const int Owner = 256;

        /// <summary>Event kinds.</summary>
        public const int EventKind = 64;

        /// <summary>Event details, audit reasons, outcomes and states.</summary>
        public const int EventDetail = 4096;

        /// <summary>Audit actions and targets.</summary>
        public const int AuditName = 256;

        /// <summary>Notification URLs.</summary>
        public const int NotificationUrl = 2048;

        /// <summary>Notification idempotency keys and application ids.</summary>
        public const int NotificationKey = 128;

        /// <summary>Notification content types.</summary>
        public const int ContentType = 128;

        /// <summary>Notification read tokens (43 base64url characters).</summary>
        public const int QueryToken = 64;
    }
}
