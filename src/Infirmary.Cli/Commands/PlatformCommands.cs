using System.CommandLine;
using System.Security.Cryptography;
using Infirmary.Patients;
using Infirmary.Laboratory;
using Infirmary.Pharmacy;
using Infirmary.Physics;
using Infirmary.Workforce;
using Infirmary.Scheduling;
using Infirmary.Platform.Audit;
using Infirmary.Platform.Data;
using Infirmary.Platform.Security;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Infirmary.Cli.Commands;

/// <summary>
/// Administration against the database: <c>db migrate</c>, <c>admin create</c>, <c>audit verify</c>. The database is
/// chosen as for the web host (<c>Infirmary:Database:*</c> from appsettings.json in the current folder or
/// environment variables such as <c>Infirmary__Database__ConnectionString</c>), or with --provider/--connection.
/// </summary>
public static class PlatformCommands
{
    private static readonly Option<DatabaseProvider?> ProviderOption = new("--provider") { Description = "Sqlite or Postgres (default: configuration, else Sqlite)" };
    private static readonly Option<string?> ConnectionOption = new("--connection") { Description = "Connection string (default: configuration, else Data Source=data/infirmary.db)" };

    public static IEnumerable<Command> Create(TextWriter output, TextWriter error)
    {
        yield return Db(output, error);
        yield return Admin(output, error);
        yield return Audit(output, error);
    }

    private static Command Db(TextWriter output, TextWriter error)
    {
        var migrate = new Command("migrate", "Create the database or bring it up to date with this version.");
        AddDatabaseOptions(migrate);
        migrate.SetAction(async (parse, ct) => await Run(parse, error, async sp =>
        {
            var db = sp.GetRequiredService<InfirmaryDbContext>();
            var pending = (await Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.GetPendingMigrationsAsync(db.Database, ct)).ToList();
            await db.MigrateAsync(ct);
            await StaffAccounts.EnsureRolesAsync(sp.GetRequiredService<RoleManager<StaffRole>>());
            await output.WriteLineAsync(pending.Count == 0
                ? "The database is up to date."
                : $"Applied {pending.Count} migration(s): {string.Join(", ", pending)}.");
            return 0;
        }));
        var db = new Command("db", "Database administration.");
        db.Subcommands.Add(migrate);
        return db;
    }

    private static Command Admin(TextWriter output, TextWriter error)
    {
        var user = new Option<string>("--user") { Description = "User name for signing in", Required = true };
        var name = new Option<string>("--name") { Description = "The person's full name", Required = true };
        var email = new Option<string?>("--email") { Description = "Work e-mail address" };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the password from standard input instead of generating one" };
        var create = new Command("create", "Create an Administrator (the first one on an empty database), with two-step verification on.");
        create.Options.Add(user);
        create.Options.Add(name);
        create.Options.Add(email);
        create.Options.Add(passwordStdin);
        AddDatabaseOptions(create);
        create.SetAction(async (parse, ct) => await Run(parse, error, async sp =>
        {
            var users = sp.GetRequiredService<UserManager<StaffUser>>();
            await sp.GetRequiredService<InfirmaryDbContext>().MigrateAsync(ct);
            await StaffAccounts.EnsureRolesAsync(sp.GetRequiredService<RoleManager<StaffRole>>());
            var userName = parse.GetValue(user)!.Trim();
            if (await users.FindByNameAsync(userName) is not null)
            {
                await error.WriteLineAsync($"error: a user called '{userName}' already exists.");
                return 1;
            }

            var generated = !parse.GetValue(passwordStdin);
            var password = generated ? GeneratePassword() : (await Console.In.ReadLineAsync(ct))?.Trim() ?? string.Empty;
            var staff = new StaffUser { UserName = userName, DisplayName = parse.GetValue(name)!.Trim(), Email = parse.GetValue(email), JobTitle = "Administrator" };
            var created = await users.CreateAsync(staff, password);
            if (!created.Succeeded)
            {
                await error.WriteLineAsync($"error: {string.Join(" ", created.Errors.Select(e => e.Description))}");
                return 1;
            }

            await users.AddToRoleAsync(staff, Roles.Administrator);
            var secret = await StaffAccounts.EnableTotpAsync(users, staff);
            await output.WriteLineAsync($"Created administrator '{userName}'.");
            if (generated)
            {
                await output.WriteLineAsync($"Password (shown once; change it after signing in): {password}");
            }

            await output.WriteLineAsync($"Two-step verification secret: {secret}");
            await output.WriteLineAsync($"Authenticator URI: otpauth://totp/Infirmary:{Uri.EscapeDataString(userName)}?secret={secret}&issuer=Infirmary&digits=6");
            return 0;
        }));
        var admin = new Command("admin", "Staff administration.");
        admin.Subcommands.Add(create);
        return admin;
    }

    private static Command Audit(TextWriter output, TextWriter error)
    {
        var verify = new Command("verify", "Check the audit trail's hash chain from the first event to the last; report the first broken link.");
        AddDatabaseOptions(verify);
        verify.SetAction(async (parse, ct) => await Run(parse, error, async sp =>
        {
            var db = sp.GetRequiredService<InfirmaryDbContext>();
            var total = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.LongCountAsync(db.AuditEvents, ct);
            var broken = await AuditChain.VerifyAsync(db, new Progress<long>(n => error.Write($"\rverified {n:N0} of {total:N0}")), ct);
            if (total > 0)
            {
                await error.WriteLineAsync();
            }

            if (broken is null)
            {
                await output.WriteLineAsync($"Audit trail intact: {total:N0} events, every link verified.");
                return 0;
            }

            await output.WriteLineAsync($"Audit trail BROKEN at event {broken.Position} (chain/position): {broken.Reason}.");
            return 2;
        }));
        var audit = new Command("audit", "Audit trail.");
        audit.Subcommands.Add(verify);
        return audit;
    }

    internal static void AddDatabaseOptions(Command command)
    {
        command.Options.Add(ProviderOption);
        command.Options.Add(ConnectionOption);
    }

    internal static async Task<int> Run(ParseResult parse, TextWriter error, Func<IServiceProvider, Task<int>> work)
    {
        try
        {
            await using var sp = BuildServices(parse.GetValue(ProviderOption), parse.GetValue(ConnectionOption));
            await using var scope = sp.CreateAsyncScope();
            return await work(scope.ServiceProvider);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or ArgumentException or Microsoft.Extensions.Options.OptionsValidationException)
        {
            await error.WriteLineAsync($"error: {e.Message}");
            return 1;
        }
    }

    /// <summary>The same composition as the web host's data layer: platform tables plus every module's.</summary>
    public static ServiceProvider BuildServices(DatabaseProvider? provider, string? connection)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = Directory.GetCurrentDirectory() });
        var overrides = new Dictionary<string, string?>();
        if (provider is { } p)
        {
            overrides[$"{DatabaseOptions.Section}:Provider"] = p.ToString();
        }

        if (!string.IsNullOrWhiteSpace(connection))
        {
            overrides[$"{DatabaseOptions.Section}:ConnectionString"] = connection;
        }

        builder.Configuration.AddInMemoryCollection(overrides);
        builder.Logging.ClearProviders();
        builder.Logging.AddFilter(_ => false);
        builder.Services.AddInfirmaryData(builder.Configuration);
        builder.Services.AddDataProtection();
        builder.AddPatientsModule();
        builder.AddLaboratoryModule();
        builder.AddPharmacyModule();
        builder.AddPhysicsModule();
        builder.AddWorkforceModule();
        builder.AddSchedulingModule();
        builder.Services.AddIdentityCore<StaffUser>(StaffAccounts.ConfigureIdentity)
            .AddRoles<StaffRole>()
            .AddEntityFrameworkStores<InfirmaryDbContext>()
            .AddDefaultTokenProviders()
            .AddPasswordValidator<CommonPasswordValidator>();
        return builder.Services.BuildServiceProvider(validateScopes: true);
    }

    private static string GeneratePassword()
    {
        // Four random words' worth of entropy without a word list: 20 characters from an unambiguous alphabet.
        const string alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        return string.Create(20, 0, (span, _) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
            }
        });
    }
}
