using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Transactions.Coordinator.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class AddSagas : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "kind",
                table: "tx_global_transactions",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "tx_saga_steps",
                columns: table => new
                {
                    xid = table.Column<long>(type: "bigint", nullable: false),
                    ordinal = table.Column<int>(type: "int", nullable: false),
                    group_index = table.Column<int>(type: "int", nullable: false),
                    name = table.Column<string>(type: "nvarchar(128)", maxLength: 128, nullable: false),
                    branch_id = table.Column<long>(type: "bigint", nullable: false),
                    status = table.Column<int>(type: "int", nullable: false),
                    attempts = table.Column<int>(type: "int", nullable: false),
                    compensation_attempts = table.Column<int>(type: "int", nullable: false),
                    output = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    last_error = table.Column<string>(type: "nvarchar(max)", maxLength: 4096, nullable: true),
                    next_retry_unix_ms = table.Column<long>(type: "bigint", nullable: true),
                    started_unix_ms = table.Column<long>(type: "bigint", nullable: true),
                    finished_unix_ms = table.Column<long>(type: "bigint", nullable: true),
                    updated_unix_ms = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tx_saga_steps", x => new { x.xid, x.ordinal });
                    table.ForeignKey(
                        name: "fk_tx_saga_steps_tx_global_transactions_xid",
                        column: x => x.xid,
                        principalTable: "tx_global_transactions",
                        principalColumn: "xid",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "tx_sagas",
                columns: table => new
                {
                    xid = table.Column<long>(type: "bigint", nullable: false),
                    definition = table.Column<string>(type: "nvarchar(max)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tx_sagas", x => x.xid);
                    table.ForeignKey(
                        name: "fk_tx_sagas_tx_global_transactions_xid",
                        column: x => x.xid,
                        principalTable: "tx_global_transactions",
                        principalColumn: "xid",
                        onDelete: ReferentialAction.Cascade);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "tx_saga_steps");

            migrationBuilder.DropTable(
                name: "tx_sagas");

            migrationBuilder.DropColumn(
                name: "kind",
                table: "tx_global_transactions");
        }
    }
}
