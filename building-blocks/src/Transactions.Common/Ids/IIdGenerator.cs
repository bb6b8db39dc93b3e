namespace Transactions.Common.Ids;

/// <summary>Issues unique 64-bit ids (xids, branch ids, message ids).</summary>
public interface IIdGenerator
{
    /// <summary>The next id.</summary>
    long NextId();
}
