#!/usr/bin/env bash
# Adds a migration with the same name for both providers: ./scripts/add-migration.sh AddSomething
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
name=${1:?usage: scripts/add-migration.sh MigrationName}
dotnet tool restore >/dev/null
for provider in Sqlite Postgres; do
  dotnet ef migrations add "$name" --project "src/Infirmary.Data.$provider" --startup-project "src/Infirmary.Data.$provider" -o Migrations
done
