namespace Tactics.Api.Domain.Audit;

/// <summary>
/// The head of one case's access-log chain: the sequence and hash of its latest entry. The log itself is append-only, so a writer
/// takes the chain's turn by locking and advancing this row (in one statement), never by reading the log's last entry.
/// </summary>
public sealed class AccessLogChainHead
{
    private AccessLogChainHead() { }

    public Guid CaseId { get; private set; }
    public long LastSequence { get; private set; }
    public string LastHash { get; private set; } = "";
}
