namespace Tactics.Api.Domain.Decisions;

/// <summary>What the parquet decided on a PV or a disclosure (category <c>judicial</c>).</summary>
public enum DecisionOutcome
{
    Dismissed,
    FollowUp,
    Hearing,
    Investigation,
    AlternativeMeasure,
}

/// <summary>A measure a decision orders.</summary>
public enum OrderedMeasureKind
{
    Contact,
    NoContact,
    Seizure,
}

/// <summary>One measure a decision orders; a <c>no_contact</c> order created the protective measure <see cref="MeasureId"/>.</summary>
public sealed record OrderedMeasure(OrderedMeasureKind Kind, DateTimeOffset? From, DateTimeOffset? Until, Guid? MeasureId);

/// <summary>
/// A parquet decision on one board item: the PV (<see cref="IncidentId"/>) or the 458bis disclosure (<see cref="DisclosureId"/>)
/// it decides, the outcome, a hearing date, the measures it orders and a note. Appended to a case, never changed. A decision on a
/// disclosure is readable by the addressed parquet alone (<see cref="AddressedParquet"/>).
/// </summary>
public sealed class ParquetDecision
{
    public const int MaxNoteLength = 2000;
    public const int MaxMeasures = 10;

    private ParquetDecision() { }

    public ParquetDecision(Guid caseId, Guid boardItemId, Guid? incidentId, Guid? disclosureId, string? addressedParquet, DecisionOutcome outcome,
        DateTimeOffset? hearingAt, IReadOnlyList<OrderedMeasure> measures, string? note, string decidedBy, string decidedByUser, DateTimeOffset decidedAt)
    {
        if ((incidentId is null) == (disclosureId is null)) throw new ArgumentException("A decision names a PV or a disclosure.", nameof(incidentId));
        if ((outcome == DecisionOutcome.Hearing) != (hearingAt is not null)) throw new ArgumentException("A hearing, and only a hearing, has its date.", nameof(hearingAt));
        Id = Guid.CreateVersion7(decidedAt);
        CaseId = caseId;
        BoardItemId = boardItemId;
        IncidentId = incidentId;
        DisclosureId = disclosureId;
        AddressedParquet = disclosureId is null ? null : addressedParquet ?? throw new ArgumentNullException(nameof(addressedParquet));
        Outcome = outcome;
        HearingAt = hearingAt;
        Measures = [.. measures];
        Note = note;
        DecidedBy = decidedBy;
        DecidedByUser = decidedByUser;
        DecidedAt = decidedAt;
    }

    public Guid Id { get; private set; }
    public Guid CaseId { get; private set; }
    public Guid BoardItemId { get; private set; }
    public Guid? IncidentId { get; private set; }
    public Guid? DisclosureId { get; private set; }

    /// <summary>For a decision on a disclosure: the parquet it was addressed to, its one reader.</summary>
    public string? AddressedParquet { get; private set; }

    public DecisionOutcome Outcome { get; private set; }
    public DateTimeOffset? HearingAt { get; private set; }
    public List<OrderedMeasure> Measures { get; private set; } = [];
    public string? Note { get; private set; }

    /// <summary>The parquet that decided.</summary>
    public string DecidedBy { get; private set; } = "";
    public string DecidedByUser { get; private set; } = "";
    public DateTimeOffset DecidedAt { get; private set; }

    public bool OnDisclosure => DisclosureId is not null;
}
