# The API image: built with the .NET 10 SDK, run on the ASP.NET runtime alone.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore from the project files alone, so a code change reuses the restored layer.
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY src/Tactics.Api/Tactics.Api.csproj src/Tactics.Api/
RUN dotnet restore src/Tactics.Api/Tactics.Api.csproj
COPY src/ src/
RUN dotnet publish src/Tactics.Api/Tactics.Api.csproj -c Release --no-restore -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
USER $APP_UID
EXPOSE 5080
ENTRYPOINT ["dotnet", "Tactics.Api.dll"]
