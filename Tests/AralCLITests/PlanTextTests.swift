import Foundation
import Testing

/// `aral plan --exchange` as a user reads it: the upstream table shows what the compensation
/// rests on — the energy value the upstream state loses and the winter energy owed for it —
/// beside the forgone energy, the same figures `--json` carries (they were in the JSON only).
@Suite("aral plan --exchange: the text table", .enabled(if: AralProcess.binary != nil, "skipped: the aral executable was not found"))
struct PlanTextTests {
    @Test("the upstream rows show the energy value lost and the compensation, equal to --json's")
    func compensationColumns() throws {
        let dir = try AralProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let model = AralProcess.packageRoot.appendingPathComponent("examples/plan-exchange.yaml").path
        let args = ["plan", model, "--from", "2000-01-01", "--to", "2000-12-31", "--exchange", "--obligations", "o.json"]
        let text = try AralProcess.run(args, in: dir)
        #expect(text.status == 0, "\(text.stderr)")
        let json = try AralProcess.run(args + ["--json"], in: dir)
        #expect(json.status == 0, "\(json.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let upstream = ((report?["exchange"] as? [String: Any])?["upstream"] as? [[String: Any]]) ?? []
        #expect(!upstream.isEmpty, "no upstream state in the example's exchange")
        let lines = text.stdout.split(separator: "\n").map(String.init)
        let at = try #require(lines.firstIndex { $0.hasPrefix("upstream ") }, "\(text.stdout)")
        let header = lines[at], table = lines[(at + 2)...].prefix { !$0.hasPrefix("downstream") }
        #expect(header.contains("energy value lost") && header.contains("compensation MWh"), "\(header)")
        for up in upstream {
            let party = try #require(up["party"] as? String)
            let row = try #require(table.first { $0.hasPrefix(party + " ") }, "no row for \(party)")
            let cells = row.split(separator: " ").map(String.init)
            let lost = try #require(up["energyValueLost"] as? Double), owed = try #require(up["compensationMWh"] as? Double)
            #expect(cells.suffix(2) == [String(format: "%.0f", lost), String(format: "%.0f", owed)], "\(row) against \(lost), \(owed)")
        }
    }
}
