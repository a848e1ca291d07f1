using System.Globalization;
using Microsoft.AspNetCore.Http;
using SpackMon.Protocol;
using SpackMon.Server.Storage;

namespace SpackMon.Server.Api;

/// <summary>Query-string parameters of the read API and the web pages, checked; anything wrong is a 400 saying what.</summary>
internal static class QueryInput
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 1000;

    /// <summary>Longest accepted filter or search text.</summary>
    public const int MaxTextLength = 200;

    /// <summary>A trimmed text parameter, null when absent or empty.</summary>
    public static string? Text(HttpContext context, string name)
    {
        var values = context.Request.Query[name];
        if (values.Count > 1)
            throw ApiError.BadRequest($"\"{name}\" is given {values.Count} times; give it once.");
        var text = values.ToString().Trim();
        if (text.Length > MaxTextLength)
            throw ApiError.BadRequest($"\"{name}\" is longer than {MaxTextLength} characters.");
        if (text.Any(char.IsControl))
            throw ApiError.BadRequest($"\"{name}\" must not contain control characters.");
        return text.Length == 0 ? null : text;
    }

    /// <summary>An integer parameter from 1 to <paramref name="max"/>, <paramref name="fallback"/> when absent.</summary>
    public static int Positive(HttpContext context, string name, int fallback, int max)
    {
        var text = context.Request.Query[name].ToString();
        if (text.Length == 0)
            return fallback;
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1 || value > max)
            throw ApiError.BadRequest($"\"{name}\" must be an integer from 1 to {max}.");
        return value;
    }

    /// <summary>An id parameter that must be present.</summary>
    public static long RequiredId(HttpContext context, string name)
    {
        var text = context.Request.Query[name].ToString();
        if (text.Length == 0)
            throw ApiError.BadRequest($"\"{name}\" is required: the id of a spec.");
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1)
            throw ApiError.BadRequest($"\"{name}\" must be a positive integer id.");
        return value;
    }

    /// <summary>The page and page size of a listing.</summary>
    public static (int Page, int Size) Paging(HttpContext context, int defaultSize = DefaultPageSize) =>
        (Positive(context, "page", 1, int.MaxValue), Positive(context, "page_size", defaultSize, MaxPageSize));

    /// <summary>The filters, order and page of a builds listing: status, tag, owner, spec, q, sort, order, page, page_size.</summary>
    public static BuildQuery Builds(HttpContext context, int defaultSize = DefaultPageSize)
    {
        var status = Text(context, "status")?.ToUpperInvariant();
        if (status is not null && !BuildStatus.IsValid(status))
            throw ApiError.BadRequest($"\"status\" must be one of {string.Join(", ", BuildStatus.All)}.");
        var sort = Text(context, "sort") ?? "when";
        if (!BuildQuery.SortColumns.ContainsKey(sort))
            throw ApiError.BadRequest($"\"sort\" must be one of {string.Join(", ", BuildQuery.SortColumns.Keys)}.");
        var order = Text(context, "order") ?? (sort is "when" or "updated" or "errors" or "warnings" ? "desc" : "asc");
        if (order is not ("asc" or "desc"))
            throw ApiError.BadRequest("\"order\" must be asc or desc.");
        var (page, size) = Paging(context, defaultSize);
        return new BuildQuery
        {
            Status = status,
            Tag = Text(context, "tag"),
            Owner = Text(context, "owner"),
            SpecName = Text(context, "spec"),
            Text = Text(context, "q"),
            Sort = sort,
            Descending = order == "desc",
            Offset = (long)(page - 1) * size,
            Limit = size,
        };
    }
}
