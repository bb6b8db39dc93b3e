namespace Transactions.Protocol.Sagas;

/// <summary>
/// Fluent builder of a <see cref="SagaDefinition"/>:
/// <code>
/// var saga = SagaBuilder.Create("place-order")
///     .Step("create-order", s => s.Grpc("http://order:5001").Action("create-order").Input(json))
///     .Parallel(g => g
///         .Step("reserve-stock", s => s.Grpc("http://stock:5001").Action("reserve-stock"))
///         .Step("grant-points", s => s.HttpJson("http://points:8080/saga").Action("grant")))
///     .Build();
/// </code>
/// </summary>
public sealed class SagaBuilder
{
    private readonly string _name;
    private readonly List<SagaGroup> _groups = [];
    private SagaFailurePolicy _failurePolicy = SagaFailurePolicy.Compensate;

    private SagaBuilder(string name) => _name = name;

    /// <summary>Starts a saga named <paramref name="name"/>.</summary>
    public static SagaBuilder Create(string name) => new(name);

    /// <summary>Adds a step that runs alone, after the previous group.</summary>
    public SagaBuilder Step(string name, Action<SagaStepBuilder> configure)
    {
        _groups.Add(new SagaGroup { Steps = [SagaStepBuilder.Build(name, configure)] });
        return this;
    }

    /// <summary>Adds a group of steps that run concurrently, after the previous group.</summary>
    public SagaBuilder Parallel(Action<SagaGroupBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var group = new SagaGroupBuilder();
        configure(group);
        _groups.Add(new SagaGroup { Steps = group.Steps });
        return this;
    }

    /// <summary>Sets the failure policy (default <see cref="SagaFailurePolicy.Compensate"/>).</summary>
    public SagaBuilder OnFailure(SagaFailurePolicy policy)
    {
        _failurePolicy = policy;
        return this;
    }

    /// <summary>Builds and validates the definition.</summary>
    /// <exception cref="SagaDefinitionException">The definition is invalid.</exception>
    public SagaDefinition Build()
    {
        var definition = new SagaDefinition { Name = _name, FailurePolicy = _failurePolicy, Groups = [.. _groups] };
        SagaDefinitionValidator.Validate(definition);
        return definition;
    }
}
