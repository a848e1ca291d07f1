using Sample.Primitives;

namespace Sample.Catalog;

/// <summary>A book for sale.</summary>
public sealed record Book(Sku Sku, string Title, string Author, Money ListPrice);

/// <summary>The books on offer.</summary>
public sealed class BookCatalog
{
    private readonly List<Book> _books = new();

    public IReadOnlyList<Book> Books => _books;

    public BookCatalog Add(Book book)
    {
        if (_books.Any(b => b.Sku == book.Sku))
            throw new InvalidOperationException($"{book.Sku} is already in the catalog.");
        _books.Add(book);
        return this;
    }

    public Book Get(Sku sku) => _books.FirstOrDefault(b => b.Sku == sku)
        ?? throw new KeyNotFoundException($"{sku} is not in the catalog.");
}
