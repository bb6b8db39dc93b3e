namespace Transactions.Common.Ids;

/// <summary>
/// 64-bit Snowflake ids: 41 bits of milliseconds since <see cref="Epoch"/>, 10 bits of worker id,
/// 12 bits of sequence. Positive, roughly time-ordered, unique per worker.
/// </summary>
/// <remarks>
/// The timestamp part never moves backwards: when the wall clock goes back, ids keep using the
/// last timestamp (borrowing the following milliseconds when a millisecond's 4,096 sequence
/// numbers are spent), so a clock step back can never repeat an id. A generator also starts no
/// lower than the floor it is given (the previous holder's lease expiry) for the same reason across
/// restarts.
/// </remarks>
public sealed class SnowflakeIdGenerator
{
    /// <summary>Custom epoch: 2024-01-01T00:00:00Z, in Unix milliseconds.</summary>
    public const long Epoch = 1_704_067_200_000L;

    /// <summary>Largest worker id (10 bits).</summary>
    public const int MaxWorkerId = 1023;

    private const int SequenceBits = 12;
    private const int WorkerBits = 10;
    private const long SequenceMask = (1L << SequenceBits) - 1;

    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private long _lastMs;
    private long _sequence;

    /// <summary>Creates a generator for one worker id.</summary>
    /// <param name="workerId">Worker id in [0, 1023], leased so no other live instance uses it.</param>
    /// <param name="timeProvider">Clock.</param>
    /// <param name="floorUnixMs">No id is issued with a timestamp below this (Unix ms).</param>
    public SnowflakeIdGenerator(int workerId, TimeProvider timeProvider, long floorUnixMs = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(workerId);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(workerId, MaxWorkerId);
        ArgumentNullException.ThrowIfNull(timeProvider);
        WorkerId = workerId;
        _time = timeProvider;
        _lastMs = Math.Max(0, floorUnixMs - Epoch);
        _sequence = -1;
    }

    /// <summary>The worker id in every id issued.</summary>
    public int WorkerId { get; }

    /// <summary>Times the clock was seen moving backwards.</summary>
    public long ClockBackwardsCount { get; private set; }

    /// <summary>Issues the next id.</summary>
    public long NextId()
    {
        long now = _time.GetUtcNow().ToUnixTimeMilliseconds() - Epoch;
        lock (_gate)
        {
            if (now < _lastMs)
            {
                ClockBackwardsCount++;
                now = _lastMs;
            }

            if (now == _lastMs)
            {
                _sequence++;
                if (_sequence > SequenceMask)
                {
                    // The millisecond is used up: borrow the next one. The wall clock catches up.
                    _lastMs++;
                    _sequence = 0;
                }
            }
            else
            {
                _lastMs = now;
                _sequence = 0;
            }

            return (_lastMs << (WorkerBits + SequenceBits)) | ((long)WorkerId << SequenceBits) | _sequence;
        }
    }

    /// <summary>Unix milliseconds encoded in an id.</summary>
    public static long GetUnixMs(long id) => (id >> (WorkerBits + SequenceBits)) + Epoch;

    /// <summary>Worker id encoded in an id.</summary>
    public static int GetWorkerId(long id) => (int)((id >> SequenceBits) & MaxWorkerId);
}
