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
    static func time(_ milliseconds: UInt64) -> String {
        let date = Date(timeIntervalSince1970: Double(milliseconds) / 1000)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 8 * 3600)!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ value: Int?) -> String { String(format: "%02d", value ?? 0) }
        return "\(parts.year ?? 0)-\(two(parts.month))-\(two(parts.day)) \(two(parts.hour)):\(two(parts.minute)):\(two(parts.second))"
    }

    /// A clock offset in minutes with its direction, e.g. `快 12.5 分钟` or `慢 0.2 分钟`.
    static func offset(_ milliseconds: Int64) -> String {
        let minutes = String(format: "%.1f", Double(milliseconds.magnitude) / 60_000)
        return milliseconds >= 0 ? "快 \(minutes) 分钟" : "慢 \(minutes) 分钟"
    }
}
