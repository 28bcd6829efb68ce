global using Tactics.Api.Common.Http;
