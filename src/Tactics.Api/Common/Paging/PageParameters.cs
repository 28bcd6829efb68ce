using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;

namespace Tactics.Api.Common.Paging;

/// <summary>The paging parameters of every list: <c>?limit=&amp;cursor=</c>.</summary>
public class PageParameters
{
    /// <summary>Page size, 1 to 200 (50 by default).</summary>
    [FromQuery(Name = "limit")]
    [Range(1, Paging.Cursor.MaxLimit)]
    public int? Limit { get; init; }

    /// <summary>The <c>nextCursor</c> of the previous page.</summary>
    [FromQuery(Name = "cursor")]
    [MaxLength(Paging.Cursor.MaxLength)]
    public string? Cursor { get; init; }
}
