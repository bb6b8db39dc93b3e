using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Transactions.ReliableMessage.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class InitialCreate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "rm_deliveries",
                columns: table => new
                {
                    message_id = table.Column<long>(type: "bigint", nullable: false),
                    consumer_group = table.Column<string>(type: "nvarchar(128)", maxLength: 128, nullable: false),
                    status = table.Column<int>(type: "int", nullable: false),
                    attempts = table.Column<int>(type: "int", nullable: false),
                    next_attempt_unix_ms = table.Column<long>(type: "bigint", nullable: true),
                    delivered_unix_ms = table.Column<long>(type: "bigint", nullable: true),
                    acked_unix_ms = table.Column<long>(type: "bigint", nullable: true),
                    last_error = table.Column<string>(type: "nvarchar(2048)", maxLength: 2048, nullable: true),
                    lease_owner = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: true),
                    lease_expires_unix_ms = table.Column<long>(type: "bigint", nullable: true),
                    created_unix_ms = table.Column<long>(type: "bigint", nullable: false),
                    updated_unix_ms = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_rm_deliveries", x => new { x.message_id, x.consumer_group });
                });

            migrationBuilder.CreateTable(
                name: "rm_message_events",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    message_id = table.Column<long>(type: "bigint", nullable: false),
                    consumer_group = table.Column<string>(type: "nvarchar(128)", maxLength: 128, nullable: true),
                    at_unix_ms = table.Column<long>(type: "bigint", nullable: false),
                    kind = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    actor = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false),
                    detail = table.Column<string>(type: "nvarchar(max)", maxLength: 4096, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_rm_message_events", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "rm_messages",
                columns: table => new
                {
                    message_id = table.Column<long>(type: "bigint", nullable: false),
                    topic = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    message_key = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: true),
                    payload = table.Column<byte[]>(type: "varbinary(max)", nullable: false),
                    producer_group = table.Column<string>(type: "nvarchar(128)", maxLength: 128, nullable: false),
                    producer_key = table.Column<string>(type: "nvarchar(128)", maxLength: 128, nullable: true),
                    check_endpoint = table.Column<string>(type: "nvarchar(1024)", maxLength: 1024, nullable: true),
                    status = table.Column<int>(type: "int", nullable: false),
                    created_unix_ms = table.Column<long>(type: "bigint", nullable: false),
                    updated_unix_ms = table.Column<long>(type: "bigint", nullable: false),
                    committed_unix_ms = table.Column<long>(type: "bigint", nullable: true),
                    completed_unix_ms = table.Column<long>(type: "bigint", nullable: true),
                    check_attempts = table.Column<int>(type: "int", nullable: false),
                    publish_attempts = table.Column<int>(type: "int", nullable: false),
                    next_attempt_unix_ms = table.Column<long>(type: "bigint", nullable: true),
                    last_error = table.Column<string>(type: "nvarchar(2048)", maxLength: 2048, nullable: true),
                    lease_owner = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: true),
                    lease_expires_unix_ms = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_rm_messages", x => x.message_id);
                });

            migrationBuilder.CreateTable(
                name: "rm_subscriptions",
                columns: table => new
                {
                    consumer_group = table.Column<string>(type: "nvarchar(128)", maxLength: 128, nullable: false),
                    topic = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    push_endpoint = table.Column<string>(type: "nvarchar(1024)", maxLength: 1024, nullable: true),
                    created_unix_ms = table.Column<long>(type: "bigint", nullable: false),
                    updated_unix_ms = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_rm_subscriptions", x => new { x.consumer_group, x.topic });
                });

            migrationBuilder.CreateTable(
                name: "rm_worker_leases",
                columns: table => new
                {
                    worker_id = table.Column<int>(type: "int", nullable: false),
                    owner = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: true),
                    expires_unix_ms = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_rm_worker_leases", x => x.worker_id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_rm_deliveries_due",
                table: "rm_deliveries",
                columns: new[] { "status", "next_attempt_unix_ms" });

            migrationBuilder.CreateIndex(
                name: "ix_rm_message_events_message",
                table: "rm_message_events",
                columns: new[] { "message_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_rm_messages_due",
                table: "rm_messages",
                columns: new[] { "status", "next_attempt_unix_ms" });

            migrationBuilder.CreateIndex(
                name: "ux_rm_messages_producer_key",
                table: "rm_messages",
                columns: new[] { "producer_group", "producer_key" },
                unique: true,
                filter: "producer_key IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "rm_deliveries");

            migrationBuilder.DropTable(
                name: "rm_message_events");

            migrationBuilder.DropTable(
                name: "rm_messages");

            migrationBuilder.DropTable(
                name: "rm_subscriptions");

            migrationBuilder.DropTable(
                name: "rm_worker_leases");
        }
    }
}
