import Testing
import AralSchema

/// A reservoir's volume table must span its storage bounds: above its last point (or below its
/// first) levels and areas were extrapolated from the end segments without a word.
@Suite("Volume tables span the storage")
struct VolumeTableSpanTests {
    static func model(volumes: String) -> String {
        """
        timestepper: {start: 2001-01-01, end: 2001-12-31, step: monthly}
        nodes:
          - {name: river, kind: inflow, flow: 10}
          - name: dam
            kind: reservoir
            maxVolume: 100
            minVolume: 10
            table: {volume: \(volumes), level: [0, 5, 9, 12]}
          - {name: sea, kind: sink}
        edges: [[river, dam], [dam, sea]]
        """
    }

    static func issues(_ volumes: String) -> [FileIssue] {
        let text = model(volumes: volumes)
        do {
            let document = try ModelLoader.decode(text, file: "m.yaml")
            _ = try ModelLoader.compile(document, text: text, file: "m.yaml")
            return []
        } catch {
            return error.issues
        }
    }

    @Test("a table from minVolume (or below) to maxVolume (or above) compiles")
    func spanning() {
        #expect(Self.issues("[10, 40, 70, 100]").isEmpty)
        #expect(Self.issues("[0, 40, 70, 120]").isEmpty)
    }

    @Test("a table ending below maxVolume is refused at its last point, with its line")
    func endsLow() throws {
        let issues = Self.issues("[10, 40, 70, 90]")
        let issue = try #require(issues.first)
        #expect(issues.count == 1)
        #expect(issue.path == "nodes[1].table.volume[3]")
        #expect(issue.line == 8)
        #expect(issue.message.contains("ends at 90 Mm³, below maxVolume 100"))
    }

    @Test("a table starting above minVolume is refused at its first point")
    func startsHigh() throws {
        let issues = Self.issues("[20, 40, 70, 100]")
        let issue = try #require(issues.first)
        #expect(issues.count == 1)
        #expect(issue.path == "nodes[1].table.volume[0]")
        #expect(issue.message.contains("starts at 20 Mm³, above minVolume 10"))
    }
}
