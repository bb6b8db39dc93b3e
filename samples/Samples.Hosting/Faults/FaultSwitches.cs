using Microsoft.Extensions.Configuration;
using Samples.Contracts.Faults;

namespace Samples.Hosting.Faults;

/// <summary>
/// The failure switches of a participant service, read by its Try and Confirm methods; initial values from the
/// <c>Faults</c> configuration section (<c>FailTry</c>, <c>ConfirmDelayMs</c>, <c>ConfirmFailures</c>; all off by
/// default), changed at run time through <c>PUT /api/faults</c>. Thread-safe; singleton.
/// </summary>
public sealed class FaultSwitches
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Faults";

    /// <summary>Largest accepted Confirm delay, in ms.</summary>
    public const int MaxConfirmDelayMs = 60_000;

    /// <summary>Largest accepted number of failing Confirm calls.</summary>
    public const int MaxConfirmFailures = 100;

    private readonly Lock _gate = new();
    private readonly TimeProvider _timeProvider;
    private FaultSettings _settings;

    /// <summary>Creates the switches from configuration.</summary>
    /// <param name="configuration">The application configuration.</param>
    /// <param name="timeProvider">Time, for the Confirm delay.</param>
    public FaultSwitches(IConfiguration configuration, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(SectionName);
        _settings = new FaultSettings(
            section.GetValue<bool>(nameof(FaultSettings.FailTry)),
            Math.Clamp(section.GetValue<int>(nameof(FaultSettings.ConfirmDelayMs)), 0, MaxConfirmDelayMs),
            Math.Clamp(section.GetValue<int>(nameof(FaultSettings.ConfirmFailures)), 0, MaxConfirmFailures));
        _timeProvider = timeProvider;
    }

    /// <summary>The current settings.</summary>
    public FaultSettings Current
    {
        get
        {
            lock (_gate)
            {
                return _settings;
            }
        }
    }

    /// <summary>Replaces the settings (already validated).</summary>
    /// <param name="settings">The new settings.</param>
    public void Set(FaultSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        lock (_gate)
        {
            _settings = settings;
        }
    }

    /// <summary>Throws when Try failures are switched on.</summary>
    /// <param name="action">The TCC action, for the message.</param>
    /// <exception cref="InjectedFaultException">Try failures are on.</exception>
    public void ThrowIfTryFails(string action)
    {
        if (Current.FailTry)
        {
            throw new InjectedFaultException($"The Try of '{action}' failed (failure switch FailTry is on).");
        }
    }

    /// <summary>Waits the Confirm delay, then throws when a transient Confirm failure is due (and counts it).</summary>
    /// <param name="action">The TCC action, for the message.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task.</returns>
    /// <exception cref="InjectedFaultException">A Confirm failure was due.</exception>
    public async Task BeforeConfirmAsync(string action, CancellationToken cancellationToken)
    {
        var delay = Current.ConfirmDelayMs;
        if (delay > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(delay), _timeProvider, cancellationToken).ConfigureAwait(false);
        }

        lock (_gate)
        {
            if (_settings.ConfirmFailures <= 0)
            {
                return;
            }

            _settings = _settings with { ConfirmFailures = _settings.ConfirmFailures - 1 };
        }

        throw new InjectedFaultException($"The Confirm of '{action}' failed transiently (failure switch ConfirmFailures); the coordinator retries it.");
    }
}
