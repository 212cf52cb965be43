/// A calendar date without a time zone (proleptic Gregorian), which is all a water model's
/// time steps need. Kept free of Foundation's `Calendar` so stepping is exact and fast.
public struct CivilDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD` or `YYYY-MM` (day 1); returns nil when the text is not a real date.
    /// Reads the UTF-8 bytes directly: series files carry one date per row, and a 30-year daily
    /// record read by twenty parameters is 200,000 dates (splitting strings made that most of a
    /// Pywr model's load time).
    public init?(parsing text: some StringProtocol) {
        guard let (y, m, d) = Self.fields(text.utf8) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// The same from UTF-8 bytes (a cell of a table read as bytes), without making a String.
    /// A concrete slice, not a generic collection: a generic public initializer is not
    /// specialised across modules, and walking the bytes through witness tables cost more than
    /// the String it saves.
    public init?(utf8 bytes: ArraySlice<UInt8>) {
        guard let (y, m, d) = Self.fields(bytes) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// Year, month and day of `YYYY-MM-DD` or `YYYY-MM` (four, two and two ASCII digits), or nil.
    static func fields<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> (Int, Int, Int)? {
        var digits = (0, 0, 0), count = (0, 0, 0), field = 0
        for b in bytes {
            if b == UInt8(ascii: "-") {
                field += 1
                guard field <= 2 else { return nil }
                continue
            }
            guard b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") else { return nil }
            let v = Int(b &- UInt8(ascii: "0"))
            // A field longer than its width is refused here, before a long run of digits can
            // overflow the accumulator (a fuzzed date of twenty digits trapped).
            switch field {
            case 0: guard count.0 < 4 else { return nil }; digits.0 = digits.0 * 10 + v; count.0 += 1
            case 1: guard count.1 < 2 else { return nil }; digits.1 = digits.1 * 10 + v; count.1 += 1
            default: guard count.2 < 2 else { return nil }; digits.2 = digits.2 * 10 + v; count.2 += 1
            }
        }
        guard count.0 == 4, count.1 == 2, field == 1 || count.2 == 2 else { return nil }
        let day = field == 2 ? digits.2 : 1
        // Years 0001–9999, as the model file's reference says: 0000 ran (found from outside).
        guard digits.0 >= 1, (1...12).contains(digits.1), day >= 1, day <= daysIn(month: digits.1, year: digits.0) else { return nil }
        return (digits.0, digits.1, day)
    }

    public static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    public var daysInMonth: Int { CivilDate.daysIn(month: month, year: year) }

    /// Days since 1970-01-01 (negative before), from Howard Hinnant's `days_from_civil`.
    public var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public init(dayNumber z0: Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.init(year: yoe + era * 400 + (m <= 2 ? 1 : 0), month: m, day: d)
    }

    public func adding(days: Int) -> CivilDate { CivilDate(dayNumber: dayNumber + days) }

    /// The first day of the next month.
    public var startOfNextMonth: CivilDate {
        month == 12 ? CivilDate(year: year + 1, month: 1, day: 1) : CivilDate(year: year, month: month + 1, day: 1)
    }

    /// Day of the year, 1-based (1 January = 1).
    public var dayOfYear: Int { dayNumber - CivilDate(year: year, month: 1, day: 1).dayNumber + 1 }

    public static func < (a: CivilDate, b: CivilDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    public var description: String {
        let y = String(year), m = month < 10 ? "0\(month)" : "\(month)", d = day < 10 ? "0\(day)" : "\(day)"
        return "\(String(repeating: "0", count: max(0, 4 - y.count)))\(y)-\(m)-\(d)"
    }
}
