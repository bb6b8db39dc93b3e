using Grpc.Core.Interceptors;

namespace Transactions.ReliableMessage.Protocol;

/// <summary>An interceptor that changes nothing: what the SDKs install when no application key is configured.</summary>
public sealed class PassThroughInterceptor : Interceptor;
