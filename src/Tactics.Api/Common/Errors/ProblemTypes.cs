namespace Tactics.Api.Common.Errors;

/// <summary>The stable <c>type</c> of each distinct error the API answers; part of the contract.</summary>
public static class ProblemTypes
{
    private const string Prefix = "urn:tactics:problem:";

    public const string Validation = Prefix + "validation";
    public const string MalformedRequest = Prefix + "malformed-request";
    public const string PayloadTooLarge = Prefix + "payload-too-large";
    public const string UnsupportedMediaType = Prefix + "unsupported-media-type";
    public const string Unauthorized = Prefix + "unauthorized";
    public const string Forbidden = Prefix + "forbidden";
    public const string RoleRequired = Prefix + "role-required";
    public const string NotFound = Prefix + "not-found";
    public const string MethodNotAllowed = Prefix + "method-not-allowed";
    public const string Conflict = Prefix + "conflict";
    public const string PreconditionFailed = Prefix + "precondition-failed";
    public const string PreconditionRequired = Prefix + "precondition-required";
    public const string RateLimited = Prefix + "rate-limited";
    public const string Internal = Prefix + "internal";
    public const string DuplicateWebhookSubscription = Prefix + "duplicate-webhook-subscription";
    public const string WebhookSubscriptionDisabled = Prefix + "webhook-subscription-disabled";
    public const string WebhookDeliveryNotRetryable = Prefix + "webhook-delivery-not-retryable";

    /// <summary>403: the caller sees the case, but its agency kind may not take this action (e.g. only police record a PV).</summary>
    public const string AgencyKindNotAllowed = Prefix + "agency-kind-not-allowed";
    public const string OwnerOnly = Prefix + "owner-only";
    public const string ConsentAlreadyRevoked = Prefix + "consent-already-revoked";
    public const string BasisRequired = Prefix + "basis-required";
    public const string CategoryNotWritable = Prefix + "category-not-writable";

    /// <summary>A confidential address is changed, or made non-confidential, only by the agency that recorded it.</summary>
    public const string ConfidentialAddressRecorderOnly = Prefix + "confidential-address-recorder-only";

    /// <summary>400: the Idempotency-Key header is empty, too long, repeated or not printable ASCII.</summary>
    public const string InvalidIdempotencyKey = Prefix + "invalid-idempotency-key";

    /// <summary>409: an Idempotency-Key already used on this route with a different request body.</summary>
    public const string IdempotencyKeyReused = Prefix + "idempotency-key-reused";

    /// <summary>409: the PV number is already recorded in this police zone.</summary>
    public const string PvNumberTaken = Prefix + "pv-number-taken";

    /// <summary>409: the case is closed; only reopening is allowed.</summary>
    public const string CaseClosed = Prefix + "case-closed";

    /// <summary>409: a household of the request was merged into another; act on the household it was merged into.</summary>
    public const string HouseholdMerged = Prefix + "household-merged";

    /// <summary>409: the link suggestion was already confirmed, rejected or superseded.</summary>
    public const string SuggestionNotPending = Prefix + "suggestion-not-pending";

    /// <summary>409: the merge was already undone.</summary>
    public const string MergeAlreadyUndone = Prefix + "merge-already-undone";

    /// <summary>409: a later merge moved the cases on; undo that one first.</summary>
    public const string MergeSuperseded = Prefix + "merge-superseded";

    /// <summary>409: a 458ter case consultation is opened on a high or critical case only.</summary>
    public const string HighRiskRequired = Prefix + "high-risk-required";

    /// <summary>403: an agency acts for itself only (e.g. it unfollows a case in its own name, never in another's).</summary>
    public const string OwnAgencyOnly = Prefix + "own-agency-only";

    /// <summary>409: the measure is already lifted or has expired.</summary>
    public const string MeasureNotActive = Prefix + "measure-not-active";

    /// <summary>409: the task is already completed.</summary>
    public const string TaskAlreadyCompleted = Prefix + "task-already-completed";

    /// <summary>409: the task was cancelled (the consent it rested on ended).</summary>
    public const string TaskCancelled = Prefix + "task-cancelled";

    /// <summary>403: the task is another agency's to complete.</summary>
    public const string TaskNotAssignedToCaller = Prefix + "task-not-assigned-to-caller";

    /// <summary>409: the PV or disclosure already has its parquet decision.</summary>
    public const string AlreadyDecided = Prefix + "already-decided";

    /// <summary>400: the list asked for is too long for one unpaged answer (the board as CSV): narrow it with a filter.</summary>
    public const string NarrowerFilterRequired = Prefix + "narrower-filter-required";

    /// <summary>The type for a bare status code, used when nothing more specific was said.</summary>
    public static string ForStatus(int status) => status switch
    {
        400 => MalformedRequest,
        401 => Unauthorized,
        403 => Forbidden,
        404 => NotFound,
        405 => MethodNotAllowed,
        409 => Conflict,
        412 => PreconditionFailed,
        413 => PayloadTooLarge,
        415 => UnsupportedMediaType,
        428 => PreconditionRequired,
        429 => RateLimited,
        _ => Internal,
    };
}
