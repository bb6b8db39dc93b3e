using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Transactions.Coordinator.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class AddBranchIdempotencyKey : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "idempotency_key",
                table: "tx_branches",
                type: "nvarchar(128)",
                maxLength: 128,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ux_tx_branches_idempotency",
                table: "tx_branches",
                columns: new[] { "xid", "idempotency_key" },
                unique: true,
                filter: "idempotency_key IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ux_tx_branches_idempotency",
                table: "tx_branches");

            migrationBuilder.DropColumn(
                name: "idempotency_key",
                table: "tx_branches");
        }
    }
}
