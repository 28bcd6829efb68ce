using System.Security.Cryptography;
using System.Text;
using Tactics.Api.Domain.Persons;

namespace Tactics.Seed;

/// <summary>
/// A digest of a batch's content without its ids, nonces and id-bearing hashes: equal for the same seed, batch and anchor
/// (<c>--fingerprint N</c> prints it, so two runs can be compared without a database).
/// </summary>
public static class Fingerprint
{
    public static string Of(Batch batch)
    {
        var text = new StringBuilder();
        foreach (var c in batch.Cases)
        {
            text.AppendLine($"case {c.OwnerAgency} {c.Status} {c.ClosedReason} {c.RiskLevel} {c.CreatedAt:O} {c.UpdatedAt:O} {c.Version} {c.LastEventNumber}");
            Person(text, c.Victim);
            if (c.Author is { } author) Person(text, author);
            foreach (var child in c.Children) text.AppendLine($"child {child}");
            foreach (var i in c.Incidents) text.AppendLine($"incident {i.Kind} {i.PvNumber} {i.PoliceZone} {i.OccurredAt:O} {i.ReportedAt:O} {i.Facts} {i.RecordedBy}");
            foreach (var r in c.RiskAssessments) text.AppendLine($"risk {r.Checklist.Items.Aggregate("", (s, item) => s + item.Answer)} {r.ComputedLevel} {r.OverrideLevel} {r.AssessedAt:O}");
            foreach (var e in c.CustodyEvents) text.AppendLine($"custody {e.Kind} {e.OccurredAt:O} {e.ScheduledFor:O} {e.Conditions}");
            foreach (var m in c.Measures) text.AppendLine($"measure {m.Kind} {m.From:O} {m.Until:O} {m.LiftedAt:O}");
            foreach (var t in c.Tasks) text.AppendLine($"task {t.Kind} {t.AssigneeAgency} {t.DueAt:O} {t.EscalatedAt:O} {t.CompletedAt:O} {t.Outcome}");
            foreach (var e in c.Events) text.AppendLine($"event {e.Number} {e.Type} {e.OccurredAt:O} {e.ActorAgency}");
        }
        foreach (var g in batch.Consents) text.AppendLine($"consent {g.RecipientAgencyCode} {g.RecipientKind} {string.Join(',', g.Categories)} {g.Purpose} {g.ValidFrom:O} {g.ValidUntil:O}");
        foreach (var r in batch.Revocations) text.AppendLine($"revocation {r.RevokedAt:O}");
        foreach (var b in batch.BoardItems) text.AppendLine($"board {b.Kind} {b.PoliceZone} {b.ReceivedAt:O} {b.DueAt:O} {b.DecidedAt:O}");
        foreach (var d in batch.Decisions) text.AppendLine($"decision {d.Outcome} {d.DecidedBy} {d.DecidedAt:O}");
        foreach (var a in batch.AccessLog)
        {
            text.AppendLine($"access {a.Sequence} {a.At:O} {a.UserId} {a.AgencyCode} {a.Operation} {string.Join(',', a.Granted)} {a.RequestId}");
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static void Person(StringBuilder text, Person p) =>
        text.AppendLine($"person {p.FirstName} {p.LastName} {p.BirthDate} {p.Phone} {p.Address} {Convert.ToHexStringLower(p.NationalNumberKey ?? [])}");
}
