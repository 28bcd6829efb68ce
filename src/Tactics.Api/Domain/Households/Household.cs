namespace Tactics.Api.Domain.Households;

/// <summary>
/// The unit by which the cases of one couple or family are grouped, across police zones.
/// For now every new case gets its own household; matching and merges come with the household feature.
/// </summary>
public sealed class Household
{
    private Household() { }

    public Household(Guid id, DateTimeOffset createdAt)
    {
        Id = id;
        CreatedAt = createdAt;
    }

    public Guid Id { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
}
