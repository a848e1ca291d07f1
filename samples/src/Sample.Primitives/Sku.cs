namespace Sample.Primitives;

/// <summary>A stock keeping unit: upper-case letters and digits.</summary>
public readonly record struct Sku
{
    public Sku(string value)
    {
        if (string.IsNullOrWhiteSpace(value) || !value.All(char.IsLetterOrDigit))
            throw new ArgumentException($"'{value}' is not a SKU.", nameof(value));
        Value = value.ToUpperInvariant();
    }

    public string Value { get; }

    public override string ToString() => Value;
}
