using Microsoft.Extensions.Logging;
using Sample.Primitives;

namespace Sample.Abstractions;

/// <summary>Items stored by SKU.</summary>
public interface IRepository<T>
{
    T? Find(Sku sku);
    void Save(Sku sku, T item);
}

/// <summary>An in-memory repository that logs what it stores.</summary>
public sealed class MemoryRepository<T>(ILogger logger) : IRepository<T>
{
    private readonly Dictionary<Sku, T> _items = new();

    public T? Find(Sku sku) => _items.TryGetValue(sku, out var item) ? item : default;

    public void Save(Sku sku, T item)
    {
        _items[sku] = item;
        logger.LogDebug("Saved {Sku}", sku);
    }
}
