import Foundation
import Testing

/// `aral hydrology check` prints a figure only where enough values stand behind it: one trace
/// of one month printed February–December's mean, deviation and lag-1 as 0.00 (found from outside).
@Suite("hydrology check: figures without values")
struct HydrologyCheckCommandTests {
    @Test("a trace of one month has January's mean and nothing else; the JSON says null, the table '–'")
    func oneMonth() throws {
        let dir = try AralProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let history = AralProcess.packageRoot.appendingPathComponent("models/hydrology/syr-darya.csv").path
        let header = "trace,date,naryn,naryn-lateral,karadarya,chirchik,fergana-small-rivers,akhangaran,keles,arys"
        try "\(header)\n0,2000-01-01,150,20,30,80,120,14,12,30\n".write(to: dir.appendingPathComponent("one.csv"), atomically: true, encoding: .utf8)
        let json = try AralProcess.run(["hydrology", "check", "--history", history, "--traces", "one.csv", "--json"], in: dir)
        #expect(json.status == 0, "\(json.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let sites = try #require(report["sites"] as? [[String: Any]])
        let january = try #require(sites.first { $0["site"] as? String == "naryn" && $0["month"] as? Int == 1 })
        let february = try #require(sites.first { $0["site"] as? String == "naryn" && $0["month"] as? Int == 2 })
        #expect(january["meanTraces"] as? Double == 150)
        #expect(january["sdTraces"] is NSNull && january["lag1Traces"] is NSNull)
        #expect(february["meanTraces"] is NSNull)
        #expect(february["meanHistory"] as? Double != nil)
        let text = try AralProcess.run(["hydrology", "check", "--history", history, "--traces", "one.csv"], in: dir)
        let line = try #require(text.stdout.split(separator: "\n").first { $0.hasPrefix("naryn ") && $0.contains(" Feb ") })
        #expect(line.contains("–") && !line.contains("0.00 "), "\(line)")
    }
}
