using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Sample.Orders;

namespace Sample.Serialization;

/// <summary>Exports orders as JSON for other systems.</summary>
public static class OrderJson
{
    public static string Export(Order order) =>
        new JObject
        {
            ["customer"] = order.Customer,
            ["total"] = order.Total.Amount,
            ["currency"] = order.Total.Currency,
            ["lines"] = new JArray(order.Lines.Select(l => new JObject
            {
                ["sku"] = l.Book.Sku.Value,
                ["title"] = l.Book.Title,
                ["quantity"] = l.Quantity,
                ["price"] = l.Price.Amount,
            })),
        }.ToString(Formatting.Indented);

    public static decimal TotalOf(string json) => JObject.Parse(json).Value<decimal>("total");
}
