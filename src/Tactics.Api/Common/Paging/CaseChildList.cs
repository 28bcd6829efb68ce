using System.Linq.Expressions;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Tactics.Api.Common.Validation;

namespace Tactics.Api.Common.Paging;

/// <summary>A list of a case's own records (incidents, measures, custody events, consents...): <c>?limit=&amp;cursor=</c>, keyed by (time, id).</summary>
public interface ICaseChildListQuery
{
    Guid CaseId { get; }
    int? Limit { get; }
    string? Cursor { get; }
}

/// <summary>The case id, the page size and a cursor sealed by <see cref="Cursor"/> over a (time, id) key: 400 naming the field otherwise.</summary>
public abstract class CaseChildListValidator<TQuery> : AbstractValidator<TQuery> where TQuery : ICaseChildListQuery
{
    protected CaseChildListValidator()
    {
        RuleFor(q => q.CaseId).NotEmpty();
        RuleFor(q => q.Limit).InclusiveBetween(1, Paging.Cursor.MaxLimit);
        RuleFor(q => q.Cursor).ValidCursor().Must(cursor => TimeIdCursor.TryParse(cursor, out _)).WithMessage("Must be the nextCursor of a previous page.");
    }
}

/// <summary>
/// The (time, id) order of a case's child rows, said once per list: the rows after a cursor's key (a row-value comparison
/// PostgreSQL answers from the (case, time, id) index), in that order, and the cursor key of a row.
/// </summary>
public sealed class TimeIdKeyset<T> where T : class
{
    private readonly Expression<Func<T, DateTimeOffset>> _at;
    private readonly Expression<Func<T, Guid>> _id;
    private readonly Func<T, DateTimeOffset> _atOf;
    private readonly Func<T, Guid> _idOf;

    public TimeIdKeyset(Expression<Func<T, DateTimeOffset>> at, Expression<Func<T, Guid>> id)
    {
        (_at, _id) = (at, id);
        (_atOf, _idOf) = (at.Compile(), id.Compile());
    }

    /// <summary>The rows after <paramref name="after"/> (all of them without one), in key order.</summary>
    public IOrderedQueryable<T> After(IQueryable<T> rows, (DateTimeOffset At, Guid Id)? after) =>
        (after is { } key ? rows.Where(AfterKey(key.At, key.Id)) : rows).OrderBy(_at).ThenBy(_id);

    /// <summary>The cursor key of a row.</summary>
    public string Key(T row) => TimeIdCursor.Key(_atOf(row), _idOf(row));

    /// <summary>
    /// One page of the rows, after the query's cursor: the rows are filtered by the caller (the policy's query filter) before
    /// paging; one row beyond the limit tells whether a next page exists.
    /// </summary>
    public Task<CursorPage<T>> PageAsync(IQueryable<T> rows, ICaseChildListQuery query, CancellationToken cancellationToken) =>
        PageAsync(rows, query, row => row, row => row, cancellationToken);

    /// <summary>Likewise, each row read with what <paramref name="select"/> adds to it (<paramref name="row"/> finds the keyed row again).</summary>
    public async Task<CursorPage<TRow>> PageAsync<TRow>(IQueryable<T> rows, ICaseChildListQuery query, Expression<Func<T, TRow>> select,
        Func<TRow, T> row, CancellationToken cancellationToken)
    {
        var limit = query.Limit ?? Cursor.DefaultLimit;
        TimeIdCursor.TryParse(query.Cursor, out var after);
        var read = await After(rows, after).Take(limit + 1).Select(select).ToListAsync(cancellationToken);
        return Cursor.Page(read, limit, r => Key(row(r)));
    }

    /// <summary>
    /// One page of the rows the policy decides one by one (<paramref name="visible"/>), after <paramref name="after"/>: rows are
    /// fetched in key order until the page is full, so hidden rows never shorten a page (<see cref="FilteredPage"/>).
    /// </summary>
    public Task<CursorPage<T>> CollectAsync(IQueryable<T> rows, (DateTimeOffset At, Guid Id)? after, int limit, Func<T, bool> visible,
        CancellationToken cancellationToken) =>
        FilteredPage.CollectAsync<T>(
            async (last, take, ct) => await After(rows, last is null ? after : (_atOf(last), _idOf(last))).Take(take).ToListAsync(ct),
            (row, _) => Task.FromResult(visible(row)), limit, Key, cancellationToken);

    private Expression<Func<T, bool>> AfterKey(DateTimeOffset at, Guid id)
    {
        Expression<Func<DateTimeOffset, Guid, bool>> template = (a, i) => EF.Functions.GreaterThan(ValueTuple.Create(a, i), ValueTuple.Create(at, id));
        var row = Expression.Parameter(typeof(T), "row");
        var body = new Substitution(new Dictionary<ParameterExpression, Expression>
        {
            [template.Parameters[0]] = new Substitution(new() { [_at.Parameters[0]] = row }).Visit(_at.Body),
            [template.Parameters[1]] = new Substitution(new() { [_id.Parameters[0]] = row }).Visit(_id.Body),
        }).Visit(template.Body);
        return Expression.Lambda<Func<T, bool>>(body, row);
    }

    private sealed class Substitution(Dictionary<ParameterExpression, Expression> replacements) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => replacements.GetValueOrDefault(node, node);
    }
}
