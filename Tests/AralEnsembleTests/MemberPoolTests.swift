import Foundation
import Testing
import AralEnsemble

/// The pool that runs ensemble members (a Pywr model's scenario combinations) on every core.
@Suite("MemberPool")
struct MemberPoolTests {
    @Test("results come back in member order whatever order the members finish in")
    func order() async throws {
        var seen: [Int] = []
        // Early members take longest, so they finish after later ones.
        try await MemberPool.run(count: 12, workers: 4, member: { i in
            Thread.sleep(forTimeInterval: Double(12 - i) * 0.002)
            return i * i
        }, consume: { i, value in
            #expect(value == i * i)
            seen.append(i)
        })
        #expect(seen == Array(0..<12))
    }

    @Test("a failure stops the pool and names the member")
    func failure() async {
        struct Boom: Error {}
        do {
            try await MemberPool.run(count: 50, workers: 2, member: { i in
                if i == 3 { throw Boom() }
                return i
            }, consume: { _, _ in })
            Issue.record("the pool should have thrown")
        } catch let failure as MemberPool.MemberFailure {
            #expect(failure.member == 3)
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }
}
