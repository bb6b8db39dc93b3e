using Grpc.AspNetCore.Server;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Transactions.ReliableMessage.Service.Grpc;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the reliable-message gRPC services.</summary>
public static class ReliableMessageGrpcServerBuilderExtensions
{
    /// <summary>
    /// Adds <see cref="ReliableMessageGrpcService"/> and <see cref="ReliableMessageAdminGrpcService"/> (singletons) with
    /// <see cref="ReliableMessageExceptionInterceptor"/> on both, which turns the engine's errors into statuses. Needs the
    /// engine (<c>AddReliableMessageEngine</c>), admin security (<c>AddAdminSecurity</c>) and <c>AuditedAdminActions</c>.
    /// Map them with <c>app.MapReliableMessageGrpc()</c>.
    /// </summary>
    /// <param name="builder">The builder <c>services.AddGrpc()</c> returned.</param>
    /// <returns>The same builder.</returns>
    public static IGrpcServerBuilder AddReliableMessageGrpcServices(this IGrpcServerBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<ReliableMessageExceptionInterceptor>();
        builder.Services.TryAddSingleton<ReliableMessageGrpcService>();
        builder.Services.TryAddSingleton<ReliableMessageAdminGrpcService>();
        builder.AddServiceOptions<ReliableMessageGrpcService>(o => o.Interceptors.Add<ReliableMessageExceptionInterceptor>());
        builder.AddServiceOptions<ReliableMessageAdminGrpcService>(o => o.Interceptors.Add<ReliableMessageExceptionInterceptor>());
        return builder;
    }
}
