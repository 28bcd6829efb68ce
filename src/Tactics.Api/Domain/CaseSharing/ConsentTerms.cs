namespace Tactics.Api.Domain.CaseSharing;

public enum ConsentPurpose
{
    FollowUp,
    ProactiveContact,
    Referral,
}

public enum ConsentObtainedHow
{
    Written,
    Verbal,
    Electronic,
}
