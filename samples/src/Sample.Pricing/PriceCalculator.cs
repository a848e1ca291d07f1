using Sample.Catalog;
using Sample.Primitives;

namespace Sample.Pricing;

/// <summary>Prices a quantity of a book: list price, minus a volume discount.</summary>
public sealed class PriceCalculator(decimal volumeDiscountPercent = 10m, int volumeThreshold = 3)
{
    public Money Price(Book book, int quantity)
    {
        if (quantity <= 0)
            throw new ArgumentOutOfRangeException(nameof(quantity), "Quantity must be positive.");
        var gross = book.ListPrice * quantity;
        if (quantity < volumeThreshold)
            return gross;
        var discount = gross.Percent(volumeDiscountPercent);
        return new Money(gross.Amount - discount.Amount, gross.Currency);
    }
}
