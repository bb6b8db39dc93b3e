using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Transactions.Coordinator.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class AddAdminAudit : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "tx_admin_audit",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    at_unix_ms = table.Column<long>(type: "bigint", nullable: false),
                    actor = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false),
                    action = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false),
                    target = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false),
                    reason = table.Column<string>(type: "nvarchar(max)", maxLength: 4096, nullable: false),
                    before_state = table.Column<string>(type: "nvarchar(max)", maxLength: 4096, nullable: true),
                    after_state = table.Column<string>(type: "nvarchar(max)", maxLength: 4096, nullable: true),
                    outcome = table.Column<string>(type: "nvarchar(max)", maxLength: 4096, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_tx_admin_audit", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_tx_admin_audit_target",
                table: "tx_admin_audit",
                columns: new[] { "target", "id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "tx_admin_audit");
        }
    }
}
