using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Transactions.Coordinator.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class CollapseRepeatedFailures : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "last_at_unix_ms",
                table: "tx_events",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "repeats",
                table: "tx_events",
                type: "integer",
                nullable: false,
                defaultValue: 1);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "last_at_unix_ms",
                table: "tx_events");

            migrationBuilder.DropColumn(
                name: "repeats",
                table: "tx_events");
        }
    }
}
