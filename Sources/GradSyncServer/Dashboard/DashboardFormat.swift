import Foundation

/// Numbers and times as the employment office writes them.
enum DashboardFormat {
    /// A count with thousands separators, e.g. `12,345`.
    static func count(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out += "," }
            out.append(digit)
        }
        return value < 0 ? "-" + out : out
    }

    /// A share from 0 to 1 as a percentage with two decimals, e.g. `93.25%`.
    static func percent(_ share: Double) -> String {
        let hundredths = Int((share * 10_000).rounded())
        let fraction = hundredths % 100
        return "\(count(hundredths / 100)).\(fraction < 10 ? "0" : "")\(fraction)%"
    }

    /// Unix milliseconds as Beijing time, `2026-06-01 08:00:00` (the office's clock, whatever the server's zone).
    ///
    /// Beijing keeps UTC+8 all year, so this is arithmetic on the proleptic Gregorian calendar: a record page shows
    /// a time per history row, and a `Calendar` per call was a large part of the page's cost.
    static func time(_ milliseconds: UInt64) -> String {
        let seconds = Int64(milliseconds / 1000) + 8 * 3600
        let days = seconds / 86_400, second = seconds % 86_400
        // Days since 1970-01-01 to a civil date (H. Hinnant's `civil_from_days`, for days ≥ 0).
        let shifted = days + 719_468
        let era = shifted / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(year)-\(two(month))-\(two(day)) \(two(second / 3600)):\(two(second / 60 % 60)):\(two(second % 60))"
    }

    /// A clock offset in minutes with its direction, e.g. `快 12.5 分钟` or `慢 0.2 分钟`.
    static func offset(_ milliseconds: Int64) -> String {
        let minutes = String(format: "%.1f", Double(milliseconds.magnitude) / 60_000)
        return milliseconds >= 0 ? "快 \(minutes) 分钟" : "慢 \(minutes) 分钟"
    }
}
