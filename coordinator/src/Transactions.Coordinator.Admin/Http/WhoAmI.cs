namespace Transactions.Coordinator.Admin.Http;

/// <summary><c>GET /api/v1/admin/whoami</c>: the calling key's name and role (the console hides actions for ReadOnly).</summary>
public sealed record WhoAmI(string Name, string Role);
