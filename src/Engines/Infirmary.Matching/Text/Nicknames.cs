using System.Collections.Frozen;

namespace Infirmary.Matching.Text;

/// <summary>
/// A small table of common English given-name diminutives, each mapped to one formal name, so that
/// "Bill" and "William" compare as close. Optional (see <see cref="MatchOptions.UseNicknames"/>) and
/// deliberately short: ambiguous diminutives (e.g. "Chris", "Alex", "Sam") map to their most common form
/// only, which can only raise a comparison to "close", never to "exact".
/// </summary>
public static class Nicknames
{
    private static readonly FrozenDictionary<string, string> Formal = Build(
        ("WILLIAM", "BILL BILLY WILL WILLIE LIAM"),
        ("ROBERT", "BOB BOBBY ROB ROBBIE BERT"),
        ("RICHARD", "DICK RICH RICHIE RICKY RICK"),
        ("JAMES", "JIM JIMMY JAMIE"),
        ("JOHN", "JACK JOHNNY JON"),
        ("EDWARD", "ED EDDIE TED TEDDY NED"),
        ("THOMAS", "TOM TOMMY"),
        ("MICHAEL", "MIKE MICK MICKY"),
        ("CHRISTOPHER", "CHRIS KIT"),
        ("ANTHONY", "TONY"),
        ("ANDREW", "ANDY DREW"),
        ("DANIEL", "DAN DANNY"),
        ("DAVID", "DAVE DAVY"),
        ("STEPHEN", "STEVE STEVIE STEVEN"),
        ("JOSEPH", "JOE JOEY"),
        ("BENJAMIN", "BEN BENNY"),
        ("SAMUEL", "SAM SAMMY"),
        ("ALEXANDER", "ALEX ALEC SANDY"),
        ("NICHOLAS", "NICK NICKY"),
        ("MATTHEW", "MATT"),
        ("PETER", "PETE"),
        ("CHARLES", "CHARLIE CHAS CHUCK"),
        ("HENRY", "HARRY HAL HANK"),
        ("FREDERICK", "FRED FREDDIE FREDDY"),
        ("ALBERT", "AL ALBIE"),
        ("TIMOTHY", "TIM TIMMY"),
        ("PATRICK", "PAT PADDY"),
        ("GERALD", "GERRY JERRY"),
        ("LAWRENCE", "LARRY LAURIE"),
        ("JONATHAN", "JONNY"),
        ("NATHANIEL", "NATE NAT"),
        ("ELIZABETH", "LIZ LIZZIE LIZA BETH BETTY BETSY ELIZA ELSIE LIBBY"),
        ("MARGARET", "MAGGIE MEG PEGGY MADGE MARGE GRETA"),
        ("KATHERINE", "KATE KATIE KATHY KAT KAY CATHERINE KATHRYN CATH CATHY"),
        ("JENNIFER", "JENNY JEN"),
        ("REBECCA", "BECKY BECCA"),
        ("SUSAN", "SUE SUSIE SUZY"),
        ("DEBORAH", "DEBBIE DEB"),
        ("PATRICIA", "PATSY TRISH TRICIA"),
        ("VICTORIA", "VICKY VICKIE TORI"),
        ("ALEXANDRA", "LEXI SANDRA"),
        ("JACQUELINE", "JACKIE"),
        ("CHRISTINE", "CHRISSIE TINA"),
        ("ABIGAIL", "ABBY ABBIE"),
        ("SAMANTHA", "SAMMIE"),
        ("DOROTHY", "DOT DOTTIE DOLLY"),
        ("ELEANOR", "ELLIE NELL NELLIE"),
        ("FRANCES", "FRAN FRANNIE"),
        ("FRANCIS", "FRANK FRANKIE"),
        ("JOSEPHINE", "JO JOSIE"),
        ("PENELOPE", "PENNY"),
        ("ANNE", "ANN ANNIE ANNA NANCY"),
        ("MARY", "MOLLY POLLY MAE MAY"),
        ("SARAH", "SARA SALLY"),
        ("HELEN", "NELL ELLEN"),
        ("JOANNE", "JO JOANNA"),
        ("AMANDA", "MANDY"),
        ("ISABEL", "IZZY ISABELLE ISOBEL BELLA"),
        ("OLIVER", "OLLIE"),
        ("DOUGLAS", "DOUG"),
        ("GREGORY", "GREG"),
        ("KENNETH", "KEN KENNY"),
        ("RONALD", "RON RONNIE"),
        ("DONALD", "DON DONNIE"),
        ("LEONARD", "LEN LENNY LEO"),
        ("RAYMOND", "RAY"),
        ("PHILIP", "PHIL PHILLIP"),
        ("VINCENT", "VINCE VINNIE"),
        ("TERENCE", "TERRY"),
        ("GEOFFREY", "GEOFF JEFF JEFFREY"),
        ("ARCHIBALD", "ARCHIE"),
        ("THEODORE", "THEO"),
        ("SUZANNE", "SUZIE"));

    /// <summary>The formal name for a normalised (upper-case letters) given name, or the name itself.</summary>
    public static string Canonical(string normalisedGivenName) =>
        Formal.TryGetValue(normalisedGivenName, out var formal) ? formal : normalisedGivenName;

    private static FrozenDictionary<string, string> Build(params (string Formal, string Diminutives)[] rows)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (formal, diminutives) in rows)
        {
            foreach (var d in diminutives.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                map.TryAdd(d, formal);
            }
        }

        return map.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
