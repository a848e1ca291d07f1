using System.Collections.Concurrent;

namespace SpackMon.Server.Auth;

/// <summary>
/// A token bucket per user for the protected endpoints: <c>perSecond</c> requests a second on average, bursts of as
/// many. No timers: a bucket refills from the time elapsed when it is next used.
/// </summary>
internal sealed class UserRateLimit(int perSecond, TimeProvider clock)
{
    private readonly ConcurrentDictionary<long, Bucket> _buckets = new();

    /// <summary>Takes one request from <paramref name="user"/>'s bucket; null when allowed, else how long to wait.</summary>
    public TimeSpan? TryTake(long user)
    {
        var bucket = _buckets.GetOrAdd(user, _ => new Bucket(perSecond, clock.GetTimestamp()));
        lock (bucket)
        {
            var now = clock.GetTimestamp();
            bucket.Tokens = Math.Min(perSecond, bucket.Tokens + clock.GetElapsedTime(bucket.Updated, now).TotalSeconds * perSecond);
            bucket.Updated = now;
            if (bucket.Tokens >= 1)
            {
                bucket.Tokens -= 1;
                return null;
            }
            return TimeSpan.FromSeconds((1 - bucket.Tokens) / perSecond);
        }
    }

    private sealed class Bucket(double tokens, long updated)
    {
        public double Tokens { get; set; } = tokens;

        public long Updated { get; set; } = updated;
    }
}
