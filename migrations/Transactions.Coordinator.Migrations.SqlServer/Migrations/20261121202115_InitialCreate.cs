using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Transactions.Coordinator.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class InitialCreate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "tx_events",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    xid = table.Column<long>(type: "bigint", nullable: false),
                    branch_id = table.Column<long>(type: "bigint", nullable: true),
                    at_unix_ms = table.Column<long>(type: "bigint", nullable: false),
                    kind = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    actor = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false),
                    detail = table.Column<string>(type: "nvarchar(max)", maxLength: 4096, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tx_events", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "tx_global_transactions",
                columns: table => new
                {
                    xid = table.Column<long>(type: "bigint", nullable: false),
                    name = table.Column<string>(type: "nvarchar(128)", maxLength: 128, nullable: false),
                    application_id = table.Column<string>(type: "nvarchar(128)", maxLength: 128, nullable: true),
                    idempotency_key = table.Column<string>(type: "nvarchar(128)", maxLength: 128, nullable: true),
                    status = table.Column<int>(type: "int", nullable: false),
                    timeout_ms = table.Column<int>(type: "int", nullable: false),
                    created_unix_ms = table.Column<long>(type: "bigint", nullable: false),
                    updated_unix_ms = table.Column<long>(type: "bigint", nullable: false),
                    deadline_unix_ms = table.Column<long>(type: "bigint", nullable: false),
                    completed_unix_ms = table.Column<long>(type: "bigint", nullable: true),
                    branch_count = table.Column<int>(type: "int", nullable: false),
                    rollback_reason = table.Column<string>(type: "nvarchar(1024)", maxLength: 1024, nullable: true),
                    phase2_attempts = table.Column<int>(type: "int", nullable: false),
                    next_attempt_unix_ms = table.Column<long>(type: "bigint", nullable: true),
                    last_error = table.Column<string>(type: "nvarchar(max)", maxLength: 4096, nullable: true),
                    needs_attention = table.Column<bool>(type: "bit", nullable: false),
                    lease_owner = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: true),
                    lease_expires_unix_ms = table.Column<long>(type: "bigint", nullable: true),
                    application_key = table.Column<string>(type: "nvarchar(128)", maxLength: 128, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tx_global_transactions", x => x.xid);
                });

            migrationBuilder.CreateTable(
                name: "tx_worker_leases",
                columns: table => new
                {
                    worker_id = table.Column<int>(type: "int", nullable: false),
                    owner = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: true),
                    expires_unix_ms = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tx_worker_leases", x => x.worker_id);
                });

            migrationBuilder.CreateTable(
                name: "tx_branches",
                columns: table => new
                {
                    branch_id = table.Column<long>(type: "bigint", nullable: false),
                    xid = table.Column<long>(type: "bigint", nullable: false),
                    ordinal = table.Column<int>(type: "int", nullable: false),
                    resource_id = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false),
                    action_name = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false),
                    branch_type = table.Column<int>(type: "int", nullable: false),
                    endpoint = table.Column<string>(type: "nvarchar(1024)", maxLength: 1024, nullable: false),
                    protocol = table.Column<int>(type: "int", nullable: false),
                    action_context = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    status = table.Column<int>(type: "int", nullable: false),
                    attempts = table.Column<int>(type: "int", nullable: false),
                    last_error = table.Column<string>(type: "nvarchar(max)", maxLength: 4096, nullable: true),
                    next_retry_unix_ms = table.Column<long>(type: "bigint", nullable: true),
                    created_unix_ms = table.Column<long>(type: "bigint", nullable: false),
                    updated_unix_ms = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tx_branches", x => x.branch_id);
                    table.ForeignKey(
                        name: "fk_tx_branches_tx_global_transactions_xid",
                        column: x => x.xid,
                        principalTable: "tx_global_transactions",
                        principalColumn: "xid",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ux_tx_branches_xid_ordinal",
                table: "tx_branches",
                columns: new[] { "xid", "ordinal" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_tx_events_xid",
                table: "tx_events",
                columns: new[] { "xid", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_tx_global_transactions_active_deadline",
                table: "tx_global_transactions",
                column: "deadline_unix_ms",
                filter: "status = 1");

            migrationBuilder.CreateIndex(
                name: "ix_tx_global_transactions_recovery",
                table: "tx_global_transactions",
                columns: new[] { "status", "next_attempt_unix_ms" });

            migrationBuilder.CreateIndex(
                name: "ux_tx_global_transactions_idempotency",
                table: "tx_global_transactions",
                columns: new[] { "application_key", "idempotency_key" },
                unique: true,
                filter: "idempotency_key IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "tx_branches");

            migrationBuilder.DropTable(
                name: "tx_events");

            migrationBuilder.DropTable(
                name: "tx_worker_leases");

            migrationBuilder.DropTable(
                name: "tx_global_transactions");
        }
    }
}
