using Sample.Abstractions;
using Sample.Catalog;

namespace Sample.Inventory;

/// <summary>How many copies of each book are on the shelf.</summary>
public sealed class Stock(IRepository<int> counts)
{
    public int OnHand(Book book) => counts.Find(book.Sku);

    public void Receive(Book book, int copies) => counts.Save(book.Sku, OnHand(book) + copies);

    public bool TryTake(Book book, int copies)
    {
        var onHand = OnHand(book);
        if (onHand < copies)
            return false;
        counts.Save(book.Sku, onHand - copies);
        return true;
    }

    public static Stock InMemory() =>
        new(new MemoryRepository<int>(Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance));
}
