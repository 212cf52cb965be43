import Foundation
import Testing
import AralSchema
import AralModel

/// A header that names a column twice: the first was taken without a word, in model series and
/// in plan forecasts alike (found from outside). Trace files already refused it.
@Suite("CSV columns named twice")
struct CSVDuplicateColumnTests {
    @Test("a series from a column named twice is refused, naming both columns")
    func refused() throws {
        let dir = NSTemporaryDirectory() + "aral-dupcol-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "date,naryn,chirchik, naryn\n2000-01-01,1,2,3\n2000-02-01,4,5,6\n".write(toFile: dir + "/h.csv", atomically: true, encoding: .utf8)
        let source = CSVSeriesSource(baseDirectory: dir)
        #expect(throws: ModelFileError.self) { try source.series(file: "h.csv", column: "naryn") }
        do { _ = try source.series(file: "h.csv", column: "naryn") } catch let error as ModelFileError {
            #expect(error.issues.first?.message.contains("names column 'naryn' 2 times (columns 2, 4)") == true, "\(error)")
        }
        #expect(try source.series(file: "h.csv", column: "chirchik").values.count == 2)
    }
}
