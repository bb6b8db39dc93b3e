using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Transactions.Participants.Tests.Fakes;
using Transactions.Participants.Tests.Samples;
using Transactions.Participants.Tests.Samples.Invalid;

namespace Transactions.Participants.Tests.Interception;

public sealed class TransactionalRegistrationTests
{
    public static TheoryData<Type, string> InvalidParticipants => new()
    {
        { typeof(MissingConfirmParticipant), "names Confirm method 'Nope', which MissingConfirmParticipant does not have" },
        { typeof(WrongConfirmParameterParticipant), "may only take a TccContext and a CancellationToken" },
        { typeof(VoidConfirmParticipant), "must return Task or ValueTask" },
        { typeof(OverloadedConfirmParticipant), "is overloaded" },
        { typeof(UnnamedConfirmParticipant), "names no Confirm method" },
        { typeof(SameConfirmAndCancelParticipant), "as both Confirm and Cancel" },
        { typeof(BothAttributesParticipant), "carries both [TccAction] and [GlobalTransactional]" },
        { typeof(BadActionNameParticipant), "the TCC action name must be 1 to 128 characters" },
        { typeof(UnreachableAttributeParticipant), "'HiddenTryAsync' carries [TccAction] or [GlobalTransactional] but is not a member of ISampleTry" },
        { typeof(NoAttributeParticipant), "no method of ISampleTry carries [TccAction]" },
    };

    [Theory]
    [MemberData(nameof(InvalidParticipants))]
    public void AddTccParticipant_InvalidDefinition_ThrowsNamingTheProblem(Type implementation, string expected)
    {
        var services = new ServiceCollection();

        var ex = Assert.Throws<TccActionDefinitionException>(() => AddTccParticipant(services, typeof(ISampleTry), implementation));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.Equal(implementation, ex.ServiceType);
    }

    [Fact]
    public void AddTccParticipant_TryNotAsync_Throws()
    {
        var ex = Assert.Throws<TccActionDefinitionException>(() => new ServiceCollection().AddTccParticipant<ISyncTry, SyncTryParticipant>());

        Assert.Contains("must return Task, Task<T>, ValueTask or ValueTask<T>", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddTccParticipant_ActionNameUsedByAnotherParticipant_Throws()
    {
        var services = new ServiceCollection().AddTccParticipant<ISampleTry, SampleParticipant>();

        var ex = Assert.Throws<TccActionDefinitionException>(() => services.AddTccParticipant<IOtherTry, DuplicateNameParticipant>());

        Assert.Contains("'sample-action' is already used by SampleParticipant.TryAsync", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddTccParticipant_SameRegistrationTwice_RegistersOnce()
    {
        var services = new ServiceCollection();

        services.AddTccParticipant<ISampleTry, SampleParticipant>();
        services.AddTccParticipant<ISampleTry, SampleParticipant>();

        Assert.Single(services, d => d.ServiceType == typeof(ISampleTry));
    }

    [Fact]
    public void AddTccParticipant_Singleton_Throws()
    {
        var ex = Assert.Throws<TccActionDefinitionException>(() => new ServiceCollection().AddTccParticipant<ISampleTry, SampleParticipant>(ServiceLifetime.Singleton));

        Assert.Contains("must be Scoped or Transient", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddTccParticipant_RegisteredByClass_Throws()
    {
        var ex = Assert.Throws<TccActionDefinitionException>(() => new ServiceCollection().AddTccParticipant<SampleParticipant, SampleParticipant>());

        Assert.Contains("register it by an interface", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddGlobalTransactional_NegativeTimeout_Throws()
    {
        var ex = Assert.Throws<TccActionDefinitionException>(() => new ServiceCollection().AddGlobalTransactional<ISampleTry, NegativeTimeoutFlow>());

        Assert.Contains("TimeoutMs must not be negative", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddGlobalTransactional_NoAttributedMethod_Throws()
    {
        var ex = Assert.Throws<TccActionDefinitionException>(() => new ServiceCollection().AddGlobalTransactional<ISampleTry, NoAttributeParticipant>());

        Assert.Contains("no method of ISampleTry carries [GlobalTransactional]", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddTccParticipant_AttributeOnInterfaceAndNonPublicCancel_ResolvesAProxy()
    {
        var services = SdkServices.Create(new FakeCoordinatorClient());
        services.AddSingleton<CallLog>();
        services.AddTccParticipant<IReservations, Reservations>();
        using var provider = services.Build();
        using var scope = provider.CreateScope();

        var sut = scope.ServiceProvider.GetRequiredService<IReservations>();

        Assert.IsNotType<Reservations>(sut);
        Assert.Contains("Proxy", sut.GetType().Name, StringComparison.Ordinal);
    }

    [Fact]
    public void ResolveProxy_WithoutAddTransactions_ThrowsClearError()
    {
        var services = new ServiceCollection();
        services.AddSingleton<CallLog>();
        services.AddTccParticipant<IReservations, Reservations>();
        using var provider = services.BuildServiceProvider();
        using var scope = provider.CreateScope();

        var ex = Assert.Throws<InvalidOperationException>(() => scope.ServiceProvider.GetRequiredService<IReservations>());

        Assert.Contains("call services.AddTransactions", ex.Message, StringComparison.Ordinal);
    }

    private static void AddTccParticipant(IServiceCollection services, Type service, Type implementation)
    {
        var method = typeof(TransactionsServiceCollectionExtensions)
            .GetMethod(nameof(TransactionsServiceCollectionExtensions.AddTccParticipant))!
            .MakeGenericMethod(service, implementation);
        method.Invoke(null, BindingFlags.DoNotWrapExceptions, null, [services, ServiceLifetime.Scoped], null);
    }
}
