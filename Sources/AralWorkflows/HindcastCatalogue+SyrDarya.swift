/// The Syr Darya's comparisons (issue 15), read from the model's own 1990–2019 run and its
/// `dry-year` scenario. Its hindcast years (Toktogul, Andijan and Charvak inflows of 2021, 2023,
/// 2024) are not set up yet: `years` is empty until `models/hindcasts/syr-darya-YEAR.yaml` exist.
/// DATA = ../shared/data/aral-basin-data.yaml.
extension HindcastCatalogue {
    /// North Aral inflow after the Kokaral dam: 46.6 km³ in 19 years, 2.45 km³/yr; the issue's
    /// band 1.5–3.5 km³/yr over the model's years after 2005.
    public static let northAralBand = (low: 1.5, high: 3.5)
    /// A dry year must cut at least one state below this fraction of its growing-season limit.
    public static let dryYearCut = 0.90

    /// The Chirchik at Chinaz: mean annual flow within ±15%, shape correlation at least 0.8.
    public static let chirchikVolumeTolerance = 0.15
    public static let chirchikShapeCorrelation = 0.8
    static let chirchikSource = "Uzbek HydroMet gauge 16275 (models/observed/chirchik-monthly.csv, chirchik_chinaz)"
    static let chirchikNote = "modelled: the chirchik-mouth link; the gauge is regulated flow"

    /// The Chirchik at Chinaz in the model: the `chirchik-mouth` link (below Charvak, the
    /// Tashkent withdrawals and their return), against the gauge's record kept beside the models.
    static func chirchikAtChinaz(_ statistic: HindcastComparison.GaugeMeasure.Statistic) -> HindcastComparison.GaugeMeasure {
        HindcastComparison.GaugeMeasure(csv: "observed/chirchik-monthly.csv", column: "chirchik_chinaz",
                                        terms: [.init("chirchik-mouth", 1)],
                                        from: 1990, to: 2010, statistic: statistic)
    }

    public static let syrDarya = HindcastCatalogue(
        basin: "syr-darya",
        years: [],
        periodText: "the model's 1990–2019 monthly run (synthetic hydrology); no hindcast years yet",
        period: calendarYear,
        inputs: [],
        comparisons: [
            HindcastComparison(what: "Chirchik at Chinaz, mean annual flow", period: "calendar years 1990–2010 (model ∩ gauge)",
                               observed: 0, unit: "km³/yr", source: chirchikSource, role: .validation, run: .model(scenarios: []),
                               measure: .gauge(chirchikAtChinaz(.meanAnnualKm3)), tolerance: .relative(chirchikVolumeTolerance),
                               note: chirchikNote),
            HindcastComparison(what: "Chirchik at Chinaz, correlation of mean monthly shapes", period: "calendar years 1990–2010 (model ∩ gauge)",
                               observed: chirchikShapeCorrelation, unit: "", source: chirchikSource, role: .validation, run: .model(scenarios: []),
                               measure: .gauge(chirchikAtChinaz(.monthlyShapeCorrelation)), tolerance: .atLeast(chirchikShapeCorrelation),
                               note: chirchikNote),
            HindcastComparison(what: "North Aral inflow, mean after 2005", period: "calendar years 2006–2019 (model)",
                               observed: 46.6 / 19, unit: "km³/yr",
                               source: "DATA:quotas.environmental_flows_and_aral.north_aral_from_syr_darya (46.6 km³ since the Kokaral dam, 19 years)",
                               role: .validation, run: .model(scenarios: []),
                               measure: .meanAnnualKm3(element: "north-aral", from: 2006, to: 2019),
                               tolerance: .range(low: northAralBand.low, high: northAralBand.high),
                               note: "the Syr Darya inputs are not scaled to it"),
            HindcastComparison(what: "Dry year: lowest state growing-season delivery / limit", period: "Apr–Sep, mean of 1990–2019 (dry-year scenario)",
                               observed: dryYearCut, unit: "",
                               source: "issue 15 (DATA:quotas.bilateral_rules: limits cut in dry years)",
                               role: .validation, run: .model(scenarios: ["dry-year"]),
                               measure: .lowestGrowingDeliveryRatio, tolerance: .below(dryYearCut)),
            HindcastComparison(what: "Toktogul storage on 1 April", period: "1 April 2008", observed: 6.56, unit: "km³",
                               source: "DATA:nodes.toktogul.storage_on_1_april_km3 (24.kg)", role: .calibration,
                               run: .model(scenarios: []), measure: .aprilStorageKm3(reservoir: "toktogul", year: 2008), tolerance: .reported,
                               note: "no observed Naryn record for 2007–09: the drought factors are tuned to it"),
            HindcastComparison(what: "Toktogul storage on 1 April", period: "1 April 2009", observed: 6.42, unit: "km³",
                               source: "DATA:nodes.toktogul.storage_on_1_april_km3 (24.kg)", role: .calibration,
                               run: .model(scenarios: []), measure: .aprilStorageKm3(reservoir: "toktogul", year: 2009), tolerance: .reported,
                               note: "no observed Naryn record for 2007–09: the drought factors are tuned to it"),
        ],
        parameterMoves: [
            ParameterMove(parameter: "kairakkum.ruleCurve.abovePenalty (models/syr-darya.yaml)", from: "none (only storage below the curve cost)",
                          to: "2",
                          reason: "the run held Kairakkum at 3.8–4.03 km³ all year; the 1999/2000 deals fill it to 3,418 Mm³ by 31 May and draw it down in June–September (DATA:exchanges.syr_darya_framework_1998.uz_tj_kairakkum_deals; issue 14)"),
        ])
}
