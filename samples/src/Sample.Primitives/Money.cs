namespace Sample.Primitives;

/// <summary>An amount in one currency, rounded to cents.</summary>
public readonly record struct Money(decimal Amount, string Currency)
{
    public static Money Zero(string currency) => new(0m, currency);

    public static Money operator +(Money a, Money b)
    {
        RequireSameCurrency(a, b);
        return new Money(a.Amount + b.Amount, a.Currency);
    }

    public static Money operator *(Money a, int quantity) => new(a.Amount * quantity, a.Currency);

    public Money Percent(decimal percent) => new(Math.Round(Amount * percent / 100m, 2, MidpointRounding.ToEven), Currency);

    public override string ToString() => $"{Amount:0.00} {Currency}";

    private static void RequireSameCurrency(Money a, Money b)
    {
        if (a.Currency != b.Currency)
            throw new InvalidOperationException($"Cannot add {a.Currency} and {b.Currency}.");
    }
}
