import Foundation
import Testing
import AralModel
import AralPlanning
import AralWorkflows

/// The one plan renderer: what `aral plan --report` writes and what the dashboard embeds.
@Suite("Plan report HTML")
struct PlanReportHTMLTests {
    static func report() throws -> PlanReport {
        try PlanWorkflow.plan(try PlanWorkflow.inputs(.init(source: .file(path: Fixtures.path(PlanWorkflowTests.relative)),
                                                            from: PlanWorkflowTests.from, to: PlanWorkflowTests.to))).report
    }

    /// Rows of the table with class `cssClass` (its `<tr>` inside `<tbody>`).
    static func rows(_ html: String, table cssClass: String) -> Int {
        guard let start = html.range(of: "<table class=\"\(cssClass)\">"),
              let end = html.range(of: "</table>", range: start.upperBound..<html.endIndex) else { return -1 }
        return html[start.upperBound..<end.lowerBound].components(separatedBy: "<tr>").count - 2
    }

    @Test("every party and every obligation of the plan is a row; the page embeds the sections whole")
    func rowsFollowTheReport() throws {
        let report = try Self.report()
        let exchange = try #require(report.exchange)
        #expect(!exchange.obligations.isEmpty)
        let sections = PlanReportHTML.sections(report)
        #expect(Self.rows(sections, table: "plan-parties") == report.parties.count)
        #expect(Self.rows(sections, table: "obligations") == exchange.obligations.count)
        #expect(sections.contains("Value of cooperation") == (report.cooperation != nil))
        #expect(sections.components(separatedBy: "<svg").count - 1 == PlanReportHTML.charts(report).count)
        let page = PlanReportHTML.document(report)
        #expect(page.hasPrefix("<!DOCTYPE html>"))
        #expect(page.contains(sections))
        #expect(!page.contains("<script"))
    }

    @Test("names from the model are escaped in tables and charts")
    func escapesUserText() throws {
        var report = try Self.report()
        let hostile = "<script>alert(1)</script>"
        report.model = hostile
        report.parties[0].party = hostile
        report.reservoirs[0].name = hostile
        let page = PlanReportHTML.document(report)
        #expect(!page.contains(hostile))
        #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
    }
}
