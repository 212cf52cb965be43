import Testing
import Foundation
import AralEnsemble
import AralModel

/// The synthetic inflow record of `aral hydrology synthesize`: reproducible, keeps the stated
/// means and shapes, honours forced years, and rejects a bad spec with its key path.
@Suite("Synthetic inflow record")
struct SyntheticRecordTests {
    /// Volumes are rebuilt from rounded-free m³/s; this relative error is allowed.
    static let volumeTolerance = 1e-9

    static func spec(forced: [String: Double]? = nil, share: [Double]? = nil) throws -> SyntheticRecordSpec {
        let yaml = """
        start: "2000-01"
        years: 10
        seed: 7
        crossCorrelation: 0.8
        monthlyNoise: 0.1
        inflows:
          - {name: a, meanAnnualKm3: 12.0, cv: 0.2, lag1: 0.3, monthlyShare: [\((share ?? Array(repeating: 1.0 / 12, count: 12)).map { "\($0)" }.joined(separator: ", "))]}
          - {name: b, meanAnnualKm3: 3.0, cv: 0.3, lag1: 0.0, monthlyShare: [0, 0, 0, 0.5, 0.5, 0, 0, 0, 0, 0, 0, 0]}
        variants:
          dry: {volumeFactor: 0.5, peakShiftMonths: 1}
        """
        let path = (NSTemporaryDirectory() as NSString).appendingPathComponent("spec-\(UUID().uuidString).yaml")
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        var spec = try SyntheticRecordSpec.load(path: path)
        spec.forcedYears = forced
        return spec
    }

    @Test("The same seed gives the same record; the mean is kept exactly")
    func reproducibleAndMean() throws {
        let one = try SyntheticRecord.generate(try Self.spec())
        let two = try SyntheticRecord.generate(try Self.spec())
        #expect(one.values == two.values)
        #expect(one.dates.count == 120)
        #expect(abs(one.meanAnnualKm3(0) / 12.0 - 1) < Self.volumeTolerance)
        #expect(abs(one.meanAnnualKm3(1) / 3.0 - 1) < Self.volumeTolerance)
        // b flows only in April and May.
        for (t, date) in one.dates.enumerated() where ![4, 5].contains(date.month) { #expect(one.values[1][t] == 0) }
    }

    @Test("A forced year has exactly the stated fraction of the mean")
    func forcedYear() throws {
        let record = try SyntheticRecord.generate(try Self.spec(forced: ["2004": 0.5]))
        var volume = 0.0
        for (t, date) in record.dates.enumerated() where date.year == 2004 {
            volume += record.values[0][t] * Double(date.daysInMonth) * 86_400 / 1e9
        }
        #expect(abs(volume / 6.0 - 1) < Self.volumeTolerance)   // 0.5 × 12 km³
        #expect(abs(record.meanAnnualKm3(0) / 12.0 - 1) < Self.volumeTolerance)
    }

    @Test("A variant scales the volume and moves the peak earlier")
    func variant() throws {
        let record = try SyntheticRecord.generate(try Self.spec(), variant: "dry")
        #expect(abs(record.meanAnnualKm3(1) / 1.5 - 1) < Self.volumeTolerance)
        // b's April–May water moves one month earlier: March–April.
        for (t, date) in record.dates.enumerated() where ![3, 4].contains(date.month) { #expect(record.values[1][t] == 0) }
    }

    @Test("A bad spec names the key")
    func badSpec() throws {
        let spec = try Self.spec(share: [0.5, 0.5, 0.5, 0, 0, 0, 0, 0, 0, 0, 0, 0])
        do {
            _ = try SyntheticRecord.generate(spec)
            Issue.record("shares summing to 1.5 were accepted")
        } catch {
            #expect(error.path == "inflows[0].monthlyShare")
            #expect(error.message.contains("sum to 1.5"))
        }
    }

    @Test("A peak shift beyond a year is refused with its key, not trapped")
    func hugeShift() throws {
        var spec = try Self.spec()
        spec.variants?["dry"]?.peakShiftMonths = 1e29
        do {
            _ = try SyntheticRecord.generate(spec, variant: "dry")
            Issue.record("a shift of 1e29 months was accepted")
        } catch {
            #expect(error.path == "variants.dry.peakShiftMonths")
            #expect(error.message.contains("between -12 and 12"))
        }
    }

    /// `years: 100000000000000` asked for 800 TB at once and aborted (found from outside).
    @Test("A record longer than the bound is refused before anything is allocated")
    func tooManyYears() throws {
        var spec = try Self.spec()
        spec.years = 100_000_000_000_000
        do {
            _ = try SyntheticRecord.generate(spec)
            Issue.record("10^14 years were accepted")
        } catch {
            #expect(error.path == "years")
            #expect(error.message.contains("at most \(SyntheticRecord.mostYears) years"))
        }
    }

    /// `seed: -5` was refused as "Expected to decode UInt64 but found Scalar instead."
    @Test("A spec's type mistakes are located and say what was found")
    func typeMistake() throws {
        let path = (NSTemporaryDirectory() as NSString).appendingPathComponent("spec-\(UUID().uuidString).yaml")
        try "start: \"2000-01\"\nyears: 10\nseed: -5\ncrossCorrelation: 0.8\nmonthlyNoise: 0.1\ninflows: []\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            _ = try SyntheticRecordSpec.load(path: path)
            Issue.record("a negative seed was accepted")
        } catch {
            #expect(error.description.contains(":3:") && error.description.contains("seed: expected a whole number ≥ 0, found '-5'"), "\(error)")
        }
    }
}
