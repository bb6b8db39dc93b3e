namespace Transactions.Grpc.Internal;

/// <summary>Registered by <c>AddGrpcBinding</c>; <c>MapGrpcUnary</c> checks for it to fail early and clearly.</summary>
internal sealed class GrpcBindingMarkerService
{
}
