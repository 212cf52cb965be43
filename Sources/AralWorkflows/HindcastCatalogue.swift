/// What a basin's hindcasts compare, kept as data: one list per basin, so a basin's comparisons
/// are added (or its calibration moved) in one place and the table and the tests read the same.
///
/// `inputs` are figures fed to the model (scaled inflows, starting storages, limits): they are
/// on the calibration list by definition and are never compared. `comparisons` holds both
/// calibration targets (reported) and validation figures (with a tolerance, guarded by tests).
public struct HindcastCatalogue: Sendable {
    /// The model's `name:` (`amu-darya`), which finds the catalogue from a model file.
    public var basin: String
    /// Years with observed inputs in `models/hindcasts/BASIN-YEAR.yaml`.
    public var years: [Int]
    /// The period a hindcast year runs over, in words.
    public var periodText: String
    /// First and last month of a hindcast year, as `YYYY-MM-DD` (the run's timestepper).
    public var period: @Sendable (Int) -> (start: String, end: String)
    public var inputs: [String]
    public var comparisons: [HindcastComparison]
    public var parameterMoves: [ParameterMove]

    public init(basin: String, years: [Int], periodText: String,
                period: @escaping @Sendable (Int) -> (start: String, end: String),
                inputs: [String], comparisons: [HindcastComparison], parameterMoves: [ParameterMove]) {
        self.basin = basin
        self.years = years
        self.periodText = periodText
        self.period = period
        self.inputs = inputs
        self.comparisons = comparisons
        self.parameterMoves = parameterMoves
    }

    /// Every basin with hindcasts, in table order.
    public static let all: [HindcastCatalogue] = [.amuDarya, .syrDarya]

    public static func named(_ basin: String) -> HindcastCatalogue? { all.first { $0.basin == basin } }

    /// The growing (vegetation) season, April–September, as months.
    public static let growingMonths = Array(4...9)
    public static let allMonths = Array(1...12)

    /// A calendar year, January to December.
    @Sendable public static func calendarYear(_ year: Int) -> (start: String, end: String) {
        ("\(year)-01-01", "\(year)-12-31")
    }
}
