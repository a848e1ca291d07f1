using Sample.Catalog;
using Sample.Primitives;

namespace Sample.Orders;

/// <summary>One line of an order.</summary>
public sealed record OrderLine(Book Book, int Quantity, Money Price);

/// <summary>A customer's order.</summary>
public sealed record Order(string Customer, IReadOnlyList<OrderLine> Lines)
{
    public Money Total => Lines.Aggregate(Money.Zero(Lines.Count == 0 ? "EUR" : Lines[0].Price.Currency), (sum, l) => sum + l.Price);
}
