namespace Infirmary.Medicines;

/// <summary>
/// Screens a prescription against the knowledge base: drug–drug interactions, drug–food, allergy and
/// cross-sensitivity, duplicate therapy, dose range (age, weight) and renal adjustment. Build once (indexes are
/// precomputed) and share: <see cref="Screen"/> is thread-safe and does not mutate the engine.
/// </summary>
public sealed class MedicinesEngine
{
    private const string DuplicateSource = "NICE NG5 Medicines optimisation (2015); BNF Guidance on prescribing (duplication)";

    private readonly KnowledgeBase kb;
    private readonly List<Substance> substances;
    private readonly Dictionary<string, int> substanceByName;
    private readonly Dictionary<string, int[]> productSubstances = new(StringComparer.Ordinal);
    private readonly ulong[] duplicateMask;
    private readonly int[] duplicateBitToClass;
    private readonly Dictionary<int, DoseLimit[]> doseLimits;
    private readonly Dictionary<int, RenalRule[]> renalRules;
    private readonly NameResolver resolver;
    private readonly List<string> unknownSubstances = [];

    public MedicinesEngine(KnowledgeBase knowledgeBase, IEnumerable<Product> products)
    {
        kb = knowledgeBase;
        substances = [.. kb.Substances];
        substanceByName = kb.CopyNameIndex();
        var productList = products.ToList();
        foreach (var p in productList)
        {
            productSubstances[p.Code] = [.. p.Ingredients.Select(i => SubstanceIdOrAdd(i.Substance)).Distinct()];
        }

        // Duplicate-therapy classes as bits: two items duplicate when their masks intersect (one AND per pair).
        var dupClasses = Enumerable.Range(0, kb.Classes.Count).Where(c => kb.DuplicateClass[c]).ToArray();
        if (dupClasses.Length > 64)
        {
            throw new InvalidOperationException("more than 64 duplicate-therapy classes; widen the mask");
        }

        duplicateBitToClass = dupClasses;
        duplicateMask = new ulong[substances.Count];
        for (var s = 0; s < substances.Count; s++)
        {
            foreach (var c in kb.ClassesOf(s))
            {
                var bit = Array.IndexOf(dupClasses, c);
                if (bit >= 0)
                {
                    duplicateMask[s] |= 1UL << bit;
                }
            }
        }

        doseLimits = kb.DoseLimits.GroupBy(d => d.SubstanceId).ToDictionary(g => g.Key, g => g.ToArray());
        renalRules = kb.RenalRules.GroupBy(r => r.SubstanceId).ToDictionary(g => g.Key, g => g.OrderByDescending(r => r.Severity).ToArray());
        resolver = new NameResolver(productList, substances, substanceByName, p => productSubstances[p.Code]);
    }

    public KnowledgeBase KnowledgeBase => kb;

    /// <summary>Ingredient names in the supplied products that the knowledge base does not know: no rule can fire for them.</summary>
    public IReadOnlyList<string> UnknownSubstances => unknownSubstances;

    /// <summary>Resolves a coded or text medicine without screening it.</summary>
    public Resolution Resolve(MedicineOrder order) => resolver.Resolve(order);

    /// <summary>Screens the request. Alerts are ordered by severity (most serious first), then kind, then items.</summary>
    public IReadOnlyList<Alert> Screen(ScreeningRequest request)
    {
        var alerts = new List<Alert>();
        var items = new List<Item>(request.CurrentMedicines.Count + request.DraftOrders.Count);
        AddItems(request.CurrentMedicines, false, items, alerts);
        AddItems(request.DraftOrders, true, items, alerts);

        for (var i = 0; i < items.Count; i++)
        {
            for (var j = i + 1; j < items.Count; j++)
            {
                var a = items[i];
                var b = items[j];
                if (a.IsDraft || b.IsDraft || request.ScreenCurrentAgainstCurrent)
                {
                    ScreenPair(a, b, alerts);
                }
            }
        }

        var singles = items.Where(it => it.IsDraft || request.ScreenCurrentAgainstCurrent).ToList();
        ScreenAllergies(request.Allergies, singles, alerts);
        ScreenFoods(request.Foods, items, alerts);
        ScreenDoses(request, singles, alerts);

        var seen = new HashSet<string>(StringComparer.Ordinal);
        alerts.RemoveAll(a => !seen.Add(a.Id));
        alerts.Sort(Compare);
        return alerts;
    }

    private static int Compare(Alert x, Alert y)
    {
        var c = y.Severity.CompareTo(x.Severity);
        if (c == 0) c = x.Kind.CompareTo(y.Kind);
        if (c == 0) c = string.CompareOrdinal(x.ItemA.Label, y.ItemA.Label);
        if (c == 0) c = string.CompareOrdinal(x.ItemB?.Label, y.ItemB?.Label);
        if (c == 0) c = string.CompareOrdinal(x.RuleId, y.RuleId);
        if (c == 0) c = string.CompareOrdinal(x.Id, y.Id);
        return c;
    }

    private void AddItems(IReadOnlyList<MedicineOrder> orders, bool isDraft, List<Item> items, List<Alert> alerts)
    {
        foreach (var order in orders)
        {
            var resolution = resolver.Resolve(order);
            var label = resolution.Product?.Name ?? order.Text ?? order.Code ?? "(blank)";
            if (!resolution.IsResolved)
            {
                var suggestions = resolution.Suggestions.Count > 0 ? $" Did you mean: {string.Join(", ", resolution.Suggestions)}?" : string.Empty;
                alerts.Add(MakeAlert(AlertKind.Unresolved, Severity.Severe, new AlertItem(label, order.Code), null, "unresolved",
                    resolution.Note ?? $"'{label}' could not be matched to a product or substance, so it has not been screened.",
                    "Choose the product from the formulary or check the spelling; screen again before prescribing." + suggestions,
                    "Infirmary medicines engine (name resolution)"));
                continue;
            }

            if (resolution.Note is not null)
            {
                alerts.Add(MakeAlert(AlertKind.Unresolved, Severity.Minor, new AlertItem(label, order.Code), null, "unresolved-product",
                    resolution.Note, "Interactions and allergies were screened; dose checks need a formulary product.",
                    "Infirmary medicines engine (name resolution)"));
            }

            var ids = resolution.Product is { } p ? productSubstances[p.Code] : [.. resolution.Substances.Select(s => s.Id)];
            ulong mask = 0;
            foreach (var s in ids)
            {
                mask |= duplicateMask[s];
            }

            var key = resolution.Product?.Code ?? "substance:" + string.Join('+', ids.Order());
            items.Add(new Item(order, resolution.Product, ids, new AlertItem(label, resolution.Product?.Code), key, mask, isDraft));
        }
    }

    private void ScreenPair(Item a, Item b, List<Alert> alerts)
    {
        // Order the two sides by a stable key so the alert does not depend on list order.
        if (string.CompareOrdinal(a.Key, b.Key) > 0)
        {
            (a, b) = (b, a);
        }

        Rule? best = null;
        var sharedSubstance = -1;
        foreach (var sa in a.SubstanceIds)
        {
            foreach (var sb in b.SubstanceIds)
            {
                if (sa == sb)
                {
                    sharedSubstance = sharedSubstance < 0 ? sa : Math.Min(sharedSubstance, sa);
                    continue;
                }

                if (kb.PairRules.TryGetValue(KnowledgeBase.Key(sa, sb), out var rule) && (best is null || KnowledgeBase.Better(rule, best)))
                {
                    best = rule;
                }
            }
        }

        if (best is not null)
        {
            alerts.Add(MakeAlert(AlertKind.Interaction, best.Severity, a.Display, b.Display, best.Id, best.Mechanism, best.Advice, best.Source, a.Key, b.Key));
        }

        if (sharedSubstance >= 0)
        {
            var name = substances[sharedSubstance].Name;
            alerts.Add(MakeAlert(AlertKind.Duplicate, Severity.Severe, a.Display, b.Display, "dup:substance:" + name,
                $"Both contain {name}: risk of overdose.", $"Prescribe {name} once; check combination products (e.g. co-codamol with paracetamol).",
                DuplicateSource, a.Key, b.Key));
            return;
        }

        var shared = a.DuplicateMask & b.DuplicateMask;
        while (shared != 0)
        {
            var bit = System.Numerics.BitOperations.TrailingZeroCount(shared);
            shared &= shared - 1;
            var cls = kb.Classes[duplicateBitToClass[bit]];
            alerts.Add(MakeAlert(AlertKind.Duplicate, Severity.Moderate, a.Display, b.Display, "dup:class:" + cls,
                $"Two medicines of the same class ({cls}): additive effects and adverse effects without extra benefit.",
                "Confirm both are intended (e.g. switching, or a specialist combination); otherwise stop one.",
                DuplicateSource, a.Key, b.Key));
        }
    }

    private void ScreenAllergies(IReadOnlyList<string> allergies, List<Item> items, List<Alert> alerts)
    {
        foreach (var allergy in allergies)
        {
            if (string.IsNullOrWhiteSpace(allergy))
            {
                continue;
            }

            int[] allergenClasses;
            var allergenSubstance = -1;
            if (kb.FindClass(allergy) is { } classId)
            {
                allergenClasses = [classId];
            }
            else if (substanceByName.TryGetValue(allergy.Trim(), out var sid))
            {
                allergenSubstance = sid;
                allergenClasses = kb.ClassesOf(sid);
            }
            else if (resolver.ResolveText(allergy) is { IsResolved: true } r)
            {
                // A product name in the allergy record ("Augmentin"): treat each of its substances as the allergen.
                allergenSubstance = r.Substances[0].Id;
                allergenClasses = [.. r.Substances.SelectMany(s => kb.ClassesOf(s.Id)).Distinct()];
            }
            else
            {
                alerts.Add(MakeAlert(AlertKind.Unresolved, Severity.Moderate, new AlertItem(allergy), null, "unresolved-allergy",
                    $"Allergy entry '{allergy}' is not a known substance or class, so it has not been screened.",
                    "Check the allergy record manually against the new medicines.", "Infirmary medicines engine (allergy resolution)"));
                continue;
            }

            var allergen = new AlertItem(allergy.Trim());
            foreach (var item in items)
            {
                Rule? best = null;
                foreach (var s in item.SubstanceIds)
                {
                    if (s == allergenSubstance)
                    {
                        best = new Rule("allergy:substance:" + substances[s].Name, Severity.Contraindicated,
                            $"Recorded allergy to {substances[s].Name}, which this medicine contains.",
                            "Do not give. Choose an alternative; record the reason if overriding.", "Patient allergy record; NICE CG183 (drug allergy)", 0);
                        break;
                    }

                    foreach (var drugClass in kb.ClassesOf(s))
                    {
                        foreach (var ac in allergenClasses)
                        {
                            if (kb.AllergyRules.TryGetValue(KnowledgeBase.DirectedKey(ac, drugClass), out var rule) && (best is null || KnowledgeBase.Better(rule, best)))
                            {
                                best = rule;
                            }
                        }
                    }
                }

                if (best is not null)
                {
                    alerts.Add(MakeAlert(AlertKind.Allergy, best.Severity, item.Display, allergen, best.Id, best.Mechanism, best.Advice, best.Source, item.Key, allergen.Label.ToLowerInvariant()));
                }
            }
        }
    }

    private void ScreenFoods(IReadOnlyList<string> foods, List<Item> items, List<Alert> alerts)
    {
        foreach (var food in foods)
        {
            var canonical = CanonicalFoods(food);
            if (canonical.Count == 0)
            {
                alerts.Add(MakeAlert(AlertKind.Unresolved, Severity.Minor, new AlertItem(food), null, "unresolved-food",
                    $"Food '{food}' is not in the food rules.", "No food interaction checked for it.", "Infirmary medicines engine (food rules)"));
                continue;
            }

            foreach (var item in items)
            {
                foreach (var foodName in canonical)
                {
                    var foodId = kb.FoodIds[foodName];
                    Rule? best = null;
                    foreach (var s in item.SubstanceIds)
                    {
                        if (kb.FoodRules.TryGetValue(KnowledgeBase.DirectedKey(foodId, s), out var rule) && (best is null || KnowledgeBase.Better(rule, best)))
                        {
                            best = rule;
                        }
                    }

                    if (best is not null)
                    {
                        alerts.Add(MakeAlert(AlertKind.Food, best.Severity, item.Display, new AlertItem(foodName), best.Id, best.Mechanism, best.Advice, best.Source, item.Key, foodName));
                    }
                }
            }
        }
    }

    private List<string> CanonicalFoods(string food)
    {
        var text = food.Trim().ToLowerInvariant();
        if (kb.FoodAliases.TryGetValue(text, out var exact))
        {
            return [.. exact];
        }

        // Free text ("a glass of grapefruit juice daily"): every alias it contains.
        return [.. kb.FoodAliases.Where(a => text.Contains(a.Key, StringComparison.Ordinal)).SelectMany(a => a.Value).Distinct().Order(StringComparer.Ordinal)];
    }

    private void ScreenDoses(ScreeningRequest request, List<Item> items, List<Alert> alerts)
    {
        double? crcl = request.CreatinineClearanceMlPerMin;
        if (crcl is null && request.SerumCreatinineMicromolPerL is > 0 && request.AgeYears is { } age && request.WeightKg is > 0)
        {
            crcl = RenalFunction.CockcroftGault(age, request.WeightKg.Value, request.Sex, request.SerumCreatinineMicromolPerL.Value);
        }

        foreach (var item in items)
        {
            var order = item.Order;
            var substanceId = item.Product is { Ingredients.Count: > 0 } p ? productSubstances[p.Code][0] : item.SubstanceIds[0];
            var name = substances[substanceId].Name;
            double? daily = order.DoseMg * (order.DosesPerDay ?? 1);
            if (order.DoseMg is { } dose && (dose <= 0 || double.IsNaN(dose) || double.IsInfinity(dose) || order.DosesPerDay is <= 0))
            {
                alerts.Add(MakeAlert(AlertKind.Dose, Severity.Severe, item.Display, null, "dose:impossible",
                    $"Dose of {dose} mg × {order.DosesPerDay ?? 1} a day is not a possible dose.", "Correct the dose.", "Infirmary medicines engine (dose validation)", item.Key));
                continue;
            }

            var route = order.Route ?? item.Product?.Route;
            if (order.DoseMg is { } single && route is not null && doseLimits.TryGetValue(substanceId, out var limits))
            {
                var ageYears = request.AgeYears ?? 18; // unknown age: adult limits (stated in the alert source)
                foreach (var limit in limits)
                {
                    if (!string.Equals(limit.Route, route, StringComparison.OrdinalIgnoreCase) || ageYears < limit.AgeMin || ageYears >= limit.AgeMax)
                    {
                        continue;
                    }

                    var band = $"dose:{name}:{limit.Route}:{limit.AgeMin}-{limit.AgeMax}";
                    if (limit.MaxSingleMg is { } maxSingle && single > maxSingle * 1.0001)
                    {
                        alerts.Add(MakeAlert(AlertKind.Dose, Severity.Severe, item.Display, null, band + ":single",
                            $"Single dose {single:0.###} mg of {name} exceeds the maximum {maxSingle:0.###} mg.", "Check and reduce the dose.", limit.Source, item.Key));
                    }

                    if (limit.MaxDailyMg is { } maxDaily && daily > maxDaily * 1.0001)
                    {
                        alerts.Add(MakeAlert(AlertKind.Dose, Severity.Severe, item.Display, null, band + ":daily",
                            $"Daily dose {daily:0.###} mg of {name} exceeds the maximum {maxDaily:0.###} mg a day.", "Check and reduce the dose.", limit.Source, item.Key));
                    }

                    if (limit.MaxMgPerKgDay is { } perKg)
                    {
                        if (request.WeightKg is > 0 && daily > perKg * request.WeightKg.Value * 1.0001)
                        {
                            alerts.Add(MakeAlert(AlertKind.Dose, Severity.Severe, item.Display, null, band + ":perkg",
                                $"Daily dose {daily:0.###} mg is {daily / request.WeightKg.Value:0.##} mg/kg/day; the maximum for {name} is {perKg:0.##} mg/kg/day ({perKg * request.WeightKg.Value:0.#} mg for {request.WeightKg.Value:0.#} kg).",
                                "Recalculate the dose by weight.", limit.Source, item.Key));
                        }
                        else if (request.WeightKg is null && ageYears < 18)
                        {
                            alerts.Add(MakeAlert(AlertKind.Dose, Severity.Moderate, item.Display, null, band + ":noweight",
                                $"{name} is dosed by weight in children and no weight was given.", "Record the weight and screen again.", limit.Source, item.Key));
                        }
                    }
                }
            }

            if (renalRules.TryGetValue(substanceId, out var renal))
            {
                foreach (var rule in renal)
                {
                    var value = rule.UsesEgfr ? request.EgfrMlPerMin ?? crcl : crcl ?? request.EgfrMlPerMin;
                    if (value is not { } v || v >= rule.Below)
                    {
                        continue;
                    }

                    var exceeds = (rule.MaxDailyMg is null && rule.MaxMgPerKgDay is null)
                        || daily is null
                        || (rule.MaxDailyMg is { } md && daily > md * 1.0001)
                        || (rule.MaxMgPerKgDay is { } mk && request.WeightKg is > 0 && daily > mk * request.WeightKg.Value * 1.0001);
                    if (exceeds)
                    {
                        var measure = rule.UsesEgfr ? "eGFR" : "creatinine clearance";
                        alerts.Add(MakeAlert(AlertKind.Dose, rule.Severity, item.Display, null, rule.Id,
                            $"{measure} {v:0} below {rule.Below:0} mL/min: {name} accumulates or is unsafe in renal impairment.", rule.Advice,
                            rule.Source + (rule.UsesEgfr ? string.Empty : "; creatinine clearance by Cockcroft DW, Gault MH. Nephron 1976;16:31-41"), item.Key));
                        break; // most severe matching band only
                    }
                }
            }
        }
    }

    private static Alert MakeAlert(AlertKind kind, Severity severity, AlertItem a, AlertItem? b, string ruleId, string mechanism, string advice, string source, string? keyA = null, string? keyB = null) =>
        new(StableId.Of(kind, ruleId, keyA ?? a.Code ?? a.Label.ToLowerInvariant(), keyB ?? b?.Label.ToLowerInvariant()), kind, severity, a, b, ruleId, mechanism, advice, source);

    private int SubstanceIdOrAdd(string name)
    {
        if (substanceByName.TryGetValue(name, out var id))
        {
            return id;
        }

        id = substances.Count;
        substances.Add(new Substance(id, name, [], []));
        substanceByName[name] = id;
        unknownSubstances.Add(name);
        return id;
    }

    private sealed record Item(MedicineOrder Order, Product? Product, int[] SubstanceIds, AlertItem Display, string Key, ulong DuplicateMask, bool IsDraft);
}
