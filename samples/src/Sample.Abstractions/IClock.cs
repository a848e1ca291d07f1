namespace Sample.Abstractions;

/// <summary>The current time, replaceable in tests.</summary>
public interface IClock
{
    DateTimeOffset Now { get; }
}

/// <summary>The system clock.</summary>
public sealed class SystemClock : IClock
{
    public DateTimeOffset Now => DateTimeOffset.UtcNow;
}
