namespace Transactions.Participants;

/// <summary>One phase of one branch, handed to an <see cref="ITccPhaseExecutor"/>.</summary>
/// <param name="Phase">The phase.</param>
/// <param name="Xid">The global transaction id.</param>
/// <param name="BranchId">The branch id.</param>
/// <param name="ActionName">The TCC action name.</param>
/// <param name="Services">
/// The DI scope the business method's service was resolved from: resolve the participant's DbContext from it
/// to share the business method's instance (and so its local transaction).
/// </param>
public sealed record TccPhaseCall(TccPhase Phase, long Xid, long BranchId, string ActionName, IServiceProvider Services);
