using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Tactics.Api.Domain.Audit;

/// <summary>
/// One read or write of case data, permitted or denied: who, which agency, which categories on which
/// basis, never the data itself. Entries of one case form a hash chain, so any later edit is detectable.
/// </summary>
public sealed class AccessLogEntry
{
    private AccessLogEntry() { }

    public AccessLogEntry(
        Guid caseId, long sequence, string previousHash, DateTimeOffset at, string userId, string agencyCode, string agencyKind,
        string action, string operation, string outcome, IEnumerable<string> granted, IEnumerable<string> withheld, string requestId)
    {
        // PostgreSQL keeps microseconds: truncate now so the stored row hashes the same as the new one.
        at = at.AddTicks(-(at.Ticks % 10));
        Id = Guid.CreateVersion7(at);
        CaseId = caseId;
        Sequence = sequence;
        PreviousHash = previousHash;
        At = at;
        UserId = userId;
        AgencyCode = agencyCode;
        AgencyKind = agencyKind;
        Action = action;
        Operation = operation;
        Outcome = outcome;
        Granted = [.. granted];
        Withheld = [.. withheld];
        RequestId = requestId;
        Hash = ComputeHash();
    }

    /// <summary>The hash that starts every case's chain.</summary>
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    public Guid Id { get; private set; }
    public Guid CaseId { get; private set; }
    public long Sequence { get; private set; }
    public DateTimeOffset At { get; private set; }
    public string UserId { get; private set; } = "";
    public string AgencyCode { get; private set; } = "";
    public string AgencyKind { get; private set; } = "";

    /// <summary><c>read</c> or <c>write</c>.</summary>
    public string Action { get; private set; } = "";

    /// <summary>The use case, e.g. <c>GetCaseQuery</c>.</summary>
    public string Operation { get; private set; } = "";

    /// <summary><c>permitted</c>, or <c>denied</c> with the reason in <see cref="Withheld"/>.</summary>
    public string Outcome { get; private set; } = "";

    /// <summary>Categories given, each as <c>category:basis</c>.</summary>
    public List<string> Granted { get; private set; } = [];

    /// <summary>Categories withheld, each as <c>category:reason</c>.</summary>
    public List<string> Withheld { get; private set; } = [];

    public string RequestId { get; private set; } = "";
    public string PreviousHash { get; private set; } = "";
    public string Hash { get; private set; } = "";

    /// <summary>SHA-256 over the previous hash and every field, in a fixed order.</summary>
    public string ComputeHash()
    {
        var canonical = string.Join('\n',
            PreviousHash, Id.ToString("D"), CaseId.ToString("D"), Sequence.ToString(CultureInfo.InvariantCulture),
            At.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture),
            UserId, AgencyCode, AgencyKind, Action, Operation, Outcome,
            string.Join(',', Granted), string.Join(',', Withheld), RequestId);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }
}
