using System.Text;
using Sample.Orders;

namespace Sample.Reports;

/// <summary>A plain-text summary of orders.</summary>
public static class SalesReport
{
    public static string Render(IEnumerable<Order> orders)
    {
        var text = new StringBuilder();
        foreach (var order in orders)
        {
            text.AppendLine($"{order.Customer}: {order.Total}");
            foreach (var line in order.Lines)
                text.AppendLine($"  {line.Quantity} x {line.Book.Title} = {line.Price}");
        }
        return text.ToString();
    }
}
