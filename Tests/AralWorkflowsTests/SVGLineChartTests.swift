import Foundation
import Testing
import AralWorkflows

/// Line charts draw each series at its own dates and a single step as a point (found from
/// outside: the compare page stretched a 24-month run over another's 30 years, and a one-step
/// run's charts were empty).
@Suite("SVG line charts")
struct SVGLineChartTests {
    static func polylines(_ svg: String) -> [[Double]] {
        svg.components(separatedBy: "points=\"").dropFirst().map { rest in
            let points = rest.prefix { $0 != "\"" }
            return points.split(separator: " ").compactMap { Double($0.split(separator: ",")[0]) }
        }
    }

    @Test("a series with positions starts at its first date, not at the chart's")
    func positions() throws {
        let svg = SVG.lineChart(title: "t", unit: "u", dates: ["2000-01-01", "2000-02-01", "2000-03-01", "2000-04-01"],
                                lines: [SVG.Line(label: "A", values: [1, 2, 3, 4]),
                                        SVG.Line(label: "B", values: [5, 6], positions: [2, 3])])
        let lines = Self.polylines(svg)
        #expect(lines.count == 2)
        let a = try #require(lines.first), b = try #require(lines.last)
        #expect(b.count == 2)
        #expect(abs(b[0] - a[2]) < 0.01 && abs(b[1] - a[3]) < 0.01, "\(a) \(b)")
    }

    @Test("a single step is drawn as a point")
    func onePoint() {
        let svg = SVG.lineChart(title: "t", unit: "u", dates: ["2000-01-01"], lines: [SVG.Line(label: "A", values: [3])])
        #expect(svg.contains("<circle"))
    }
}
