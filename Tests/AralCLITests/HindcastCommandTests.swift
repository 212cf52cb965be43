import Foundation
import Testing

/// `aral hindcast` end to end through the real executable (issue 15): one observed year as JSON,
/// the table of docs/validation.md, and a year without observed inputs.
@Suite("aral hindcast", .enabled(if: AralProcess.binary != nil, "skipped: the aral executable was not found"))
struct HindcastCommandTests {
    @Test("--year 2024 --json reports only 2024's hindcast rows, each with a role and a modelled figure")
    func oneYearJSON() throws {
        let r = try AralProcess.run(["hindcast", "models/amu-darya.yaml", "--year", "2024", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let reports = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        #expect(reports.count == 1)
        let rows = try #require(reports.first?["rows"] as? [[String: Any]])
        #expect(!rows.isEmpty)
        for row in rows {
            let comparison = try #require(row["comparison"] as? [String: Any])
            #expect(["calibration", "validation"].contains(comparison["role"] as? String ?? ""))
            #expect(row["modelled"] is Double)
            #expect((comparison["period"] as? String ?? "").contains("2024"), "\(comparison)")
        }
    }

    @Test("--table prints both lists and the parameters moved")
    func table() throws {
        let r = try AralProcess.run(["hindcast", "--table", "models/amu-darya.yaml"])
        #expect(r.status == 0, "\(r.stderr)")
        for heading in ["### Validated against", "### Calibrated to", "### Parameters moved"] {
            #expect(r.stdout.contains(heading), "\(heading) missing")
        }
    }

    @Test("A year without observed inputs fails, naming the model and the years there are")
    func unknownYear() throws {
        let r = try AralProcess.run(["hindcast", "models/amu-darya.yaml", "--year", "2022"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("models/amu-darya.yaml"), "\(r.stderr)")
        #expect(r.stderr.contains("2021, 2023, 2024"), "\(r.stderr)")
    }
}
