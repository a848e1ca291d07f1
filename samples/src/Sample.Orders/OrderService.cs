using Sample.Catalog;
using Sample.Inventory;
using Sample.Pricing;

namespace Sample.Orders;

/// <summary>Turns requests into priced orders, taking copies from stock.</summary>
public sealed class OrderService(Stock stock, PriceCalculator prices)
{
    public Order Place(string customer, params (Book Book, int Quantity)[] items)
    {
        var lines = new List<OrderLine>();
        foreach (var (book, quantity) in items)
        {
            if (!stock.TryTake(book, quantity))
                throw new InvalidOperationException($"Only {stock.OnHand(book)} of '{book.Title}' in stock.");
            lines.Add(new OrderLine(book, quantity, prices.Price(book, quantity)));
        }
        return new Order(customer, lines);
    }
}
