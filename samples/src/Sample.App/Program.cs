using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sample.Catalog;
using Sample.Inventory;
using Sample.Orders;
using Sample.Pricing;
using Sample.Primitives;
using Sample.Reports;
using Sample.Serialization;

var logger = NullLogger.Instance;
var catalog = new BookCatalog()
    .Add(new Book(new Sku("SICP"), "Structure and Interpretation of Computer Programs", "Abelson, Sussman", new Money(45.00m, "EUR")))
    .Add(new Book(new Sku("TAPL"), "Types and Programming Languages", "Pierce", new Money(62.50m, "EUR")));
var stock = Stock.InMemory();
foreach (var book in catalog.Books)
    stock.Receive(book, 10);

var orders = new OrderService(stock, new PriceCalculator());
var order = orders.Place("Ada", (catalog.Get(new Sku("SICP")), 3), (catalog.Get(new Sku("TAPL")), 1));
logger.LogInformation("Placed an order for {Customer}", order.Customer);

Console.Write(SalesReport.Render([order]));
Console.WriteLine(OrderJson.Export(order));
