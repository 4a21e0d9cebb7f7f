# Build and run the NPES server. PostgreSQL runs beside it (docker-compose.yml).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Npes.Server -c Release -o /app \
 && dotnet publish src/Npes.Cli -c Release -o /app/cli

FROM mcr.microsoft.com/dotnet/aspnet:10.0
# The document worker (published in /app/document-worker/) uses qpdf and LibreOffice headless; prlimit is in util-linux.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends qpdf libreoffice-writer-nogui libreoffice-calc-nogui fonts-dejavu-core util-linux \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app .
ENV ASPNETCORE_URLS=http://0.0.0.0:8080
EXPOSE 8080
USER app
ENTRYPOINT ["dotnet", "Npes.Server.dll"]
