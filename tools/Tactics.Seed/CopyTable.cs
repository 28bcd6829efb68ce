using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace Tactics.Seed;

/// <summary>
/// Binary COPY of domain objects into the table the API's EF model maps them to: columns, store types and value converters
/// (snake_case enums, category lists) come from <see cref="Tactics.Api.Infrastructure.Persistence.TacticsDbContext"/>'s
/// model, so the rows are what the API itself would have written. Shadow and identity columns are skipped (an owned
/// collection such as case_children is written by hand).
/// </summary>
public sealed class CopyTable<T>
{
    private sealed record Column(string Name, string DataType, Func<T, object?> Read);

    private readonly string _table;
    private readonly Column[] _columns;

    public CopyTable(IModel model)
    {
        var entity = model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
        _table = entity.GetTableName()!;
        var columns = new List<Column>();
        Collect(entity, x => x, columns);
        _columns = [.. columns];
    }

    public string Table => _table;

    /// <summary>Time spent in this table's COPY, over the run.</summary>
    public TimeSpan Elapsed { get; private set; }

    public async Task<int> WriteAsync(NpgsqlConnection connection, IEnumerable<T> rows, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var names = string.Join(", ", _columns.Select(c => c.Name));
        await using var importer = await connection.BeginBinaryImportAsync($"COPY {_table} ({names}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        var count = 0;
        // Synchronous writes: the importer buffers, and an await per value costs more than the value.
        foreach (var row in rows)
        {
            importer.StartRow();
            foreach (var column in _columns)
            {
                var value = column.Read(row);
                if (value is null) importer.WriteNull();
                else importer.Write(value, column.DataType);
            }
            count++;
        }
        await importer.CompleteAsync(cancellationToken);
        Elapsed += System.Diagnostics.Stopwatch.GetElapsedTime(started);
        return count;
    }

    private static void Collect(ITypeBase type, Func<T, object?> container, List<Column> columns)
    {
        foreach (var property in type.GetProperties())
        {
            if (property.IsShadowProperty()) continue;
            if (property.ValueGenerated != ValueGenerated.Never && property.GetValueGenerationStrategy() != Npgsql.EntityFrameworkCore.PostgreSQL.Metadata.NpgsqlValueGenerationStrategy.None) continue;
            var read = Member(property.PropertyInfo ?? (MemberInfo?)property.FieldInfo ?? throw new InvalidOperationException(property.Name), property.DeclaringType.ClrType);
            var converter = property.GetTypeMapping().Converter;
            Func<T, object?> value = converter is null
                ? x => container(x) is { } c ? read(c) : null
                : x => container(x) is { } c && read(c) is { } v ? converter.ConvertToProvider(v) : null;
            columns.Add(new Column(property.GetColumnName(), StoreType(property.GetColumnType()), value));
        }
        foreach (var complex in type.GetComplexProperties())
        {
            var read = Member(complex.PropertyInfo ?? (MemberInfo?)complex.FieldInfo ?? throw new InvalidOperationException(complex.Name), complex.DeclaringType.ClrType);
            Collect(complex.ComplexType, x => container(x) is { } c ? read(c) : null, columns);
        }
    }

    /// <summary>"character varying(64)" is written as "character varying": COPY needs the type, not its modifier.</summary>
    private static string StoreType(string columnType)
    {
        var at = columnType.IndexOf('(');
        return at < 0 ? columnType : columnType[..at] + columnType[(columnType.IndexOf(')') + 1)..];
    }

    private static Func<object, object?> Member(MemberInfo member, Type declaring)
    {
        var parameter = Expression.Parameter(typeof(object));
        var access = Expression.MakeMemberAccess(Expression.Convert(parameter, declaring), member);
        return Expression.Lambda<Func<object, object?>>(Expression.Convert(access, typeof(object)), parameter).Compile();
    }
}
