namespace Tactics.Api.Domain.SafeContacts;

/// <summary>A day of the week, as the safe-contact windows name it.</summary>
public enum Weekday
{
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

/// <summary>Days and a time span (local Europe/Brussels time, <c>From</c> included, <c>To</c> excluded) when the victim may be called.</summary>
public sealed record ContactWindow(IReadOnlyList<Weekday> Days, TimeOnly From, TimeOnly To)
{
    public bool Contains(DayOfWeek day, TimeOnly time) => Days.Contains(Of(day)) && time >= From && time < To;

    public static Weekday Of(DayOfWeek day) => day switch
    {
        DayOfWeek.Monday => Weekday.Mon,
        DayOfWeek.Tuesday => Weekday.Tue,
        DayOfWeek.Wednesday => Weekday.Wed,
        DayOfWeek.Thursday => Weekday.Thu,
        DayOfWeek.Friday => Weekday.Fri,
        DayOfWeek.Saturday => Weekday.Sat,
        _ => Weekday.Sun,
    };
}

/// <summary>
/// How the victim may be reached safely (category <c>contact</c>): a safe number, the windows when a call is safe, and whether a
/// message may be left. One per case; any agency that sees <c>contact</c> replaces it.
/// </summary>
public sealed class SafeContact
{
    public const int MaxWindows = 14;

    /// <summary>The victim's local time, in which windows are read.</summary>
    public static readonly TimeZoneInfo Brussels = TimeZoneInfo.FindSystemTimeZoneById("Europe/Brussels");

    private SafeContact() { }

    public SafeContact(Guid caseId) => CaseId = caseId;

    public Guid CaseId { get; private set; }
    public string? Phone { get; private set; }
    public List<ContactWindow> Windows { get; private set; } = [];
    public bool MayLeaveMessage { get; private set; }
    public string UpdatedByAgency { get; private set; } = "";
    public DateTimeOffset UpdatedAt { get; private set; }

    public void Replace(string? phone, IEnumerable<ContactWindow> windows, bool mayLeaveMessage, string agency, DateTimeOffset now)
    {
        Phone = phone;
        Windows = [.. windows];
        MayLeaveMessage = mayLeaveMessage;
        UpdatedByAgency = agency;
        UpdatedAt = now;
    }

    /// <summary>Whether a try at <paramref name="at"/> falls outside every window; no window means no restriction.</summary>
    public bool OutsideWindows(DateTimeOffset at)
    {
        if (Windows.Count == 0) return false;
        var local = TimeZoneInfo.ConvertTime(at, Brussels);
        var time = TimeOnly.FromDateTime(local.DateTime);
        return !Windows.Any(w => w.Contains(local.DayOfWeek, time));
    }
}
