import Foundation
import Testing
import AralWorkflows

/// The generated part of docs/validation.md keeps the two lists of issue 15 apart: validation
/// rows above "Calibrated to", calibration targets and inputs below it, parameters moved last.
@Suite("The hindcast validation table")
struct HindcastTableTests {
    @Test("Validation rows, calibration rows and moved parameters land in their own sections")
    func sectionsApart() throws {
        let report = try HindcastWorkflow.evaluate(model: Fixtures.path("models/amu-darya.yaml"))
        let text = HindcastTable.markdown([report])
        let calibrated = try #require(text.range(of: "### Calibrated to"))
        let moved = try #require(text.range(of: "### Parameters moved"))
        let validationPart = text[..<calibrated.lowerBound]
        let calibrationPart = text[calibrated.upperBound..<moved.lowerBound]
        let rows = report.rows
        #expect(rows.contains { $0.comparison.role == .validation })
        #expect(rows.contains { $0.comparison.role == .calibration })
        for row in rows {
            // A row is identified by its what and period cells.
            let cells = "| \(row.comparison.what) | \(row.comparison.period) |"
            switch row.comparison.role {
            case .validation:
                #expect(validationPart.contains(cells), "validation row \(cells) missing above 'Calibrated to'")
                #expect(!calibrationPart.contains(cells), "validation row \(cells) listed as calibration")
            case .calibration:
                #expect(calibrationPart.contains(cells), "calibration row \(cells) missing below 'Calibrated to'")
                #expect(!validationPart.contains(cells), "calibration row \(cells) listed as validation")
            }
        }
        for input in report.inputs { #expect(calibrationPart.contains("- \(input)")) }
        for move in report.parameterMoves { #expect(text[moved.upperBound...].contains(move.parameter)) }
    }

    @Test("Only the years asked for are evaluated")
    func yearFilter() throws {
        let report = try HindcastWorkflow.evaluate(model: Fixtures.path("models/amu-darya.yaml"), years: [2024])
        #expect(!report.rows.isEmpty)
        for row in report.rows {
            guard case .hindcast(let year) = row.comparison.run else {
                Issue.record("\(row.comparison.what) is not a hindcast row")
                continue
            }
            #expect(year == 2024)
        }
    }
}
