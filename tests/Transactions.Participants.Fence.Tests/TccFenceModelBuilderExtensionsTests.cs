using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Transactions.Participants.Fence.Tests.Infrastructure;

namespace Transactions.Participants.Fence.Tests;

public sealed class TccFenceModelBuilderExtensionsTests
{
    [Fact]
    public void AddTccFence_Defaults_MapsTableKeyAndCleanerIndex()
    {
        using var db = new FenceTestDbContext(new DbContextOptionsBuilder<FenceTestDbContext>()
            .UseSqlite("Data Source=:memory:").Options);

        var entity = db.Model.FindEntityType(typeof(TccFenceRecord));

        Assert.NotNull(entity);
        Assert.Equal(TccFenceModelOptions.DefaultTableName, entity.GetTableName());
        Assert.Null(entity.GetSchema());
        Assert.Equal(["Xid", "BranchId"], entity.FindPrimaryKey()!.Properties.Select(p => p.Name));
        var index = Assert.Single(entity.GetIndexes());
        Assert.Equal(["State", "UpdatedUnixMs"], index.Properties.Select(p => p.Name));
        Assert.Equal(
            ["action_name", "branch_id", "created_unix_ms", "output", "state", "updated_unix_ms", "xid"],
            entity.GetProperties().Select(p => p.GetColumnName()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void AddTccFence_SchemaAndTableName_MapsThere()
    {
        using var db = new FenceTestDbContext(new DbContextOptionsBuilder<FenceTestDbContext>()
            .UseNpgsql("Host=127.0.0.1;Database=unused").Options);

        var entity = db.Model.FindEntityType(typeof(TccFenceRecord));

        Assert.NotNull(entity);
        Assert.Equal(FenceTestDbContext.PostgresFenceTable, entity.GetTableName());
        Assert.Equal(FenceTestDbContext.PostgresFenceSchema, entity.GetSchema());
        Assert.Equal("integer", entity.FindProperty(nameof(TccFenceRecord.State))!.GetColumnType());
        Assert.Equal(TccFenceRecord.ActionNameMaxLength, entity.FindProperty(nameof(TccFenceRecord.ActionName))!.GetMaxLength());
        Assert.Equal(("text", true), (entity.FindProperty(nameof(TccFenceRecord.Output))!.GetColumnType(), entity.FindProperty(nameof(TccFenceRecord.Output))!.IsNullable));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void AddTccFence_EmptyTableName_Throws(string tableName)
    {
        var modelBuilder = new ModelBuilder();

        var error = Assert.Throws<ArgumentException>(() => modelBuilder.AddTccFence(o => o.TableName = tableName));

        Assert.Contains("TableName", error.Message, StringComparison.Ordinal);
    }
}
