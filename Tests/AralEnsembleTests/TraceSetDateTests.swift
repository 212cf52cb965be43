import Foundation
import Testing
import AralModel
@testable import AralEnsemble

/// `TraceSet.parse` reads each later trace's date cells by comparing them with trace 0's
/// (issue 18: parsing every date of 1,000 traces was most of the time of reading them). These
/// tests pin that every trace's dates are still checked as before: a cell written otherwise is
/// still parsed, and a wrong date in a later trace is still reported at its line.
@Suite("Trace files: every trace's dates are checked")
struct TraceSetDateTests {
    static func read(_ text: String) throws -> TraceSet {
        let path = try temporaryDirectory().appendingPathComponent("t.csv").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return try TraceSet.read(path: path)
    }

    @Test("a later trace may write its dates otherwise (blanks, a time) and reads the same")
    func otherSpellings() throws {
        let set = try Self.read("""
        trace,date,a
        0,2000-01-01,1
        0,2000-02-01,2
        1, 2000-01-01,3
        1,2000-02-01T00:00,4

        """)
        #expect(set.count == 2 && set.months == 2 && set.start == CivilDate(year: 2000, month: 1, day: 1))
        #expect(set.values == [1, 2, 3, 4])
    }

    @Test("a gap in a later trace is reported at its line")
    func gapInLaterTrace() throws {
        #expect {
            try Self.read("trace,date,a\n0,2000-01-01,1\n0,2000-02-01,2\n0,2000-03-01,3\n1,2000-01-01,4\n1,2000-03-01,5\n1,2000-04-01,6\n")
        } throws: { e in
            let error = e as? EnsembleError
            return error?.line == 6 && error?.message.contains("expected 2000-02-01") == true
        }
    }

    @Test("a later trace that starts on another month is reported at its line")
    func laterTraceStartsElsewhere() throws {
        #expect {
            try Self.read("trace,date,a\n0,2000-01-01,1\n0,2000-02-01,2\n1,2000-02-01,3\n1,2000-03-01,4\n")
        } throws: { e in
            let error = e as? EnsembleError
            return error?.line == 4 && error?.message.contains("starts on 2000-02-01") == true
        }
    }

    @Test("a later trace that repeats a month of trace 0 in the wrong place is reported")
    func repeatedMonth() throws {
        #expect {
            try Self.read("trace,date,a\n0,2000-01-01,1\n0,2000-02-01,2\n1,2000-01-01,3\n1,2000-01-01,4\n")
        } throws: { e in
            (e as? EnsembleError)?.line == 5
        }
    }

    @Test("a file whose first row is not trace 0 says so, and not that it follows trace -1")
    func firstRowNotTraceZero() throws {
        #expect {
            try Self.read("trace,date,a\n1,2000-01-01,1\n1,2000-02-01,2\n0,2000-01-01,3\n")
        } throws: { e in
            let error = e as? EnsembleError
            return error?.line == 2 && error?.message.contains("the first row is trace 1") == true
                && error?.message.contains("-1") == false
        }
    }

    @Test("a value beyond any river's flow is refused at its line and site")
    func hugeValue() throws {
        #expect {
            try Self.read("trace,date,a\n0,2000-01-01,1\n0,2000-02-01,1e308\n")
        } throws: { e in
            let error = e as? EnsembleError
            return error?.line == 3 && error?.message.contains("beyond any river's flow") == true
        }
    }

    @Test("a directory given as traces is named as one, not 'not found or unreadable'")
    func directory() throws {
        let dir = try temporaryDirectory()
        #expect {
            try TraceSet.read(path: dir.path)
        } throws: { e in
            (e as? EnsembleError)?.message.contains("is a directory, not a file") == true
        }
    }
}
