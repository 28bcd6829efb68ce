namespace Tactics.Api.Domain.Notifications;

/// <summary>Role rules: who hears of an event because of their role, whether or not they follow the case.</summary>
[Flags]
public enum RoleRule
{
    None = 0,

    /// <summary>The agency that owns the case.</summary>
    Owner = 1,

    /// <summary>The police zone(s) serving the victim's address (else the zones of the case's incidents).</summary>
    VictimZonePolice = 2,

    /// <summary>The SAPV of those zones.</summary>
    VictimZoneSapv = 4,

    /// <summary>The agency a task (<c>data.taskId</c>) is assigned to.</summary>
    TaskAssignee = 8,

    /// <summary>The agency a task escalates to: the police zone of the victim's address when the task was made.</summary>
    TaskEscalation = 16,
}

/// <summary>
/// The role rules of each event type (DESIGN.md, "Events and notifications"). On top of them, every event reaches the
/// case's followers whose basis covers its category, and the agencies its raiser named.
/// </summary>
public static class EventRouting
{
    private const RoleRule VictimZone = RoleRule.VictimZonePolice | RoleRule.VictimZoneSapv;

    private static readonly Dictionary<string, RoleRule> Rules = new()
    {
        // The author's liberty changes: the zone of the victim's address and its SAPV always hear of it.
        [EventTypes.CustodyDetained] = VictimZone,
        [EventTypes.CustodyReleaseScheduled] = VictimZone,
        [EventTypes.CustodyReleased] = VictimZone,
        [EventTypes.CustodyLeaveGranted] = VictimZone,
        // The police enforce protective measures where the victim lives.
        [EventTypes.MeasureImposed] = RoleRule.VictimZonePolice,
        [EventTypes.MeasureLifted] = RoleRule.VictimZonePolice,
        [EventTypes.MeasureExpiring] = RoleRule.VictimZonePolice,
        // The consent ledger is the owner's to keep.
        [EventTypes.CaseConsentGranted] = RoleRule.Owner,
        [EventTypes.CaseConsentRevoked] = RoleRule.Owner,
        [EventTypes.TaskAssigned] = RoleRule.TaskAssignee,
        [EventTypes.TaskEscalated] = RoleRule.TaskEscalation | RoleRule.Owner,
    };

    public static RoleRule For(string type) => Rules.GetValueOrDefault(type, RoleRule.None);
}
