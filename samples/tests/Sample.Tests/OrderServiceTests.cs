using Sample.Catalog;
using Sample.Inventory;
using Sample.Orders;
using Sample.Pricing;
using Sample.Primitives;
using Sample.Serialization;

namespace Sample.Tests;

[TestClass]
public sealed class OrderServiceTests
{
    private static readonly Book Sicp = new(new Sku("SICP"), "SICP", "Abelson, Sussman", new Money(45.00m, "EUR"));

    [TestMethod]
    public void VolumeDiscountAppliesFromThreeCopies()
    {
        var stock = Stock.InMemory();
        stock.Receive(Sicp, 5);

        var order = new OrderService(stock, new PriceCalculator()).Place("Ada", (Sicp, 3));

        Assert.AreEqual(121.50m, order.Total.Amount);
        Assert.AreEqual(2, stock.OnHand(Sicp));
    }

    [TestMethod]
    public void ExportedJsonCarriesTheTotal()
    {
        var stock = Stock.InMemory();
        stock.Receive(Sicp, 1);
        var order = new OrderService(stock, new PriceCalculator()).Place("Ada", (Sicp, 1));

        Assert.AreEqual(45.00m, OrderJson.TotalOf(OrderJson.Export(order)));
    }

    [TestMethod]
    public void AnOrderBeyondStockIsRefused()
    {
        var service = new OrderService(Stock.InMemory(), new PriceCalculator());

        Assert.ThrowsExactly<InvalidOperationException>(() => service.Place("Ada", (Sicp, 1)));
    }
}
