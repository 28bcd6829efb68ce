using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Tactics.Api.Common.Errors;
using Tactics.Api.Domain;
using Tactics.Api.Domain.Incidents;
using Tactics.Api.Infrastructure.Persistence.Configurations;

namespace Tactics.Api.Tests.Architecture;

/// <summary>The domain throws its own rule exceptions; the problem-details handler answers them as the contract says.</summary>
public sealed class DomainRuleProblemTests
{
    [Fact]
    public void Every_domain_rule_has_a_problem_type_of_its_own()
    {
        var rules = Enum.GetValues<DomainRule>();

        Assert.NotEmpty(rules);
        Assert.Equal(rules.Order(), DomainRuleProblems.Mapped.Order());
        Assert.DoesNotContain(rules, rule => DomainRuleProblems.TypeOf(rule) == ProblemTypes.Conflict);
        Assert.Equal(rules.Length, rules.Select(DomainRuleProblems.TypeOf).Distinct().Count());
    }

    [Fact]
    public async Task A_domain_rule_is_answered_409_with_its_type_and_its_own_message()
    {
        var (status, problem) = await Handle(Incident.PvNumberTaken());

        Assert.Equal(409, status);
        Assert.Equal(409, problem.Status);
        Assert.Equal("urn:tactics:problem:pv-number-taken", problem.Type);
        Assert.Equal("Conflict", problem.Title);
        Assert.Equal("This PV number is already recorded in this police zone.", problem.Detail);
    }

    [Fact]
    public async Task A_unique_index_lost_in_a_race_is_answered_as_its_domain_rule()
    {
        var race = new DbUpdateException("Unique violation.", new PostgresException(
            "duplicate key value violates unique constraint", "ERROR", "ERROR", PostgresErrorCodes.UniqueViolation,
            constraintName: IncidentConfiguration.PvNumberIndex));

        var (status, problem) = await Handle(race);

        Assert.Equal(409, status);
        Assert.Equal("urn:tactics:problem:pv-number-taken", problem.Type);
        Assert.Equal("This PV number is already recorded in this police zone.", problem.Detail);
    }

    private static async Task<(int Status, ProblemDetails Problem)> Handle(Exception exception)
    {
        var problems = new CapturingProblemDetailsService();
        var handler = new ProblemExceptionHandler(problems, NullLogger<ProblemExceptionHandler>.Instance);
        var http = new DefaultHttpContext();

        Assert.True(await handler.TryHandleAsync(http, exception, CancellationToken.None));
        return (http.Response.StatusCode, problems.Written ?? throw new InvalidOperationException("No problem was written."));
    }

    private sealed class CapturingProblemDetailsService : IProblemDetailsService
    {
        public ProblemDetails? Written { get; private set; }

        public ValueTask WriteAsync(ProblemDetailsContext context)
        {
            Written = context.ProblemDetails;
            return ValueTask.CompletedTask;
        }

        public ValueTask<bool> TryWriteAsync(ProblemDetailsContext context)
        {
            Written = context.ProblemDetails;
            return ValueTask.FromResult(true);
        }
    }
}
