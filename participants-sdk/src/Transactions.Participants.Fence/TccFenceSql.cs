using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Transactions.Participants.Fence;

/// <summary>
/// The fence row INSERT, built from the model's mapping and the provider's identifier quoting (so it
/// follows <see cref="TccFenceModelOptions"/> and works on every relational provider). Inserting with
/// SQL instead of <c>SaveChanges</c> keeps the participant's own pending changes out of the fence write
/// and leaves no tracked fence entity behind. Cached per model.
/// </summary>
internal static class TccFenceSql
{
    private static readonly ConditionalWeakTable<IModel, string> InsertSqlByModel = new();

    /// <summary>
    /// Returns <c>INSERT INTO fence (xid, branch_id, action_name, state, created_unix_ms, updated_unix_ms)
    /// VALUES ({0}, ..., {5})</c> for <see cref="RelationalDatabaseFacadeExtensions.ExecuteSqlRawAsync(Microsoft.EntityFrameworkCore.Infrastructure.DatabaseFacade, string, IEnumerable{object}, CancellationToken)"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The context's model has no fence table.</exception>
    public static string GetInsertSql(DbContext db)
    {
        var model = db.Model;
        if (InsertSqlByModel.TryGetValue(model, out var sql))
        {
            return sql;
        }

        sql = BuildInsertSql(db, model);
        InsertSqlByModel.AddOrUpdate(model, sql);
        return sql;
    }

    private static string BuildInsertSql(DbContext db, IModel model)
    {
        var entityType = model.FindEntityType(typeof(TccFenceRecord))
            ?? throw new InvalidOperationException(
                $"The DbContext '{db.GetType().Name}' has no TCC fence table: call modelBuilder.AddTccFence() "
                + "in its OnModelCreating (and add a migration).");
        var tableName = entityType.GetTableName()
            ?? throw new InvalidOperationException("The TCC fence entity must be mapped to a table.");
        var schema = entityType.GetSchema();
        var table = StoreObjectIdentifier.Table(tableName, schema);
        var sqlHelper = db.GetService<ISqlGenerationHelper>();

        string Column(string propertyName)
        {
            var property = entityType.FindProperty(propertyName)
                ?? throw new InvalidOperationException($"The TCC fence entity has no property '{propertyName}'.");
            var column = property.GetColumnName(table)
                ?? throw new InvalidOperationException($"The TCC fence property '{propertyName}' is not mapped to a column.");
            return sqlHelper.DelimitIdentifier(column);
        }

        return "INSERT INTO " + sqlHelper.DelimitIdentifier(tableName, schema) + " ("
            + Column(nameof(TccFenceRecord.Xid)) + ", "
            + Column(nameof(TccFenceRecord.BranchId)) + ", "
            + Column(nameof(TccFenceRecord.ActionName)) + ", "
            + Column(nameof(TccFenceRecord.State)) + ", "
            + Column(nameof(TccFenceRecord.CreatedUnixMs)) + ", "
            + Column(nameof(TccFenceRecord.UpdatedUnixMs))
            + ") VALUES ({0}, {1}, {2}, {3}, {4}, {5})";
    }
}
