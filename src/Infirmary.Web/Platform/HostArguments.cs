namespace Infirmary.Web.Platform;

/// <summary>
/// The host takes ASP.NET Core's usual arguments (<c>--urls</c>, <c>--Infirmary:Database:Provider=Postgres</c>, …)
/// plus the bare switch <c>--demo</c>, which becomes <c>Infirmary:Demo=true</c>.
/// </summary>
public static class HostArguments
{
    public static string[] Prepare(string[] args)
    {
        var list = new List<string>(args.Length + 1);
        foreach (var a in args)
        {
            if (a is "--demo")
            {
                list.Add("--Infirmary:Demo=true");
            }
            else
            {
                list.Add(a);
            }
        }

        return [.. list];
    }
}
