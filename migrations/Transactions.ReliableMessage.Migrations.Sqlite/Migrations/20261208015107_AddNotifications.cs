using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Transactions.ReliableMessage.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AddNotifications : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "rm_notifications",
                columns: table => new
                {
                    notification_id = table.Column<long>(type: "INTEGER", nullable: false),
                    application_id = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    idempotency_key = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    url = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: false),
                    body = table.Column<byte[]>(type: "BLOB", nullable: false),
                    content_type = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    query_token = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    status = table.Column<int>(type: "INTEGER", nullable: false),
                    attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    attempts_at_retry = table.Column<int>(type: "INTEGER", nullable: false),
                    next_attempt_unix_ms = table.Column<long>(type: "INTEGER", nullable: true),
                    last_status_code = table.Column<int>(type: "INTEGER", nullable: true),
                    last_error = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: true),
                    created_unix_ms = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_unix_ms = table.Column<long>(type: "INTEGER", nullable: false),
                    completed_unix_ms = table.Column<long>(type: "INTEGER", nullable: true),
                    lease_owner = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    lease_expires_unix_ms = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_rm_notifications", x => x.notification_id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_rm_notifications_due",
                table: "rm_notifications",
                columns: new[] { "status", "next_attempt_unix_ms" });

            migrationBuilder.CreateIndex(
                name: "ux_rm_notifications_key",
                table: "rm_notifications",
                columns: new[] { "application_id", "idempotency_key" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "rm_notifications");
        }
    }
}
