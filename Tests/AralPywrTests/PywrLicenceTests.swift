import Foundation
import Testing
import AralPywr

/// Pywr's licences (licences.json: daily steps from 2015-12-20; licences_weekly.json: 7-day
/// steps from 2015-11-02). Each demand's max_flow is its licence; `gate` caps what all the
/// demands share (`cap`, one value per step), taken in order of cost: a, b, c, d.
@Suite("Pywr licences")
struct PywrLicenceTests {
    @Test("annuallicense spreads what is left over the year's remaining days and resets on 1 January")
    func annual() throws {
        let r = try PywrFixtures.run("licences.json")
        // 20 Dec 2015 is day 354: 12 days left → 100 / 12. Cap 5 → a uses 5; 21 Dec: 95 / 11.
        // 1 Jan 2016 (step 12): reset to 100 (less 0 days × the previous flow) over 366 days.
        let annual = r.recorded("annual_rec")
        #expect(matches([annual[0], annual[1], annual[12]], [100.0 / 12, 95.0 / 11, 100.0 / 366]))
        // a takes the cap (5, then 1.5) while the licence allows more.
        #expect(matches(r.flow("a", at: [0, 1, 12]), [5, 1.5, 100.0 / 366]))
    }

    @Test("storagelicense is spent by the node's flow × days and never resets")
    func storage() throws {
        let r = try PywrFixtures.run("licences.json")
        let remaining = r.recorded("storage_rec")
        // Until 1 Jan a takes the whole cap and b nothing: 30 is left. On 1 Jan (step 12) a takes
        // 100/366 of the cap 1 and b the rest, so 30 − (1 − 100/366) is left on 2 Jan.
        #expect(matches([remaining[0], remaining[12], remaining[13]], [30, 30, 30 - (1 - 100.0 / 366)]))
        #expect(matches(r.flow("b", at: [12]), [1 - 100.0 / 366]))
    }

    @Test("the exponential and hyperbola licences are functions of the ratio x to the even rate")
    func exponentialAndHyperbola() throws {
        let r = try PywrFixtures.run("licences.json")
        let exponential = r.recorded("exponential_rec"), hyperbola = r.recorded("hyperbola_rec")
        // 20 Dec: 365 left over 12 days against an even 365/365 a day: x = 365/12.
        // 1 Jan: reset, 365/366 a day against 365/366: x = 1.
        let x0 = 365.0 / 12
        #expect(matches([exponential[0], exponential[12]], [5 * exp(-x0 / 2), 5 * exp(-0.5)]))
        #expect(matches([hyperbola[0], hyperbola[12]], [2 / x0, 2]))
    }

    @Test("on weekly steps the annual reset subtracts the days since 1 January at the previous rate")
    func weeklyReset() throws {
        let r = try PywrFixtures.run("licences_weekly.json")
        // Step 9 starts on 4 Jan 2016 (day 4): 100 − 3 × 0.25 (a's flow in step 8, capped at 0.25)
        // = 99.25 over 366 − 3 days.
        #expect(matches(r.flow("a", at: [9]), [99.25 / 363]))
    }
}
